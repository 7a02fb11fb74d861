#pragma once

#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <string>

namespace k8slab::controllers {

/// The Endpoints controller (the legacy v1 Endpoints): for each Service with a
/// selector, one Endpoints object of the same name listing the selected pods' IPs —
/// Ready pods under addresses, the others under notReadyAddresses (terminating pods
/// only with publishNotReadyAddresses) — with each Service port resolved against the
/// pod (named target ports too), regrouped as upstream's RepackSubsets does, and at
/// most 1,000 addresses (the rest cut, annotated over-capacity).
class EndpointsController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    EndpointsController(client::Client &client, client::InformerFactory &informers);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void sync(const std::string &key);

    client::Client &m_client;
    client::Informer &m_services;
    client::Informer &m_pods;
    client::Informer &m_endpoints;
    client::WorkQueue m_queue;
};

/// The subsets of a Service's Endpoints for `pods` (upstream's computation and RepackSubsets).
api::Json endpointSubsets(const api::Json &service, const std::vector<const api::Json *> &pods);

} // namespace k8slab::controllers
