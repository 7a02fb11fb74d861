#pragma once

#include "core/api/json.h"
#include "core/apiserver/request.h"
#include "core/apiserver/resource_registry.h"

#include <optional>
#include <vector>

namespace k8slab::apiserver {

/// Serves the non-resource paths: /version, legacy discovery (/api, /api/v1, /apis,
/// /apis/<group>, /apis/<group>/<version>), OpenAPI v3 (/openapi/v3 and the group
/// documents, generated from the registry) and the health endpoints. Returns nothing
/// for any other path.
/// An APIGroup's body (name, versions, preferred version) as discovery lists it.
api::Json apiGroupJson(const GroupVersions &group);

/// `aggregated` are the groups served behind the API server (listed in /apis after the
/// built-in ones).
std::optional<ApiResponse> handleDiscovery(const ApiRequest &request, const std::vector<GroupVersions> &aggregated = {});

} // namespace k8slab::apiserver
