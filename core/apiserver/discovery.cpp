#include "core/apiserver/discovery.h"

#include "core/api/json.h"
#include "core/apiserver/resource_registry.h"
#include "core/apiserver/schema.h"
#include "core/apiserver/status_response.h"
#include "core/base/version.h"

namespace k8slab::apiserver {

using api::Json;

namespace {

Json versionInfo()
{
    return {{"major", "1"},
            {"minor", "32"},
            {"gitVersion", kKubernetesVersion},
            {"gitCommit", "k8slab-" + std::string(kVersion)},
            {"gitTreeState", "clean"},
            {"buildDate", "2026-11-27T00:00:00Z"},
            {"goVersion", "go1.23.0"},
            {"compiler", "gc"},
            {"platform", "linux/amd64"}};
}

Json resourceList(const std::string &group, const std::string &version)
{
    Json resources = Json::array();
    for (const ResourceInfo *info : builtinResources().resources(group, version)) {
        Json entry = {{"name", info->plural}, {"singularName", info->singular}, {"namespaced", info->namespaced},
                      {"kind", info->kind}, {"verbs", info->verbs}};
        if (!info->shortNames.empty())
            entry["shortNames"] = info->shortNames;
        if (!info->categories.empty())
            entry["categories"] = info->categories;
        resources.push_back(std::move(entry));
        for (const SubresourceInfo &sub : info->subresources) {
            Json subEntry = {{"name", info->plural + "/" + sub.name}, {"singularName", ""},
                             {"namespaced", info->namespaced}, {"kind", sub.kind.empty() ? info->kind : sub.kind},
                             {"verbs", sub.verbs}};
            if (!sub.group.empty() || !sub.version.empty()) {
                subEntry["group"] = sub.group;
                subEntry["version"] = sub.version;
            }
            resources.push_back(std::move(subEntry));
        }
    }
    return {{"kind", "APIResourceList"}, {"apiVersion", "v1"},
            {"groupVersion", group.empty() ? version : group + "/" + version}, {"resources", resources}};
}

} // namespace

Json apiGroupJson(const GroupVersions &g)
{
    Json versions = Json::array();
    for (const std::string &v : g.versions)
        versions.push_back({{"groupVersion", g.group + "/" + v}, {"version", v}});
    return {{"name", g.group}, {"versions", versions}, {"preferredVersion", versions.front()}};
}

namespace {

// One OpenAPI v3 document per group/version: for each resource a path whose PATCH
// declares fieldValidation (so kubectl lets the server validate), and the schemas of
// the lab's type definitions (so `kubectl explain` works). The descriptions are ours.
Json openApiDocument(const std::string &group, const std::string &version)
{
    Json paths = Json::object();
    const std::string base = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
    for (const ResourceInfo *info : builtinResources().resources(group, version)) {
        const Json gvk = {{"group", info->group}, {"version", info->version}, {"kind", info->kind}};
        const Json params = Json::array({{{"name", "fieldValidation"}, {"in", "query"}, {"schema", {{"type", "string"}}}},
                                         {{"name", "dryRun"}, {"in", "query"}, {"schema", {{"type", "string"}}}},
                                         {{"name", "fieldManager"}, {"in", "query"}, {"schema", {{"type", "string"}}}}});
        const Json operation = {{"x-kubernetes-group-version-kind", gvk}, {"parameters", params},
                                {"responses", {{"200", {{"description", "OK"}}}}}};
        const std::string path = info->namespaced ? base + "/namespaces/{namespace}/" + info->plural + "/{name}"
                                                  : base + "/" + info->plural + "/{name}";
        paths[path] = {{"patch", operation}, {"put", operation}};
        const std::string collection = info->namespaced ? base + "/namespaces/{namespace}/" + info->plural
                                                        : base + "/" + info->plural;
        paths[collection] = {{"post", operation}};
    }
    return {{"openapi", "3.0.0"}, {"info", {{"title", "Kubernetes"}, {"version", kKubernetesVersion}}},
            {"paths", paths}, {"components", {{"schemas", openApiSchemas(group, version)}}}};
}

std::vector<std::pair<std::string, std::string>> allGroupVersions()
{
    std::vector<std::pair<std::string, std::string>> out = {{"", "v1"}};
    for (const GroupVersions &g : builtinResources().groups())
        for (const std::string &v : g.versions)
            out.emplace_back(g.group, v);
    return out;
}

ApiResponse text(const std::string &body)
{
    ApiResponse response;
    response.contentType = "text/plain; charset=utf-8";
    response.body = body;
    return response;
}

} // namespace

std::optional<ApiResponse> handleDiscovery(const ApiRequest &request, const std::vector<GroupVersions> &aggregated)
{
    std::string path = request.path;
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    if (request.method != "GET")
        return std::nullopt;
    if (path == "/healthz" || path == "/livez" || path == "/readyz")
        return text("ok");
    if (path == "/version")
        return jsonResponse(200, versionInfo());
    if (path == "/api")
        return jsonResponse(200, {{"kind", "APIVersions"}, {"versions", {"v1"}},
                                  {"serverAddressByClientCIDRs", {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", "127.0.0.1"}}}}});
    if (path == "/api/v1")
        return jsonResponse(200, resourceList("", "v1"));
    if (path == "/apis") {
        Json groups = Json::array();
        for (const GroupVersions &g : builtinResources().groups())
            groups.push_back(apiGroupJson(g));
        for (const GroupVersions &g : aggregated)
            groups.push_back(apiGroupJson(g));
        return jsonResponse(200, {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}});
    }
    if (path.starts_with("/apis/")) {
        const std::string rest = path.substr(6);
        const std::size_t slash = rest.find('/');
        const std::string group = rest.substr(0, slash);
        for (const GroupVersions &g : builtinResources().groups()) {
            if (g.group != group)
                continue;
            if (slash == std::string::npos) {
                Json body = apiGroupJson(g);
                body["kind"] = "APIGroup";
                body["apiVersion"] = "v1";
                return jsonResponse(200, body);
            }
            const std::string version = rest.substr(slash + 1);
            if (version.find('/') == std::string::npos
                && std::find(g.versions.begin(), g.versions.end(), version) != g.versions.end())
                return jsonResponse(200, resourceList(group, version));
        }
        return std::nullopt; // a resource path
    }
    if (path == "/openapi/v3") {
        Json paths = Json::object();
        for (const auto &[group, version] : allGroupVersions()) {
            const std::string key = group.empty() ? "api/" + version : "apis/" + group + "/" + version;
            paths[key] = {{"serverRelativeURL", "/openapi/v3/" + key + "?hash=k8slab-" + std::string(kVersion)}};
        }
        return jsonResponse(200, {{"paths", paths}});
    }
    if (path.starts_with("/openapi/v3/")) {
        const std::string key = path.substr(12);
        for (const auto &[group, version] : allGroupVersions()) {
            if (key == (group.empty() ? "api/" + version : "apis/" + group + "/" + version))
                return jsonResponse(200, openApiDocument(group, version));
        }
        return errorResponse(Status(StatusCode::NotFound, "the server could not find the requested resource"));
    }
    if (path == "/openapi/v2")
        return errorResponse(Status(StatusCode::NotFound, "the server could not find the requested resource"));
    return std::nullopt;
}

} // namespace k8slab::apiserver
