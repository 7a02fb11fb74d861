#pragma once

// How server-side apply merges the built-in kinds: the facts upstream writes as Go
// markers on its types (+listType, +listMapKey, +structType, +mapType) and that its
// OpenAPI publishes as x-kubernetes-list-type and friends. The lab's type tables
// (schema_types.h) describe shapes; this file adds the merge semantics on top.
// Internal to core/apiserver.

#include <string_view>
#include <vector>

namespace k8slab::apiserver::schema {

/// How a list merges.
enum class ListType : unsigned char {
    Atomic, ///< replaced as a whole (upstream's default: command, args, tolerations, taints)
    Set,    ///< scalars merged as a set, each value owned on its own (finalizers)
    Map,    ///< objects merged by their key fields, each item owned on its own (containers by name)
};

/// One key field of an associative list, with the value an item that leaves it out
/// has (upstream defaults `protocol` to TCP before it compares ports).
struct ListKey {
    std::string_view name;
    std::string_view defaultValue; ///< empty: no default
};

/// How a list field of a structure merges.
struct ListSemantics {
    ListType type = ListType::Atomic;
    std::vector<ListKey> keys; ///< Map only
};

/// The list semantics of `field` in the structure named `structure`
/// ("io.k8s.api.core.v1.PodSpec", "containers"): Atomic unless the tables say otherwise.
ListSemantics listSemantics(std::string_view structure, std::string_view field);

/// True when a structure is replaced as a whole and owned as one field
/// (+structType=atomic: LabelSelector, NodeSelector, ObjectReference, ...).
bool atomicStructure(std::string_view structure);

/// True when a map field is replaced as a whole (+mapType=atomic: a Service's selector).
bool atomicMap(std::string_view structure, std::string_view field);

/// True when a structure field is a Go value (not a pointer), so the zero object already
/// holds it (spec, status, a pod template): creating an object does not "add" it.
bool valueStructure(std::string_view structure, std::string_view field);

/// Every (structure, field) the tables name, for a test that they all exist.
std::vector<std::pair<std::string_view, std::string_view>> mergeRuleFields();

} // namespace k8slab::apiserver::schema
