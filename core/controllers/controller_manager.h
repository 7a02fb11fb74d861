#pragma once

#include "core/base/status.h"

#include <memory>
#include <vector>

namespace k8slab::apiserver {
class ApiServer;
}

namespace k8slab::controllers {

class GarbageCollector;
class NamespaceController;

/// kube-controller-manager: starts the lab's controllers, each with its own client
/// (user agent "kube-controller-manager/<controller>") so the trace says who acted.
/// More controllers join with the controllers issue.
class ControllerManager {
public:
    /// Controllers acting on `api`.
    explicit ControllerManager(apiserver::ApiServer &api);
    ~ControllerManager();

    /// Starts every controller.
    Status start();

private:
    struct Parts;
    std::unique_ptr<Parts> m_parts;
};

} // namespace k8slab::controllers
