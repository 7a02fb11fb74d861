#pragma once

#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <string>

namespace k8slab::controllers {

/// The EndpointSlice controller: for each Service with a selector, discovery.k8s.io/v1
/// EndpointSlices (generateName "<service>-", labelled kubernetes.io/service-name and
/// managed-by endpointslice-controller.k8s.io, owned by the Service) holding at most
/// 100 endpoints each. Every pod with an IP is an endpoint — terminating ones too —
/// with the conditions ready (serving and not terminating, or publishNotReadyAddresses),
/// serving (pod Ready) and terminating, its node, zone and targetRef. Pods whose
/// ports resolve differently go to different slices. Like upstream, a sync keeps
/// endpoints in the slice they are in, fills slices that have room before making
/// new ones, and deletes slices that are left empty.
class EndpointSliceController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    EndpointSliceController(client::Client &client, client::InformerFactory &informers, std::size_t maxPerSlice = 100);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void sync(const std::string &key);

    client::Client &m_client;
    client::Informer &m_services;
    client::Informer &m_pods;
    client::Informer &m_nodes;
    client::Informer &m_slices;
    client::WorkQueue m_queue;
    std::size_t m_maxPerSlice;
};

} // namespace k8slab::controllers
