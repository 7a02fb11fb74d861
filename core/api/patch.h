#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <string_view>

namespace k8slab::api {

/// Applies an RFC 7386 JSON merge patch (application/merge-patch+json): objects merge
/// recursively, null deletes a key, everything else (lists included) replaces.
Result<Json> applyMergePatch(const Json &target, const Json &patch);

/// Applies an RFC 6902 JSON patch (application/json-patch+json): add, remove,
/// replace, move, copy, test, with RFC 6901 pointers ("~0", "~1", "-" for append).
/// A failing operation (missing path, failed test) gives an Invalid status and the
/// target is unchanged.
Result<Json> applyJsonPatch(const Json &target, const Json &patch);

/// Applies a Kubernetes strategic merge patch (application/strategic-merge-patch+json)
/// to an object of the given built-in kind ("Pod", "Deployment", ...). Lists with a
/// patch merge key merge by key; "$patch": "delete" | "replace" | "merge";
/// "$setElementOrder/<list>"; "$deleteFromPrimitiveList/<list>"; "$retainKeys";
/// primitive lists with the merge strategy (finalizers) take the union; all other
/// lists are replaced. Pod templates inside workloads use the Pod's rules.
Result<Json> applyStrategicMergePatch(const Json &target, const Json &patch, std::string_view kind);

} // namespace k8slab::api
