#pragma once

// Objects seen through their schema, as server-side apply sees them: the set of fields
// an object sets, what changed between two versions, the merge of an applied
// configuration into a live object, and removing fields. Lists merge as their list type
// says (schema_merge.h); kinds the lab has no schema for are walked by their JSON shape
// (objects by key, lists whole).

#include "core/api/json.h"
#include "core/apiserver/field_set.h"
#include "core/base/result.h"

#include <string_view>

namespace k8slab::apiserver::typed {

/// The kind an object is of, for the walks below.
struct ObjectType {
    std::string_view apiVersion;
    std::string_view kind;
};

/// The fields an object sets (upstream's ToFieldSet): every scalar, every atomic value,
/// every item of a set or associative list (as a path of its own and by its fields),
/// every key of a map, and each empty or null value.
FieldSet fieldsOf(const api::Json &object, ObjectType type);

/// What changed from `before` to `after`. Structures that are Go values (spec, status, a
/// pod template) count as present even when absent, as in upstream's decoded objects: a
/// create compared against {} adds their fields, not the structures themselves.
struct Comparison {
    FieldSet added;    ///< in `after` only (a new structure or item is a path of its own too)
    FieldSet modified; ///< scalars and atomic values that differ
    FieldSet removed;  ///< in `before` only
};
/// Compares two versions of an object field by field.
Comparison compare(const api::Json &before, const api::Json &after, ObjectType type);

/// `config` merged into `live`: structures and maps merge key by key, associative lists
/// and sets item by item (shared items keep the configuration's order), everything else
/// (scalars, atomic lists and structures) takes the configuration's value.
api::Json merge(const api::Json &live, const api::Json &config, ObjectType type);

/// Removes from `object` every path of `set` (a structure field or map key, a list item);
/// a removed path takes everything below it.
void removeFields(api::Json &object, const FieldSet &set, ObjectType type);

/// Problems a configuration has as a typed object, in upstream's words and paths:
/// `.spec.replicass: field not declared in schema`, `.spec.template.spec.containers:
/// duplicate entries for key [name="web"]`, an associative list item without its key
/// fields. Empty when it is well formed.
std::vector<std::string> configurationProblems(const api::Json &config, ObjectType type);

} // namespace k8slab::apiserver::typed
