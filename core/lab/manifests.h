#pragma once

#include "core/base/status.h"

#include <string_view>

namespace k8slab::apiserver {
class ApiServer;
}

namespace k8slab::lab {

/// Creates every object of a YAML stream through the API (as `kubectl create -f` does:
/// the same request path, defaulting, validation and admission), under user agent
/// `who`. Stops at the first error, which names the object.
Status createManifests(apiserver::ApiServer &api, std::string_view yaml, const std::string &who = "k8slab");

} // namespace k8slab::lab
