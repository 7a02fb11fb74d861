#pragma once

#include "core/api/json.h"
#include "core/apiserver/request.h"

#include <functional>
#include <string>
#include <vector>

namespace k8slab::apiserver {

/// An API group served by another server behind the API server, as kube-aggregator
/// proxies it (metrics-server's metrics.k8s.io). It is reachable — in discovery and
/// for requests — while the APIService "<version>.<group>" exists and is Available,
/// so deleting the APIService takes the group away, as upstream.
struct AggregatedApi {
    std::string group;   ///< "metrics.k8s.io"
    std::string version; ///< "v1beta1"
    /// One resource it serves (read-only: get and list).
    struct Resource {
        std::string name;     ///< plural
        std::string singular; ///< singular
        std::string kind;     ///< kind
        bool namespaced = false;
    };
    std::vector<Resource> resources; ///< What discovery lists.
    /// The Service the APIService names ("kube-system", "metrics-server").
    std::string serviceNamespace;
    std::string serviceName; ///< The Service's name.
    /// Answers a GET of `resource` (`name` empty: a list; `ns` empty: every namespace).
    std::function<ApiResponse(const ApiRequest &request, const std::string &ns, const std::string &resource,
                              const std::string &name)>
        handler;

    /// The APIService's name: "<version>.<group>".
    [[nodiscard]] std::string apiServiceName() const { return version + "." + group; }
};

/// The APIService objects a cluster has for its built-in group versions ("v1.",
/// "v1.apps", …): served locally, always available.
std::vector<api::Json> localApiServices();
/// The APIService registering `api` (Available: the lab's server is in-process).
api::Json aggregatedApiService(const AggregatedApi &api);

} // namespace k8slab::apiserver
