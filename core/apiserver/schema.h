#pragma once

#include "core/api/json.h"
#include "core/base/status.h"

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver {

/// Paths of fields in `object` that the type of (apiVersion, kind) does not define, in upstream's
/// strict-decoding notation: "spec.containers[0].imagee", "metadata.labelz". Empty for unknown kinds
/// (nothing to check) and for valid objects. apiVersion/kind/metadata/spec/status/data... as the kind has them.
/// Maps with arbitrary keys (labels, data, resources.limits) and free-form fields (a ControllerRevision's
/// data, managedFields[].fieldsV1) accept anything below them. Values are not type-checked here.
std::vector<std::string> unknownFields(std::string_view apiVersion, std::string_view kind, const api::Json &object);

/// Decodes `object` against the type of (apiVersion, kind) as Go's encoding/json would:
/// every known field must hold its type (a string where a string is, whole numbers for
/// integers, objects for structures and maps, arrays for lists); null fits anything, and
/// a null structure, list or map is dropped (Go decodes it to nothing and leaves it out
/// again; a null scalar or Time stays, as Go writes a zero Time back as null). BadRequest with upstream's words for the first value that does not fit:
/// `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go
/// struct field ObjectMeta.metadata.labels of type map[string]string`. Integer fields
/// are named int64 (upstream says int32 or int64, as the Go field is). Unknown kinds
/// and unknown fields pass (unknownFields() is for the latter).
Status checkTypes(std::string_view apiVersion, std::string_view kind, api::Json &object);

/// The OpenAPI v3 components.schemas object for one group/version ("" for core, "v1"), each kind's
/// schema carrying "x-kubernetes-group-version-kind" (an array of one {group,version,kind}), a
/// description, "type":"object" and properties down to leaf types; shared structures (ObjectMeta,
/// PodSpec, Container, LabelSelector, ...) as separate named schemas referenced with "$ref":
/// "#/components/schemas/<name>" (names like "io.k8s.api.core.v1.PodSpec",
/// "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"). As in upstream's documents, a property
/// wraps its reference as {"allOf":[{"$ref":...}],"description":...} so it keeps its own
/// description; Time, MicroTime, Quantity and IntOrString are named leaf schemas too. Kinds
/// reached through a subresource of the group/version (autoscaling/v1 Scale for deployments/scale)
/// are included. Empty for a group/version the lab does not define.
api::Json openApiSchemas(std::string_view group, std::string_view version);

} // namespace k8slab::apiserver
