#include "core/controllers/controller_manager.h"

#include "core/base/version.h"
#include "core/client/client.h"
#include "core/controllers/garbage_collector.h"
#include "core/controllers/namespace_controller.h"

namespace k8slab::controllers {

struct ControllerManager::Parts {
    explicit Parts(apiserver::ApiServer &api)
        : gcClient(api, "kube-controller-manager/garbage-collector"), nsClient(api, "kube-controller-manager/namespace"),
          gc(gcClient), namespaces(nsClient)
    {
    }
    client::Client gcClient;
    client::Client nsClient;
    GarbageCollector gc;
    NamespaceController namespaces;
};

ControllerManager::ControllerManager(apiserver::ApiServer &api) : m_parts(std::make_unique<Parts>(api))
{
}

ControllerManager::~ControllerManager() = default;

Status ControllerManager::start()
{
    if (Status s = m_parts->gc.start(); !s.ok())
        return s;
    return m_parts->namespaces.start();
}

} // namespace k8slab::controllers
