#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::api {

/// The fields JSON text sets twice in one object, as paths in the notation of
/// Kubernetes' strict decoding errors ("metadata.name", "spec.containers[0].image"), in
/// the order the second occurrences appear. JSON itself allows a repeated key (the last
/// wins); the API server's strict field validation refuses it. Empty for invalid JSON.
std::vector<std::string> duplicateFields(std::string_view text);

} // namespace k8slab::api
