#pragma once

#include "core/base/status.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace k8slab::apiserver {
class ApiServer;
}

namespace k8slab::controllers {

/// How kube-controller-manager runs (its command-line flags, in the lab's terms).
struct ControllerManagerOptions {
    /// Controllers not to run, by upstream's names ("deployment", "replicaset",
    /// "endpointslice", ...) — like `--controllers=*,-deployment`.
    std::set<std::string> disabled;
    /// Each controller's API client may send this many requests a second (upstream's
    /// --kube-api-qps, default 20) ...
    double qps = 20;
    /// ... with bursts of this many (--kube-api-burst, default 30).
    int burst = 30;

    /// Applies upstream's --controllers syntax: a comma-separated list where "*" means
    /// every controller, "name" enables one and "-name" disables one ("*,-job").
    /// An unknown name is an error and changes nothing.
    Status setControllers(const std::string &flag);
};

/// kube-controller-manager: runs the lab's controllers, each with its own client
/// (user agent "kube-controller-manager/<controller>", so the trace says who acted, and
/// its own QPS limit as upstream gives each controller its own client), all reading
/// from one set of shared informers.
class ControllerManager {
public:
    /// Controllers acting on `api`.
    explicit ControllerManager(apiserver::ApiServer &api, ControllerManagerOptions options = {});
    ~ControllerManager();

    /// Starts every enabled controller, then the shared informers.
    Status start();

    /// Every controller the lab has, by upstream's names.
    static const std::vector<std::string> &knownControllers();
    /// Checks that the names are known; an error naming the first unknown one otherwise.
    static Status checkNames(const std::set<std::string> &names);

private:
    struct Parts;
    std::unique_ptr<Parts> m_parts;
};

} // namespace k8slab::controllers
