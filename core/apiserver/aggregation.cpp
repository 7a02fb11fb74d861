#include "core/apiserver/aggregation.h"

#include "core/api/time_format.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/discovery.h"
#include "core/apiserver/object_cache.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/resource_registry.h"

#include <algorithm>
#include <map>
#include "core/apiserver/status_response.h"

namespace k8slab::apiserver {

using api::Json;

namespace {

Json availableCondition(const std::string &reason, const std::string &message, const std::string &now)
{
    return {{"type", "Available"}, {"status", "True"}, {"lastTransitionTime", now}, {"reason", reason}, {"message", message}};
}

// Upstream's priorities: what `kubectl get apiservices` sorts by and discovery orders by.
int groupPriority(const std::string &group)
{
    static const std::map<std::string, int> priorities = {
        {"", 18000},          {"apps", 17800},        {"events.k8s.io", 17750}, {"autoscaling", 17500},
        {"batch", 17400},     {"policy", 17100},      {"scheduling.k8s.io", 16600},
        {"coordination.k8s.io", 16500}, {"discovery.k8s.io", 16200}, {"apiregistration.k8s.io", 18000}};
    const auto it = priorities.find(group);
    return it == priorities.end() ? 1000 : it->second;
}

const ResourceInfo &apiServices() { return *builtinResources().find("apiregistration.k8s.io", "v1", "apiservices"); }

} // namespace

std::vector<Json> localApiServices()
{
    std::vector<std::pair<std::string, std::string>> versions = {{"", "v1"}};
    for (const GroupVersions &g : builtinResources().groups())
        for (const std::string &v : g.versions)
            versions.emplace_back(g.group, v);
    std::vector<Json> out;
    for (const auto &[group, version] : versions) {
        int versionPriority = 15;
        for (const GroupVersions &g : builtinResources().groups())
            if (g.group == group && g.versions.front() == version)
                versionPriority = 20; // the preferred version first
        Json spec = {{"version", version}, {"groupPriorityMinimum", groupPriority(group)}, {"versionPriority", versionPriority}};
        if (!group.empty())
            spec["group"] = group;
        out.push_back({{"apiVersion", "apiregistration.k8s.io/v1"},
                       {"kind", "APIService"},
                       {"metadata", {{"name", version + "." + group}, {"labels", {{"kube-aggregator.kubernetes.io/automanaged", "onstart"}}}}},
                       {"spec", spec}});
    }
    return out;
}

Json aggregatedApiService(const AggregatedApi &api)
{
    return {{"apiVersion", "apiregistration.k8s.io/v1"},
            {"kind", "APIService"},
            {"metadata", {{"name", api.apiServiceName()}, {"labels", {{"k8s-app", api.serviceName}}}}},
            {"spec",
             {{"service", {{"namespace", api.serviceNamespace}, {"name", api.serviceName}, {"port", 443}}},
              {"group", api.group},
              {"version", api.version},
              {"insecureSkipTLSVerify", true},
              {"groupPriorityMinimum", 100},
              {"versionPriority", 100}}}};
}

Status ApiServer::registerApiService(Json service, const std::string &reason, const std::string &message)
{
    // Written through the API like any object: created, then its status (what the
    // aggregator's availability controller reports).
    const std::string name = service["metadata"]["name"];
    if (get(apiServices(), "", name).ok())
        return {};
    auto created = create(apiServices(), "", std::move(service));
    if (!created.ok())
        return created.status();
    Json status = *created;
    status["status"] = {{"conditions", Json::array({availableCondition(reason, message, api::formatTime(m_loop.now()))})}};
    if (auto written = update(apiServices(), "", name, "status", std::move(status), {}); !written.ok())
        return written.status();
    return {};
}

Status ApiServer::bootstrapApiServices()
{
    for (Json service : localApiServices())
        if (Status s = registerApiService(std::move(service), "Local", "Local APIServices are always available"); !s.ok())
            return s;
    return {};
}

Status ApiServer::addAggregatedApi(AggregatedApi aggregated)
{
    // The lab's server runs in-process: it answers as soon as it is registered.
    if (Status s = registerApiService(aggregatedApiService(aggregated), "Passed", "all checks passed"); !s.ok())
        return s;
    m_aggregated.push_back(std::move(aggregated));
    return {};
}

const AggregatedApi *ApiServer::availableAggregatedApi(const std::string &group, const std::string &version) const
{
    for (const AggregatedApi &aggregated : m_aggregated) {
        if (aggregated.group != group || (!version.empty() && aggregated.version != version))
            continue;
        const auto cached = m_cache->get(objectKey(apiServices(), "", aggregated.apiServiceName()));
        if (!cached)
            return nullptr;
        const Json status = cached->object.value("status", Json::object());
        const Json conditions = status.value("conditions", Json::array());
        for (const Json &c : conditions)
            if (c.value("type", "") == "Available" && c.value("status", "") == "True")
                return &aggregated;
        return nullptr;
    }
    return nullptr;
}

std::vector<GroupVersions> ApiServer::availableAggregatedGroups() const
{
    std::vector<GroupVersions> groups;
    for (const AggregatedApi &a : m_aggregated)
        if (availableAggregatedApi(a.group, a.version))
            groups.push_back({a.group, {a.version}});
    return groups;
}

std::optional<ApiResponse> ApiServer::handleAggregated(const ApiRequest &request)
{
    std::string path = request.path;
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    if (!path.starts_with("/apis/"))
        return std::nullopt;
    std::vector<std::string> parts;
    for (std::size_t start = 6; start <= path.size();) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    const bool ours = std::any_of(m_aggregated.begin(), m_aggregated.end(), [&](const AggregatedApi &a) { return a.group == parts[0]; });
    if (!ours)
        return std::nullopt;
    const AggregatedApi *a = availableAggregatedApi(parts[0], parts.size() > 1 ? parts[1] : std::string());
    if (!a)
        return errorResponse(Status(StatusCode::NotFound, "the server could not find the requested resource"));
    if (parts.size() == 1) {
        Json body = apiGroupJson({a->group, {a->version}});
        body["kind"] = "APIGroup";
        body["apiVersion"] = "v1";
        return jsonResponse(200, body);
    }
    if (parts.size() == 2) {
        Json resources = Json::array();
        for (const AggregatedApi::Resource &r : a->resources)
            resources.push_back({{"name", r.name}, {"singularName", r.singular}, {"namespaced", r.namespaced},
                                 {"kind", r.kind}, {"verbs", {"get", "list"}}});
        return jsonResponse(200, {{"kind", "APIResourceList"}, {"apiVersion", "v1"},
                                  {"groupVersion", a->group + "/" + a->version}, {"resources", resources}});
    }
    // /apis/<group>/<version>[/namespaces/<ns>]/<resource>[/<name>]
    std::vector<std::string> rest(parts.begin() + 2, parts.end());
    std::string ns;
    if (rest.size() >= 3 && rest[0] == "namespaces") {
        ns = rest[1];
        rest.erase(rest.begin(), rest.begin() + 2);
    }
    const auto resource = std::find_if(a->resources.begin(), a->resources.end(),
                                       [&](const AggregatedApi::Resource &r) { return !rest.empty() && r.name == rest[0]; });
    if (resource == a->resources.end() || rest.size() > 2 || (!ns.empty() && !resource->namespaced))
        return errorResponse(Status(StatusCode::NotFound, "the server could not find the requested resource"));
    if (request.method != "GET" || request.flag("watch"))
        return errorResponse(Status(StatusCode::MethodNotAllowed, "the server does not allow this method on the requested resource"));
    traceRequest(request, nullptr);
    ApiResponse response = a->handler(request, ns, resource->name, rest.size() == 2 ? rest[1] : std::string());
    traceResponse(response);
    return response;
}

} // namespace k8slab::apiserver
