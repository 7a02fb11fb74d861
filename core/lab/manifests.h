#pragma once

#include "core/base/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver {
class ApiServer;
struct ResourceInfo;
}

namespace k8slab::lab {

/// Creates every object of a YAML stream through the API (as `kubectl create -f` does:
/// the same request path, defaulting, validation and admission), under user agent
/// `who`. Stops at the first error, which names the object.
Status createManifests(apiserver::ApiServer &api, std::string_view yaml, const std::string &who = "k8slab");

/// How kubectl names an object in its messages: "deployment.apps/web", "pod/nginx".
std::string kubectlName(const apiserver::ResourceInfo &info, const std::string &name);

/// What a manifest did to one object, as kubectl says it: "deployment.apps/web configured".
struct ManifestResult {
    /// kubectl's name of the object: "deployment.apps/web".
    std::string object;
    /// created, configured or deleted.
    std::string verb;
};

/// Applies a YAML stream through the API as `kubectl apply` would for the lab: each object
/// is created, or — when it exists — updated with a merge patch of what was written. Each
/// object is a user's action of its own (a root of the trace). Stops at the first error,
/// which keeps the API's field causes; `failedDocument` (when given) gets the index of the
/// document that failed.
Result<std::vector<ManifestResult>> applyManifests(apiserver::ApiServer &api, std::string_view yaml, const std::string &who,
                                                   std::size_t *failedDocument = nullptr);

/// Deletes every object a YAML stream names (background propagation), as `kubectl delete -f`.
Result<std::vector<ManifestResult>> deleteManifests(apiserver::ApiServer &api, std::string_view yaml, const std::string &who,
                                                    std::size_t *failedDocument = nullptr);

} // namespace k8slab::lab
