#pragma once

// Field ownership (metadata.managedFields) and server-side apply, as upstream's field
// manager keeps them: every write records which manager set which fields; an apply
// merges the manager's configuration, removes the fields it stopped applying, and
// refuses to change fields another manager owns unless forced.

#include "core/api/json.h"
#include "core/apiserver/field_set.h"
#include "core/apiserver/typed_fields.h"
#include "core/base/result.h"

#include <string>
#include <vector>

namespace k8slab::apiserver {

/// One entry of metadata.managedFields.
struct ManagedFieldsEntry {
    std::string manager;     ///< "kubectl", "kube-controller-manager", "kubelet", ...
    std::string operation;   ///< "Apply" or "Update"
    std::string apiVersion;  ///< the version the fields are named in
    std::string subresource; ///< "status", "scale" or "" for the object itself
    std::string time;        ///< when the manager last changed the object
    FieldSet fields;

    /// True for the same owner: manager, operation and subresource, and for updates the
    /// same apiVersion (an applier is one owner whatever version it applies).
    [[nodiscard]] bool sameOwner(const ManagedFieldsEntry &other) const;
    /// How upstream names the owner in a conflict: `"kubectl" with subresource "scale" using apps/v1`.
    [[nodiscard]] std::string describe() const;
};

/// The entries of a managedFields list; BadRequest when one is malformed.
Result<std::vector<ManagedFieldsEntry>> decodeManagedFields(const api::Json &list);
/// The managedFields list of entries, as upstream orders it (appliers first, then by
/// time, manager, apiVersion and subresource); entries owning nothing are left out.
api::Json encodeManagedFields(std::vector<ManagedFieldsEntry> entries);

/// Who is writing.
struct FieldOwner {
    std::string manager;     ///< the fieldManager parameter, else the User-Agent's product
    std::string subresource; ///< "status", "scale" or ""
    std::string now;         ///< the time stamp to record
};

/// The manager a request writes as: its fieldManager, else what precedes the first "/"
/// of its User-Agent ("kubectl" for "kubectl/v1.32.4 (linux/amd64) ..."), printable
/// characters only, at most 128 bytes.
std::string managerOf(const std::string &fieldManager, const std::string &userAgent);

/// What is wrong with a fieldManager parameter, as upstream's ValidateFieldManager says
/// it (at most 128 bytes, printable characters only); empty when nothing is.
std::vector<StatusCause> fieldManagerProblems(const std::string &fieldManager);

/// Records a write that is not an apply (create, update, patch) in next's managedFields:
/// the fields that changed from `live` (nullptr: a create) now belong to `owner` and to no
/// one else. `next` may carry managedFields of its own that replace live's (an empty list,
/// or a list of one empty entry, clears them) — except through a subresource.
void recordUpdate(const api::Json *live, api::Json &next, const FieldOwner &owner, typed::ObjectType type);

/// Options of an apply.
struct ApplyOptions {
    FieldOwner owner;
    bool force = false;        ///< take fields other managers own
    bool ignoreStatus = false; ///< the status is the status subresource's (not applied here)
};

/// Server-side apply of `config` onto `live` (nullptr: the object does not exist yet):
/// the merged object carrying its new managedFields, or a Conflict listing the fields
/// other managers own whose values the configuration would change.
Result<api::Json> applyConfiguration(const api::Json *live, const api::Json &config, const ApplyOptions &options,
                                     typed::ObjectType type);

} // namespace k8slab::apiserver
