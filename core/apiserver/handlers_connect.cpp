// The connect subresources of pods: exec, attach and portforward. The front-end upgrades
// exec and attach to a WebSocket (v5/v4.channel.k8s.io) or SPDY/3.1 (v4/v3/v2), and
// port-forward to SPDY/3.1 (raw or tunnelled in a WebSocket), and starts them here; a
// request that arrives without an upgrade gets the same checks and then upstream's
// "missing upgrade headers".
#include "core/apiserver/api_server.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/status_response.h"

#include <cstdlib>

namespace k8slab::apiserver {

using api::Json;

Result<std::pair<Json, RemoteCommandOptions>> ApiServer::prepareRemoteCommand(const ApiRequest &request,
                                                                              const RequestTarget &target)
{
    if (target.resource == nullptr || target.resource->kind != "Pod" || target.name.empty()
        || (target.subresource != "exec" && target.subresource != "attach"))
        return Status(StatusCode::BadRequest, "only pods/<name>/exec and pods/<name>/attach run commands");
    auto options = parseRemoteCommand(request, target.subresource == "attach");
    if (!options.ok())
        return options.status();
    auto pod = get(*target.resource, target.ns, target.name);
    if (!pod.ok())
        return pod.status();
    auto container = resolveContainer(*pod, options->container);
    if (!container.ok())
        return container.status();
    options->container = *container;
    const Json &node = jsonAt(*pod, "spec.nodeName");
    if (!node.is_string() || node.get<std::string>().empty())
        return Status(StatusCode::BadRequest, "pod " + target.name + " does not have a host assigned");
    return std::make_pair(std::move(*pod), std::move(*options));
}

Result<RemoteCommandSession> ApiServer::startRemoteCommand(const ApiRequest &request, RemoteCommandOutput output)
{
    Result<RequestTarget> target = parseTarget(request.path);
    if (!target.ok())
        return target.status();
    traceRequest(request, &*target);
    auto prepared = prepareRemoteCommand(request, *target);
    if (prepared.ok() && !m_podCommands)
        prepared = Status(StatusCode::BadRequest, "no kubelet runs pods in this lab, so there is nothing to exec into");
    Result<RemoteCommandSession> session =
        prepared.ok() ? m_podCommands(prepared->first, prepared->second, std::move(output)) : prepared.status();
    // The answer as the trace tells it: the upgrade (101) the node agents' session starts
    // after, or the error.
    ApiResponse answer = session.ok() ? ApiResponse{} : errorResponse(session.status());
    if (session.ok())
        answer.code = 101;
    traceResponse(answer);
    return session;
}

Result<Json> ApiServer::preparePortForward(const ApiRequest &request, const RequestTarget &target)
{
    if (target.resource == nullptr || target.resource->kind != "Pod" || target.name.empty()
        || target.subresource != "portforward")
        return Status(StatusCode::BadRequest, "only pods/<name>/portforward forwards ports");
    const auto [first, last] = request.query.equal_range("ports");
    for (auto it = first; it != last; ++it) {
        for (std::size_t start = 0; start <= it->second.size();) {
            const auto comma = it->second.find(',', start);
            const std::string port = it->second.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            char *end = nullptr;
            const long value = std::strtol(port.c_str(), &end, 10);
            if (port.empty() || *end != '\0' || value < 1 || value > 65535)
                return Status(StatusCode::BadRequest, "unable to parse \"" + port + "\" as a port: must be 1-65535");
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    auto pod = get(*target.resource, target.ns, target.name);
    if (!pod.ok())
        return pod.status();
    const Json &node = jsonAt(*pod, "spec.nodeName");
    if (!node.is_string() || node.get<std::string>().empty())
        return Status(StatusCode::BadRequest, "pod " + target.name + " does not have a host assigned");
    return pod;
}

Result<Json> ApiServer::startPortForward(const ApiRequest &request)
{
    Result<RequestTarget> target = parseTarget(request.path);
    if (!target.ok())
        return target.status();
    traceRequest(request, &*target);
    Result<Json> pod = preparePortForward(request, *target);
    if (pod.ok() && !m_podPorts.reachable)
        pod = Status(StatusCode::BadRequest, "no kubelet runs pods in this lab, so there is no port to forward to");
    if (pod.ok())
        if (Status reachable = m_podPorts.reachable(*pod); !reachable.ok())
            pod = reachable;
    ApiResponse answer = pod.ok() ? ApiResponse{} : errorResponse(pod.status());
    if (pod.ok())
        answer.code = 101;
    traceResponse(answer);
    return pod;
}

Result<PortForwardConnection> ApiServer::connectPortForward(const Json &pod, int port, PortForwardOutput output)
{
    if (!m_podPorts.connect)
        return Status(StatusCode::Unavailable, "no kubelet runs pods in this lab");
    return m_podPorts.connect(pod, port, std::move(output));
}

ApiResponse ApiServer::handleConnect(const ApiRequest &request, const RequestTarget &target)
{
    if (target.name.empty())
        return errorResponse(Status(StatusCode::NotFound, "the server could not find the requested resource"));
    const Status checked = target.subresource == "portforward" ? preparePortForward(request, target).status()
                                                               : prepareRemoteCommand(request, target).status();
    if (!checked.ok())
        return errorResponse(checked);
    return errorResponse(Status(StatusCode::BadRequest, "unable to upgrade: missing upgrade headers in request"));
}

} // namespace k8slab::apiserver
