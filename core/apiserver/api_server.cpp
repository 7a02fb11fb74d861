#include "core/apiserver/api_server.h"

#include "core/api/time_format.h"
#include "core/apiserver/api_metrics.h"
#include "core/apiserver/defaults.h"
#include "core/apiserver/field_manager.h"
#include "core/apiserver/service_account_tokens.h"
#include "core/apiserver/discovery.h"
#include "core/apiserver/object_cache.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/status_response.h"
#include "core/apiserver/validation.h"
#include "core/apiserver/service_network.h"
#include "core/apiserver/watch_state.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace k8slab::apiserver {

using api::Json;

namespace {

std::string component(const std::string &userAgent)
{
    if (userAgent.starts_with("kubectl"))
        return "kubectl";
    const std::size_t slash = userAgent.find('/');
    return userAgent.empty() ? "client" : userAgent.substr(0, slash);
}

} // namespace

ApiServer::ApiServer(store::MvccStore &store, engine::EventLoop &loop, engine::TraceBus &trace)
    : m_store(store), m_loop(loop), m_trace(trace), m_cache(std::make_unique<ObjectCache>(store)),
      m_metrics(std::make_unique<ApiMetrics>()), m_tokens(std::make_unique<ServiceAccountTokens>())
{
}

std::string ApiServer::metricsText() const
{
    std::map<std::string, double> stored;
    for (const auto &info : builtinResources().all()) {
        if (info->storage)
            continue; // another version's view of the same objects
        double count = 0;
        m_cache->forEach(info->storagePrefix(), {}, [&count](const std::string &, const CachedObject &) {
            ++count;
            return true;
        });
        stored[info->groupResource()] = count;
    }
    return m_metrics->expose(stored);
}

Status ApiServer::bootstrap()
{
    const ResourceRegistry &registry = builtinResources();
    const ResourceInfo &namespaces = *registry.find("", "v1", "namespaces");
    for (const char *name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        if (get(namespaces, "", name).ok())
            continue;
        auto created = create(namespaces, "", Json{{"metadata", {{"name", name}}}});
        if (!created.ok())
            return created.status();
    }
    if (Status s = bootstrapApiServices(); !s.ok())
        return s;
    // The two PriorityClasses every cluster has.
    const ResourceInfo &priorityClasses = *registry.find("scheduling.k8s.io", "v1", "priorityclasses");
    for (const auto &[name, value] : {std::pair{"system-cluster-critical", 2000000000}, std::pair{"system-node-critical", 2000001000}}) {
        if (get(priorityClasses, "", name).ok())
            continue;
        auto created = create(priorityClasses, "",
                              Json{{"metadata", {{"name", name}}}, {"value", value},
                                   {"description", "Used for system critical pods that must not be moved from their current node."},
                                   {"preemptionPolicy", "PreemptLowerPriority"}});
        if (!created.ok())
            return created.status();
    }
    const ResourceInfo &services = *registry.find("", "v1", "services");
    if (!get(services, "default", "kubernetes").ok()) {
        Json service = {{"metadata", {{"name", "kubernetes"}, {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
                        {"spec", {{"clusterIP", ipString(kServiceBase + 1)},
                                  {"ports", Json::array({{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", 6443}}})}}}};
        auto created = create(services, "default", std::move(service));
        if (!created.ok())
            return created.status();
    }
    return bootstrapKubernetesEndpoints();
}

Status ApiServer::bootstrapKubernetesEndpoints()
{
    // What the apiserver's endpoint reconciler keeps in every cluster: the kubernetes
    // Service's endpoints are the API servers' advertised addresses. The lab's one API
    // server advertises the control-plane address (the workers are 172.18.0.3 and up),
    // though it listens where the executable says (loopback by default).
    const ResourceRegistry &registry = builtinResources();
    const Json ports = Json::array({{{"name", "https"}, {"port", 6443}, {"protocol", "TCP"}}});
    const ResourceInfo &endpoints = *registry.find("", "v1", "endpoints");
    if (!get(endpoints, "default", "kubernetes").ok()) {
        Json object = {{"metadata", {{"name", "kubernetes"}, {"labels", {{"endpointslice.kubernetes.io/skip-mirror", "true"}}}}},
                       {"subsets", Json::array({{{"addresses", Json::array({{{"ip", kAdvertiseAddress}}})}, {"ports", ports}}})}};
        if (auto created = create(endpoints, "default", std::move(object)); !created.ok())
            return created.status();
    }
    const ResourceInfo &slices = *registry.find("discovery.k8s.io", "v1", "endpointslices");
    if (!get(slices, "default", "kubernetes").ok()) {
        Json object = {{"metadata", {{"name", "kubernetes"}, {"labels", {{"kubernetes.io/service-name", "kubernetes"}}}}},
                       {"addressType", "IPv4"},
                       {"endpoints", Json::array({{{"addresses", Json::array({kAdvertiseAddress})},
                                                   {"conditions", {{"ready", true}}}}})},
                       {"ports", ports}};
        if (auto created = create(slices, "default", std::move(object)); !created.ok())
            return created.status();
    }
    return {};
}

ApiResponse ApiServer::handle(const ApiRequest &request)
{
    if (request.path == "/metrics" && request.method == "GET") {
        ApiResponse metrics;
        metrics.contentType = "text/plain; version=0.0.4; charset=utf-8";
        metrics.body = metricsText();
        return metrics;
    }
    // Service account issuer discovery: the key set that checks the tokens TokenRequest issues.
    if (request.method == "GET" && request.path == "/openid/v1/jwks") {
        ApiResponse keys = jsonResponse(200, m_tokens->keySet());
        keys.contentType = "application/jwk-set+json";
        return keys;
    }
    if (request.method == "GET" && request.path == "/.well-known/openid-configuration")
        return jsonResponse(200, ServiceAccountTokens::openIdConfiguration());
    if (!m_aggregated.empty()) {
        if (std::optional<ApiResponse> aggregated = handleAggregated(request))
            return *aggregated;
    }
    if (std::optional<ApiResponse> discovery = handleDiscovery(request, availableAggregatedGroups()))
        return *discovery;
    // Latency as the API server measures it: real time spent serving, whatever the lab's clock.
    const auto started = std::chrono::steady_clock::now();
    m_metrics->started(request.method != "GET");
    Result<RequestTarget> target = parseTarget(request.path);
    traceRequest(request, target.ok() ? &*target : nullptr);
    ApiResponse response = target.ok() ? dispatch(request) : errorResponse(target.status());
    traceResponse(response);
    m_metrics->finished(request, target.ok() ? &*target : nullptr, response.code,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return response;
}

ApiResponse ApiServer::dispatch(const ApiRequest &request)
{
    Result<RequestTarget> parsed = parseTarget(request.path);
    if (parsed->resource->storage)
        return dispatchConverted(request, *parsed);
    return route(request, *parsed);
}

ApiResponse ApiServer::route(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &info = *target.resource;
    if (!allowsVerb(target, resourceVerb(request, target)))
        return errorResponse(Status(StatusCode::MethodNotAllowed, "the server does not allow this method on the requested resource"));
    if (info.namespaced && !target.ns.empty() && target.name.empty() && request.method != "GET"
        && request.method != "POST" && request.method != "DELETE")
        return errorResponse(Status(StatusCode::MethodNotAllowed, "the server does not allow this method on the requested resource"));
    if (target.subresource == "exec" || target.subresource == "attach" || target.subresource == "portforward")
        return handleConnect(request, target);
    if (request.method == "GET") {
        if (request.flag("watch"))
            return errorResponse(Status(StatusCode::BadRequest, "watch requests are served as streams"));
        return target.name.empty() ? handleList(request, target) : handleGet(request, target);
    }
    if (request.method == "POST")
        return handleCreate(request, target);
    if (request.method == "PUT" && !target.name.empty())
        return handleUpdate(request, target);
    if (request.method == "PATCH" && !target.name.empty())
        return handlePatch(request, target);
    if (request.method == "DELETE")
        return target.name.empty() ? handleDeleteCollection(request, target) : handleDelete(request, target);
    return errorResponse(Status(StatusCode::MethodNotAllowed, "the server does not allow this method on the requested resource"));
}

void ApiServer::traceRequest(const ApiRequest &request, const RequestTarget *target)
{
    proto::TraceEvent event;
    event.set_component("apiserver");
    event.set_kind(proto::TRACE_KIND_REQUEST);
    event.set_code("apiserver.request");
    auto &params = *event.mutable_params();
    params["verb"] = request.method;
    params["path"] = request.path;
    params["client"] = component(request.userAgent);
    // Upstream's request verb as RBAC and audit logs spell it: get, list, watch, create,
    // update, patch, delete, deletecollection.
    if (target && target->resource) {
        params["action"] = resourceVerb(request, *target);
        proto::ObjectRef *object = event.mutable_object();
        object->set_kind(target->resource->kind);
        object->set_namespace_(target->ns);
        object->set_name(target->name);
        params["resource"] = target->resource->groupResource();
        if (!target->subresource.empty())
            params["subresource"] = target->subresource;
    }
    // A request from outside starts a causal chain; one from a component continues its own.
    if (request.userAgent.starts_with("kubectl") || m_loop.currentCause() == 0)
        m_trace.publishRoot(std::move(event));
    else
        m_trace.publish(std::move(event));
}

void ApiServer::traceResponse(const ApiResponse &response)
{
    m_trace.publish("apiserver", proto::TRACE_KIND_REQUEST, "apiserver.response", {},
                    {{"code", std::to_string(response.code)}, {"revision", std::to_string(response.writtenRevision)}});
}

Result<Json> ApiServer::get(const ResourceInfo &info, const std::string &ns, const std::string &name)
{
    if (auto cached = m_cache->get(objectKey(info, ns, name)))
        return cached->object;
    return notFoundStatus(info.groupResource(), info.group, name);
}

std::vector<Json> ApiServer::objects(const ResourceInfo &info, const std::string &ns) const
{
    std::vector<Json> found;
    m_cache->forEach(collectionPrefix(info.stored(), ns), {}, [&found](const std::string &, const CachedObject &cached) {
        found.push_back(cached.object);
        return true;
    });
    return found;
}

Result<Json> ApiServer::create(const ResourceInfo &info, const std::string &ns, Json object, const WriteOptions &options)
{
    if (!object.is_object())
        return Status(StatusCode::BadRequest, "the body of the request was in an unknown format");
    Json &meta = object["metadata"];
    if (!meta.is_object())
        return Status(StatusCode::BadRequest, "metadata must be an object");
    if (info.namespaced) {
        const std::string bodyNs = meta.value("namespace", "");
        if (!bodyNs.empty() && bodyNs != ns)
            return Status(StatusCode::BadRequest,
                          "the namespace of the provided object does not match the namespace sent on the request");
        meta["namespace"] = ns;
    } else {
        meta.erase("namespace");
    }
    std::string name = meta.value("name", "");
    if (name.empty()) {
        const std::string prefix = meta.value("generateName", "");
        if (prefix.empty())
            return invalidStatus(info.kind, info.group, "",
                                 {{"metadata.name", "FieldValueRequired", "Required value: name or generateName is required"}});
        name = prefix + m_loop.random().string(5, "bcdfghjklmnpqrstvwxz2456789");
        meta["name"] = name;
    }
    meta.erase("resourceVersion");
    meta.erase("deletionTimestamp");
    meta["uid"] = newUid(m_loop.random());
    meta["creationTimestamp"] = api::formatTime(m_loop.now());
    if (info.tracksGeneration)
        meta["generation"] = 1;
    else
        meta.erase("generation");
    // Status is not the client's to set on create (except where upstream keeps it).
    if (info.subresource("status") && info.kind != "Namespace" && info.kind != "Node")
        object.erase("status");
    applyDefaults(info.kind, object);
    // As upstream, the creator owns what it sent and what defaulting filled in; what
    // admission and the registry add later (a Job's selector) belongs to no one.
    if (!options.applied)
        recordUpdate(nullptr, object, {options.manager, "", api::formatTime(m_loop.now())},
                     {info.apiVersion(), info.kind});
    if (auto causes = validateObject(info.kind, object); !causes.empty())
        return invalidStatus(info.kind, info.group, name, std::move(causes));
    if (Status s = admitCreate(info, ns, object); !s.ok())
        return s;
    if (info.kind == "Job") {
        // Upstream generates the selector from the uid when manualSelector is not set.
        const std::string uid = meta["uid"];
        Json &spec = object["spec"];
        if (!spec.value("manualSelector", false)) {
            spec["selector"] = {{"matchLabels", {{"batch.kubernetes.io/controller-uid", uid}}}};
            Json &labels = spec["template"]["metadata"]["labels"];
            labels["batch.kubernetes.io/controller-uid"] = uid;
            labels["batch.kubernetes.io/job-name"] = name;
            labels["controller-uid"] = uid;
            labels["job-name"] = name;
        }
    }
    object["apiVersion"] = info.apiVersion();
    object["kind"] = info.kind;
    const std::string key = objectKey(info, ns, name);
    if (options.dryRun) {
        if (m_store.get(key).ok())
            return alreadyExistsStatus(info.groupResource(), info.group, name);
        object["metadata"]["resourceVersion"] = std::to_string(m_store.revision());
        return object;
    }
    auto created = m_store.create(key, encodeObject(object));
    if (!created.ok()) {
        if (created.status().code() == StatusCode::AlreadyExists)
            return alreadyExistsStatus(info.groupResource(), info.group, name);
        return created.status();
    }
    return decodeObject(info, *created);
}

} // namespace k8slab::apiserver
