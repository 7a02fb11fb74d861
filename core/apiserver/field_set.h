#pragma once

// A set of field paths, the unit of ownership in server-side apply: which fields of an
// object one manager set. Stored in metadata.managedFields[].fieldsV1.

#include "core/api/json.h"
#include "core/base/result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver {

/// A path element, spelled as FieldsV1 spells it:
/// "f:spec" (a field of a structure or a key of a map), `k:{"name":"nginx"}` (the item of
/// an associative list with these key values), `v:"foreground"` (a value of a set list),
/// "i:2" (an item by position).
using PathElement = std::string;
/// A path from the object's root, e.g. {"f:spec", "f:replicas"}.
using FieldPath = std::vector<PathElement>;

/// "f:" + the field name.
PathElement fieldElement(std::string_view name);
/// "k:" + the key fields and their values as compact JSON (keys sorted).
PathElement keyElement(const api::Json &keys);
/// "v:" + the value as compact JSON.
PathElement valueElement(const api::Json &value);

/// A set of field paths, held as a trie: each node says whether the path leading to it
/// is in the set, and holds the nodes below it by path element.
class FieldSet {
public:
    /// Adds a path.
    void insert(const FieldPath &path);
    /// True when the path is in the set.
    [[nodiscard]] bool has(const FieldPath &path) const;
    /// True when no path is in the set.
    [[nodiscard]] bool empty() const;
    /// True when the path leading to this node is in the set (FieldsV1's ".").
    [[nodiscard]] bool member() const { return m_member; }
    /// Marks the path leading to this node as in the set, or not.
    void setMember(bool member) { m_member = member; }
    /// The node below this one for an element (created when missing).
    FieldSet &child(const PathElement &element) { return m_children[element]; }
    /// The node below this one for an element, or nullptr.
    [[nodiscard]] const FieldSet *find(const PathElement &element) const;
    /// The nodes below this one, by element.
    [[nodiscard]] const std::map<PathElement, FieldSet> &children() const { return m_children; }

    /// Paths in this set or in `other`.
    [[nodiscard]] FieldSet united(const FieldSet &other) const;
    /// Paths in this set but not in `other`.
    [[nodiscard]] FieldSet without(const FieldSet &other) const;
    /// Paths in both sets.
    [[nodiscard]] FieldSet common(const FieldSet &other) const;
    /// Paths in this set that are neither in `other` nor below one of its paths.
    [[nodiscard]] FieldSet withoutSubtrees(const FieldSet &other) const;
    /// The same set with every "f:" node counted as a path of its own: a structure field
    /// is part of the set when anything below it is (upstream's EnsureNamedFieldsAreMembers).
    [[nodiscard]] FieldSet withNamedFields() const;
    /// Every path of the set, in element order.
    [[nodiscard]] std::vector<FieldPath> paths() const;

    /// The set a FieldsV1 object describes; BadRequest when it is not one.
    static Result<FieldSet> fromFieldsV1(const api::Json &fields);
    /// The FieldsV1 object of the set ("." marks a node that is a path of its own).
    [[nodiscard]] api::Json toFieldsV1() const;

    /// Sets compare by their paths.
    bool operator==(const FieldSet &other) const = default;

private:
    void collect(FieldPath &prefix, std::vector<FieldPath> &out) const;
    void prune();

    bool m_member = false;
    std::map<PathElement, FieldSet> m_children;
};

/// A path as upstream prints it in conflicts: `.spec.template.spec.containers[name="web"].image`,
/// `.metadata.finalizers[="x"]`, `.spec.ports[port=80,protocol="TCP"]`.
std::string describePath(const FieldPath &path);

} // namespace k8slab::apiserver
