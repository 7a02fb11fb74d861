#pragma once

#include "core/api/json.h"
#include "core/apiserver/request.h"
#include "core/base/status.h"

namespace k8slab::apiserver {

/// The HTTP code upstream answers for a status code.
int httpCode(StatusCode code);
/// A meta/v1 Status object for an error (or success), as upstream writes it.
api::Json statusObject(const Status &status);
/// An error response carrying the Status object.
ApiResponse errorResponse(const Status &status);
/// A JSON response.
ApiResponse jsonResponse(int code, const api::Json &body);
/// A JSON response for a write: it carries the store revision the object's
/// resourceVersion names, so the front-end answers once that revision is durable.
ApiResponse writtenResponse(int code, const api::Json &object);

/// NotFound for a named object: `deployments.apps "web" not found`.
Status notFoundStatus(const std::string &groupResource, const std::string &group, const std::string &name);
/// AlreadyExists: `pods "web" already exists`.
Status alreadyExistsStatus(const std::string &groupResource, const std::string &group, const std::string &name);
/// Conflict: `Operation cannot be fulfilled on deployments.apps "web": the object has been modified; ...`.
Status conflictStatus(const std::string &groupResource, const std::string &group, const std::string &name);
/// Invalid: `Pod "x" is invalid: <causes>`, details.kind = the Kind, as kubectl formats it.
Status invalidStatus(const std::string &kind, const std::string &group, const std::string &name,
                     std::vector<StatusCause> causes);

} // namespace k8slab::apiserver
