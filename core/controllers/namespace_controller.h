#pragma once

#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

namespace k8slab::controllers {

/// The namespace controller of kube-controller-manager: empties a namespace that is
/// being deleted (every namespaced resource in it), then removes the "kubernetes"
/// finalizer through /finalize so the namespace itself goes.
class NamespaceController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    NamespaceController(client::Client &client, client::InformerFactory &informers);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void sync(const std::string &name);

    client::Client &m_client;
    client::Informer &m_namespaces;
    client::WorkQueue m_queue;
};

} // namespace k8slab::controllers
