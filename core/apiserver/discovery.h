#pragma once

#include "core/apiserver/request.h"

#include <optional>

namespace k8slab::apiserver {

/// Serves the non-resource paths: /version, legacy discovery (/api, /api/v1, /apis,
/// /apis/<group>, /apis/<group>/<version>), OpenAPI v3 (/openapi/v3 and the group
/// documents, generated from the registry) and the health endpoints. Returns nothing
/// for any other path.
std::optional<ApiResponse> handleDiscovery(const ApiRequest &request);

} // namespace k8slab::apiserver
