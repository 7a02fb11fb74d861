#pragma once

#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <string>

namespace k8slab::controllers {

/// The ServiceAccount controller: every active namespace has a ServiceAccount named
/// "default" — created with the namespace, and created again if someone deletes it.
class ServiceAccountController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    ServiceAccountController(client::Client &client, client::InformerFactory &informers);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void sync(const std::string &ns);

    client::Client &m_client;
    client::Informer &m_namespaces;
    client::Informer &m_accounts;
    client::WorkQueue m_queue;
};

} // namespace k8slab::controllers
