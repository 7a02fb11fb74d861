#pragma once

#include <nlohmann/json.hpp>

namespace k8slab::api {

/// The lab's one JSON type: Kubernetes objects are held as JSON values, unknown
/// fields preserved; typed views read only what they need.
using Json = nlohmann::json;

} // namespace k8slab::api
