#include "core/client/client.h"

#include "core/apiserver/request.h"

#include <cstdlib>
#include <map>

namespace k8slab::client {

using api::Json;

namespace {

// Query parameters as the HTTP front-end hands them over: already decoded.
std::multimap<std::string, std::string> queryOf(const ListOptions &options, const std::string &resourceVersion)
{
    std::multimap<std::string, std::string> out;
    if (!options.labelSelector.empty())
        out.emplace("labelSelector", options.labelSelector);
    if (!options.fieldSelector.empty())
        out.emplace("fieldSelector", options.fieldSelector);
    if (!resourceVersion.empty())
        out.emplace("resourceVersion", resourceVersion);
    return out;
}

Status statusFrom(const apiserver::ApiResponse &response)
{
    const Json body = Json::parse(response.body, nullptr, false);
    std::string message = body.is_object() ? body.value("message", response.body) : response.body;
    StatusCode code = StatusCode::Internal;
    switch (response.code) {
    case 400: code = StatusCode::BadRequest; break;
    case 403: code = StatusCode::Forbidden; break;
    case 404: code = StatusCode::NotFound; break;
    case 405: code = StatusCode::MethodNotAllowed; break;
    case 409:
        code = body.is_object() && body.value("reason", "") == "AlreadyExists" ? StatusCode::AlreadyExists
                                                                              : StatusCode::Conflict;
        break;
    case 410: code = StatusCode::Expired; break;
    case 415: code = StatusCode::UnsupportedMediaType; break;
    case 422: code = StatusCode::Invalid; break;
    case 429: code = StatusCode::TooManyRequests; break;
    case 503: code = StatusCode::Unavailable; break;
    default: break;
    }
    std::vector<StatusCause> causes;
    if (body.is_object() && body.contains("details") && body["details"].contains("causes")) {
        for (const Json &c : body["details"]["causes"])
            causes.push_back({c.value("field", ""), c.value("reason", ""), c.value("message", "")});
    }
    return Status(code, std::move(message), std::move(causes));
}

} // namespace

const apiserver::ResourceInfo &resource(std::string_view group, std::string_view version, std::string_view plural)
{
    const apiserver::ResourceInfo *info = apiserver::builtinResources().find(group, version, plural);
    if (!info)
        std::abort(); // a typo in a component: fail at once, not with a confusing 404 later
    return *info;
}

std::string collectionPath(const apiserver::ResourceInfo &resource, const std::string &ns)
{
    std::string path = resource.group.empty() ? "/api/" + resource.version : "/apis/" + resource.group + "/" + resource.version;
    if (resource.namespaced && !ns.empty())
        path += "/namespaces/" + ns;
    return path + "/" + resource.plural;
}

std::string objectPath(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                       const std::string &subresource)
{
    std::string path = collectionPath(resource, ns) + "/" + name;
    return subresource.empty() ? path : path + "/" + subresource;
}

Client::Client(apiserver::ApiServer &api, std::string userAgent) : m_api(api), m_userAgent(std::move(userAgent))
{
}

Result<Json> Client::send(const std::string &method, const std::string &path,
                          std::multimap<std::string, std::string> query, const Json *body, const std::string &contentType)
{
    apiserver::ApiRequest request;
    request.method = method;
    request.path = path;
    request.query = std::move(query);
    if (body)
        request.body = body->dump();
    request.contentType = contentType;
    request.accept = "application/json";
    request.userAgent = m_userAgent;
    if (m_limiter)
        m_limiter->take();
    const apiserver::ApiResponse response = m_api.handle(request);
    if (response.code >= 300)
        return statusFrom(response);
    Json parsed = Json::parse(response.body, nullptr, false);
    if (parsed.is_discarded())
        return Status(StatusCode::Internal, "the API server answered with something that is not JSON");
    return parsed;
}

Result<Json> Client::create(const apiserver::ResourceInfo &resource, const std::string &ns, const Json &object)
{
    // As client-go, no fieldManager: the server names the manager after the User-Agent.
    return send("POST", collectionPath(resource, ns), {}, &object);
}

Result<Json> Client::get(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name)
{
    return send("GET", objectPath(resource, ns, name), {}, nullptr);
}

Result<Json> Client::list(const apiserver::ResourceInfo &resource, const std::string &ns, const ListOptions &options)
{
    return send("GET", collectionPath(resource, ns), queryOf(options, {}), nullptr);
}

Result<Json> Client::update(const apiserver::ResourceInfo &resource, const Json &object)
{
    const std::string ns = object["metadata"].value("namespace", "");
    return send("PUT", objectPath(resource, ns, object["metadata"].value("name", "")), {}, &object);
}

Result<Json> Client::updateStatus(const apiserver::ResourceInfo &resource, const Json &object)
{
    const std::string ns = object["metadata"].value("namespace", "");
    return send("PUT", objectPath(resource, ns, object["metadata"].value("name", ""), "status"), {}, &object);
}

Result<Json> Client::getSubresource(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                                    const std::string &subresource)
{
    return send("GET", objectPath(resource, ns, name, subresource), {}, nullptr);
}

Result<Json> Client::getPath(const std::string &path, const std::multimap<std::string, std::string> &query)
{
    return send("GET", path, query, nullptr);
}

Result<Json> Client::updateSubresource(const apiserver::ResourceInfo &resource, const Json &object,
                                       const std::string &subresource)
{
    const std::string ns = object["metadata"].value("namespace", "");
    return send("PUT", objectPath(resource, ns, object["metadata"].value("name", ""), subresource), {}, &object);
}

Result<Json> Client::patch(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                           const std::string &contentType, const Json &patchBody, const std::string &subresource)
{
    return send("PATCH", objectPath(resource, ns, name, subresource), {}, &patchBody, contentType);
}

Result<Json> Client::remove(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                            const Json &deleteOptions)
{
    return send("DELETE", objectPath(resource, ns, name), {}, &deleteOptions);
}

Result<Json> Client::createSubresource(const apiserver::ResourceInfo &resource, const std::string &ns,
                                       const std::string &name, const std::string &subresource, const Json &body)
{
    return send("POST", objectPath(resource, ns, name, subresource), {}, &body);
}

Result<std::uint64_t> Client::watch(const apiserver::ResourceInfo &resource, const std::string &ns,
                                    const ListOptions &options, const std::string &resourceVersion,
                                    std::function<void(const WatchEvent &)> handler)
{
    apiserver::ApiRequest request;
    request.method = "GET";
    request.path = collectionPath(resource, ns);
    request.query = queryOf(options, resourceVersion);
    request.query.emplace("watch", "true");
    request.accept = "application/json";
    request.userAgent = m_userAgent;
    engine::EventLoop &loop = m_api.loop();
    // The store delivers inside the write that caused the event; handlers run as their
    // own tasks afterwards (as informers do on their own goroutines), caused by that write.
    return m_api.startWatch(request, [&loop, handler = std::move(handler)](std::string line, store::Revision) {
        if (line.empty())
            return;
        Json parsed = Json::parse(line, nullptr, false);
        if (!parsed.is_object())
            return;
        loop.post([handler, event = WatchEvent{parsed.value("type", ""), parsed.value("object", Json::object())}] {
            handler(event);
        });
    });
}

void Client::stopWatch(std::uint64_t id)
{
    m_api.stopWatch(id);
}

} // namespace k8slab::client
