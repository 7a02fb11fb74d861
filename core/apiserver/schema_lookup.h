#pragma once

// Finding the lab's type definitions (schema_types.h) by name, by kind and by field.
// Internal to core/apiserver: strict decoding, OpenAPI and server-side apply all read
// the same tables through these.

#include "core/apiserver/schema_types.h"

#include <string_view>
#include <vector>

namespace k8slab::apiserver::schema {

/// The structure with this schema name ("io.k8s.api.core.v1.PodSpec"), or nullptr.
const TypeDef *findType(std::string_view name);
/// The top-level kind of a group and version ("" for core), or nullptr.
const TypeDef *findKind(std::string_view group, std::string_view version, std::string_view kind);
/// The top-level kind of an apiVersion ("apps/v1", "v1"), or nullptr.
const TypeDef *findKind(std::string_view apiVersion, std::string_view kind);
/// The field of a structure with this JSON name, or nullptr.
const FieldDef *findField(const TypeDef &type, std::string_view name);
/// Every top-level kind the tables define.
const std::vector<const TypeDef *> &allKinds();

} // namespace k8slab::apiserver::schema
