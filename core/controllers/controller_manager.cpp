#include "core/controllers/controller_manager.h"

#include "core/base/version.h"
#include "core/client/client.h"
#include "core/controllers/garbage_collector.h"
#include "core/controllers/namespace_controller.h"
#include "core/controllers/replicaset_controller.h"

namespace k8slab::controllers {

struct ControllerManager::Parts {
    explicit Parts(apiserver::ApiServer &api)
        : gcClient(api, "kube-controller-manager/garbage-collector"), nsClient(api, "kube-controller-manager/namespace"),
          rsClient(api, "kube-controller-manager/replicaset"), gc(gcClient), namespaces(nsClient), replicaSets(rsClient)
    {
    }
    client::Client gcClient;
    client::Client nsClient;
    client::Client rsClient;
    GarbageCollector gc;
    NamespaceController namespaces;
    ReplicaSetController replicaSets;
};

ControllerManager::ControllerManager(apiserver::ApiServer &api) : m_parts(std::make_unique<Parts>(api))
{
}

ControllerManager::~ControllerManager() = default;

Status ControllerManager::start()
{
    if (Status s = m_parts->gc.start(); !s.ok())
        return s;
    if (Status s = m_parts->namespaces.start(); !s.ok())
        return s;
    return m_parts->replicaSets.start();
}

} // namespace k8slab::controllers
