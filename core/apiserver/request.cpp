#include "core/apiserver/request.h"

#include "core/apiserver/resource_registry.h"

#include <algorithm>
#include <charconv>

namespace k8slab::apiserver {

std::optional<std::string> ApiRequest::param(const std::string &name) const
{
    auto it = query.find(name);
    if (it == query.end())
        return std::nullopt;
    return it->second;
}

bool ApiRequest::flag(const std::string &name) const
{
    const auto value = param(name);
    return value && (*value == "true" || *value == "1");
}

namespace {

std::vector<std::string> splitPath(const std::string &path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string::npos)
            slash = path.size();
        if (slash > start)
            parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return parts;
}

Status notFound()
{
    return Status(StatusCode::NotFound, "the server could not find the requested resource");
}

} // namespace

Result<RequestTarget> parseTarget(const std::string &path)
{
    const std::vector<std::string> parts = splitPath(path);
    std::string group;
    std::size_t at = 0;
    if (parts.size() >= 2 && parts[0] == "api") {
        at = 1;
    } else if (parts.size() >= 3 && parts[0] == "apis") {
        group = parts[1];
        at = 2;
    } else {
        return notFound();
    }
    const std::string version = parts[at++];
    std::vector<std::string> rest(parts.begin() + static_cast<std::ptrdiff_t>(at), parts.end());
    if (rest.empty())
        return notFound();
    const ResourceRegistry &registry = builtinResources();
    RequestTarget target;
    // /namespaces/<ns>/<plural>/... is a namespaced resource, unless <plural> is a
    // subresource of the namespace itself (/namespaces/<ns>/status, /finalize).
    if (rest.size() >= 3 && rest[0] == "namespaces") {
        if (const ResourceInfo *info = registry.find(group, version, rest[2]); info && info->namespaced) {
            target.ns = rest[1];
            rest.erase(rest.begin(), rest.begin() + 2);
        }
    }
    target.resource = registry.find(group, version, rest[0]);
    if (!target.resource)
        return notFound();
    if (rest.size() >= 2)
        target.name = rest[1];
    if (rest.size() >= 3) {
        target.subresource = rest[2];
        if (!target.resource->subresource(target.subresource))
            return notFound();
    }
    if (rest.size() > 3) {
        // nodes/<name>/proxy/<path…> reaches the node's kubelet.
        if (target.subresource != "proxy")
            return notFound();
        for (std::size_t i = 3; i < rest.size(); ++i)
            target.proxyPath += (i > 3 ? "/" : "") + rest[i];
    }
    return target;
}

std::string resourceVerb(const ApiRequest &request, const RequestTarget &target)
{
    const bool collection = target.name.empty() && target.subresource.empty();
    if (request.method == "GET")
        return !collection ? "get" : request.flag("watch") ? "watch" : "list";
    if (request.method == "POST")
        return "create";
    if (request.method == "PUT")
        return "update";
    if (request.method == "PATCH")
        return "patch";
    if (request.method == "DELETE")
        return collection ? "deletecollection" : "delete";
    return request.method;
}

bool allowsVerb(const RequestTarget &target, const std::string &verb)
{
    if (target.resource == nullptr)
        return false;
    const SubresourceInfo *sub = target.subresource.empty() ? nullptr : target.resource->subresource(target.subresource);
    if (!sub)
        return target.resource->supports(verb);
    return std::find(sub->verbs.begin(), sub->verbs.end(), verb) != sub->verbs.end();
}

Status checkPatchType(const std::string &type)
{
    for (const char *known : {"application/merge-patch+json", "application/json-patch+json",
                              "application/strategic-merge-patch+json", "application/apply-patch+yaml"})
        if (type.starts_with(known))
            return {};
    return Status(StatusCode::UnsupportedMediaType,
                  "the body of the request was in an unknown format - accepted media types include: "
                  "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                  "application/strategic-merge-patch+json");
}

Result<std::int64_t> parseResourceVersion(const std::string &resourceVersion)
{
    if (resourceVersion.empty() || resourceVersion == "0")
        return std::int64_t{0};
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(resourceVersion.data(), resourceVersion.data() + resourceVersion.size(), value);
    if (error != std::errc() || end != resourceVersion.data() + resourceVersion.size() || value < 0)
        return Status(StatusCode::BadRequest, "resourceVersion: Invalid value: \"" + resourceVersion
                                                  + "\": strconv.ParseUint: parsing \"" + resourceVersion
                                                  + "\": invalid syntax");
    return value;
}

} // namespace k8slab::apiserver
