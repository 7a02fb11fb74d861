#include "core/apiserver/resource_registry.h"

#include <algorithm>

namespace k8slab::apiserver {

bool ResourceInfo::supports(std::string_view verb) const
{
    return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

const SubresourceInfo *ResourceInfo::subresource(std::string_view name) const
{
    for (const SubresourceInfo &sub : subresources) {
        if (sub.name == name)
            return &sub;
    }
    return nullptr;
}

Status ResourceRegistry::add(ResourceInfo info)
{
    if (find(info.group, info.version, info.plural))
        return Status(StatusCode::AlreadyExists, "resource " + info.plural + " in " + info.apiVersion()
                                                     + " is already registered");
    if (findKind(info.apiVersion(), info.kind))
        return Status(StatusCode::AlreadyExists, "kind " + info.kind + " in " + info.apiVersion()
                                                     + " is already registered");
    m_resources.push_back(std::make_unique<ResourceInfo>(std::move(info)));
    return {};
}

const ResourceInfo *ResourceRegistry::find(std::string_view group, std::string_view version,
                                           std::string_view plural) const
{
    for (const auto &info : m_resources) {
        if (info->group == group && info->version == version && info->plural == plural)
            return info.get();
    }
    return nullptr;
}

const ResourceInfo *ResourceRegistry::findKind(std::string_view apiVersion, std::string_view kind) const
{
    for (const auto &info : m_resources) {
        if (info->kind == kind && info->apiVersion() == apiVersion)
            return info.get();
    }
    return nullptr;
}

std::vector<const ResourceInfo *> ResourceRegistry::resources(std::string_view group, std::string_view version) const
{
    std::vector<const ResourceInfo *> out;
    for (const auto &info : m_resources) {
        if (info->group == group && info->version == version)
            out.push_back(info.get());
    }
    return out;
}

std::vector<GroupVersions> ResourceRegistry::groups() const
{
    std::vector<GroupVersions> out;
    for (const auto &info : m_resources) {
        if (info->group.empty())
            continue;
        auto it = std::find_if(out.begin(), out.end(), [&](const GroupVersions &g) { return g.group == info->group; });
        if (it == out.end()) {
            out.push_back({info->group, {info->version}});
        } else if (std::find(it->versions.begin(), it->versions.end(), info->version) == it->versions.end()) {
            it->versions.push_back(info->version);
        }
    }
    return out;
}

} // namespace k8slab::apiserver
