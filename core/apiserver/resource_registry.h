#pragma once

#include "core/api/json.h"
#include "core/base/status.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver {

/// A subresource of a resource (pods/status, deployments/scale, pods/eviction).
struct SubresourceInfo {
    /// The subresource's name ("status", "scale", "binding", "log", "eviction").
    std::string name;
    /// The kind it takes and returns; group/version empty when the parent's.
    std::string group;
    /// The version of that kind (empty: the parent's).
    std::string version;
    /// e.g. "Scale" for deployments/scale, "Eviction" for pods/eviction.
    std::string kind;
    /// The verbs it supports.
    std::vector<std::string> verbs;
};

/// Everything the API server knows about one resource of one group/version. Discovery,
/// routing, storage keys, defaulting hooks and printing all derive from this entry.
struct ResourceInfo {
    /// The API group; empty for the core group.
    std::string group;
    /// The version, e.g. "v1".
    std::string version;
    /// The kind, e.g. "Deployment".
    std::string kind;
    /// The plural resource name used in URLs, e.g. "deployments".
    std::string plural;
    /// The singular name, e.g. "deployment".
    std::string singular;
    /// Short names for kubectl, e.g. {"deploy"}.
    std::vector<std::string> shortNames;
    /// Categories, e.g. {"all"}.
    std::vector<std::string> categories;
    /// True when objects live in a namespace.
    bool namespaced = true;
    /// The verbs the resource supports.
    std::vector<std::string> verbs;
    /// Its subresources.
    std::vector<SubresourceInfo> subresources;
    /// True when the kind keeps metadata.generation (1 on create, +1 per spec change).
    bool tracksGeneration = false;
    /// Field selectors beyond metadata.name/metadata.namespace, in upstream's names.
    std::vector<std::string> fieldSelectors;

    /// For a version that is not the one stored: the stored version's entry, and the
    /// conversions between the two (the API server converts at its edges; inside it
    /// works on the stored version only).
    const ResourceInfo *storage = nullptr;
    /// Converts an object of this version to the stored version.
    std::function<api::Json(api::Json)> toStorage;
    /// Converts an object of the stored version to this version.
    std::function<api::Json(api::Json)> fromStorage;

    /// The entry whose version is stored (this one unless `storage` is set).
    [[nodiscard]] const ResourceInfo &stored() const { return storage ? *storage : *this; }
    /// "apps/v1", or "v1" for the core group.
    [[nodiscard]] std::string apiVersion() const { return group.empty() ? version : group + "/" + version; }
    /// "deployments.apps", or "pods" for the core group: the name upstream's messages use.
    [[nodiscard]] std::string groupResource() const { return group.empty() ? plural : plural + "." + group; }
    /// The key prefix its objects are stored under, e.g. "/registry/deployments.apps/".
    [[nodiscard]] std::string storagePrefix() const { return "/registry/" + stored().groupResource() + "/"; }
    /// True when the resource supports `verb` ("list", "watch", ...), as discovery says.
    [[nodiscard]] bool supports(std::string_view verb) const;
    /// The subresource of that name, or null.
    [[nodiscard]] const SubresourceInfo *subresource(std::string_view name) const;
};

/// A group and its versions, the preferred one first.
struct GroupVersions {
    /// The group name ("" for core).
    std::string group;
    /// Its versions, preferred first.
    std::vector<std::string> versions;
};

/// The table of resources the API server serves. Adding a kind is one entry here
/// (plus its defaulting, validation and printer, each in its own table).
class ResourceRegistry {
public:
    /// Adds a resource; refuses a duplicate group/version/plural or kind.
    Status add(ResourceInfo info);
    /// The resource with this group, version and plural, or null.
    [[nodiscard]] const ResourceInfo *find(std::string_view group, std::string_view version,
                                           std::string_view plural) const;
    /// The resource for an apiVersion ("apps/v1") and kind, or null.
    [[nodiscard]] const ResourceInfo *findKind(std::string_view apiVersion, std::string_view kind) const;
    /// All resources of one group/version, in registration order.
    [[nodiscard]] std::vector<const ResourceInfo *> resources(std::string_view group, std::string_view version) const;
    /// The groups in registration order with their versions, preferred first (core excluded).
    [[nodiscard]] std::vector<GroupVersions> groups() const;
    /// Every resource.
    [[nodiscard]] const std::vector<std::unique_ptr<ResourceInfo>> &all() const { return m_resources; }

private:
    std::vector<std::unique_ptr<ResourceInfo>> m_resources;
};

/// The built-in resources of Kubernetes v1.32 that the lab serves.
const ResourceRegistry &builtinResources();

} // namespace k8slab::apiserver
