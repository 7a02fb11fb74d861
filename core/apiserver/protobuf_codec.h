#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver {

/// Decodes a Kubernetes Protobuf request body (Content-Type
/// application/vnd.kubernetes.protobuf), as kubectl >= 1.32 sends for its typed-client
/// writes (`create namespace|configmap|secret|serviceaccount|service|deployment|job|
/// cronjob|pdb|priorityclass|quota`, `auth can-i [--list]`, `auth whoami`), into the JSON object the same request would have
/// carried as JSON: camelCase names, Go's omitempty, Time as RFC 3339 (null when zero),
/// Quantity as its string, IntOrString as a number or a string, "apiVersion" and "kind"
/// set from the envelope.
///
/// The body is the 4 magic bytes "k8s\0" and a runtime.Unknown envelope whose raw bytes
/// are the object. Fails with BadRequest, saying why, when the magic is wrong, the bytes
/// are malformed, the kind is not one of supportedProtobufKinds(), or the object carries
/// a field this decoder does not know (rather than silently dropping it).
Result<api::Json> decodeProtobufObject(std::string_view body);

/// The kinds decodeProtobufObject() reads, as "apiVersion kind" ("apps/v1 Deployment").
std::vector<std::string> supportedProtobufKinds();

} // namespace k8slab::apiserver
