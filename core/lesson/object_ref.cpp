#include "core/lesson/object_ref.h"

#include "core/apiserver/resource_registry.h"

#include <algorithm>
#include <cctype>

namespace k8slab::lesson {

using api::Json;

namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

} // namespace

Result<const apiserver::ResourceInfo *> resolveKind(const Json &spec)
{
    const auto kindIt = spec.find("kind");
    if (kindIt == spec.end() || !kindIt->is_string() || kindIt->get<std::string>().empty())
        return Status(StatusCode::Invalid, "kind: is missing");
    const std::string kind = kindIt->get<std::string>();
    const auto versionIt = spec.find("apiVersion");
    const std::string apiVersion = versionIt != spec.end() && versionIt->is_string() ? versionIt->get<std::string>() : "";
    const auto &registry = apiserver::builtinResources();
    if (!apiVersion.empty()) {
        if (const apiserver::ResourceInfo *info = registry.findKind(apiVersion, kind))
            return info;
        return Status(StatusCode::Invalid, "kind: no kind \"" + kind + "\" is served in version \"" + apiVersion + "\"");
    }
    const std::string wanted = lower(kind);
    // The first registered entry of a kind is its preferred version (autoscaling/v2 after v1
    // is the exception kubectl also makes: it asks for the group's preferred version).
    const apiserver::ResourceInfo *found = nullptr;
    for (const auto &info : registry.all()) {
        const bool named = lower(info->kind) == wanted || info->plural == wanted || info->singular == wanted ||
                           std::find(info->shortNames.begin(), info->shortNames.end(), wanted) != info->shortNames.end();
        if (!named)
            continue;
        if (!found || (info->storage == nullptr && found->storage != nullptr))
            found = info.get();
    }
    if (!found)
        return Status(StatusCode::Invalid, "kind: the lab serves no kind \"" + kind + "\"");
    return found;
}

std::string namespaceOf(const Json &spec, const apiserver::ResourceInfo &resource)
{
    if (!resource.namespaced)
        return {};
    const auto it = spec.find("namespace");
    return it != spec.end() && it->is_string() && !it->get<std::string>().empty() ? it->get<std::string>() : "default";
}

std::string describeRef(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name)
{
    return resource.kind + " " + (ns.empty() ? name : ns + "/" + name);
}

} // namespace k8slab::lesson
