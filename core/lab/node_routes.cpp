#include "core/lab/node_routes.h"

#include "core/api/quantity.h"
#include "core/apiserver/status_response.h"
#include "core/kubelet/node_agents.h"

namespace k8slab::lab {

using api::Json;

std::optional<NodePath> nodePath(const std::string &path)
{
    constexpr std::string_view prefix = "/lab/v1/nodes/";
    if (!path.starts_with(prefix))
        return std::nullopt;
    const std::size_t slash = path.find('/', prefix.size());
    if (slash == std::string::npos)
        return std::nullopt;
    return NodePath{path.substr(prefix.size(), slash - prefix.size()), path.substr(slash + 1)};
}

namespace {

apiserver::ApiResponse badQuantity(const std::string &field, const std::string &text)
{
    return apiserver::errorResponse(Status(StatusCode::BadRequest,
                                           "memory/fill needs ?bytes=<quantity> or ?available=<quantity>, e.g. 6Gi or 50Mi",
                                           {{field, "FieldValueInvalid", "\"" + text + "\" is not a non-negative quantity"}}));
}

// GET …/memory, POST …/memory/fill?bytes=Q|available=Q, POST …/memory/release.
apiserver::ApiResponse memoryRoute(kubelet::NodeAgents &agents, const std::string &node, const std::string &action,
                                   const apiserver::ApiRequest &request)
{
    kubelet::Kubelet *k = agents.kubelet(node);
    if (!k)
        return apiserver::errorResponse(Status(StatusCode::NotFound, "node \"" + node + "\" has no agent in the lab"));
    if (action == "memory/fill" || action == "memory/release") {
        std::int64_t bytes = 0;
        if (action == "memory/fill") {
            const std::optional<std::string> absolute = request.param("bytes");
            const std::optional<std::string> leave = request.param("available");
            if (absolute.has_value() == leave.has_value())
                return badQuantity(absolute ? "available" : "bytes", "");
            const std::string &text = absolute ? *absolute : *leave;
            Result<api::Quantity> q = api::Quantity::parse(text);
            if (!q.ok() || q->milli() < 0)
                return badQuantity(absolute ? "bytes" : "available", text);
            bytes = q->value();
        }
        if (action == "memory/fill" && request.param("available")) {
            if (Result<std::int64_t> held = agents.fillMemoryLeaving(node, bytes); !held.ok())
                return apiserver::errorResponse(held.status());
        } else if (Status s = agents.fillMemory(node, bytes); !s.ok()) {
            return apiserver::errorResponse(s);
        }
    }
    Json answer = {{"kind", "NodeMemory"}, {"apiVersion", "lab.k8slab.org/v1"}, {"node", node},
                   {"heldOutsidePodsBytes", k->runtime().hostMemoryHog()}};
    if (Result<kubelet::NodeUsage> usage = k->resourceUsage(); usage.ok()) {
        answer["capacityBytes"] = usage->memoryCapacityBytes;
        answer["workingSetBytes"] = usage->memoryWorkingSetBytes;
        answer["availableBytes"] = usage->memoryCapacityBytes - usage->memoryWorkingSetBytes;
    }
    return apiserver::jsonResponse(200, answer);
}

} // namespace

std::optional<apiserver::ApiResponse> nodeRoutes(kubelet::NodeAgents &agents, const apiserver::ApiRequest &request)
{
    const std::optional<NodePath> parts = nodePath(request.path);
    if (!parts)
        return std::nullopt;
    const std::string &node = parts->node;
    const std::string &action = parts->rest;
    const bool post = request.method == "POST" || request.method == "PUT";
    if (action == "memory" || action == "memory/fill" || action == "memory/release") {
        if (action != "memory" && !post)
            return apiserver::errorResponse(Status(StatusCode::BadRequest, action + " needs POST"));
        return memoryRoute(agents, node, action, request);
    }
    if (action != "agent" && action != "agent/stop" && action != "agent/start")
        return std::nullopt;
    if (action != "agent" && !post)
        return apiserver::errorResponse(Status(StatusCode::BadRequest, action + " needs POST"));
    if (action == "agent/stop" || action == "agent/start")
        if (Status s = agents.setAgentRunning(node, action == "agent/start"); !s.ok())
            return apiserver::errorResponse(s);
    const kubelet::Kubelet *k = agents.kubelet(node);
    if (!k)
        return apiserver::errorResponse(Status(StatusCode::NotFound, "node \"" + node + "\" has no agent in the lab"));
    return apiserver::jsonResponse(200, {{"kind", "NodeAgent"}, {"apiVersion", "lab.k8slab.org/v1"}, {"node", node},
                                         {"running", k->agentRunning()}});
}

} // namespace k8slab::lab

namespace k8slab::lab {

std::optional<apiserver::ApiResponse> faultRoutes(kubelet::NodeAgents &agents, const apiserver::ApiRequest &request)
{
    const bool post = request.method == "POST" || request.method == "PUT";
    const std::string &path = request.path;
    if (path == "/lab/v1/registry" || path == "/lab/v1/registry/break" || path == "/lab/v1/registry/repair") {
        if (path != "/lab/v1/registry") {
            if (!post)
                return apiserver::errorResponse(Status(StatusCode::BadRequest, path.substr(8) + " needs POST"));
            if (Status s = agents.setRegistryReachable(path.ends_with("/repair")); !s.ok())
                return apiserver::errorResponse(s);
        }
        return apiserver::jsonResponse(
            200, {{"kind", "Registry"}, {"apiVersion", "lab.k8slab.org/v1"}, {"reachable", agents.registryReachable()}});
    }
    // /lab/v1/namespaces/{ns}/pods/{pod}/kill
    constexpr std::string_view prefix = "/lab/v1/namespaces/";
    if (!path.starts_with(prefix) || !path.ends_with("/kill"))
        return std::nullopt;
    const std::string middle = path.substr(prefix.size(), path.size() - prefix.size() - 5);
    const std::size_t pods = middle.find("/pods/");
    if (pods == std::string::npos || pods == 0 || middle.find('/', pods + 6) != std::string::npos || pods + 6 == middle.size())
        return std::nullopt;
    if (!post)
        return apiserver::errorResponse(Status(StatusCode::BadRequest, "kill needs POST"));
    const std::string ns = middle.substr(0, pods);
    const std::string pod = middle.substr(pods + 6);
    Result<kubelet::NodeAgents::KilledContainer> killed = agents.killContainer(ns, pod, request.param("container").value_or(""));
    if (!killed.ok())
        return apiserver::errorResponse(killed.status());
    return apiserver::jsonResponse(200, {{"kind", "ContainerKill"},
                                         {"apiVersion", "lab.k8slab.org/v1"},
                                         {"namespace", ns},
                                         {"pod", pod},
                                         {"node", killed->node},
                                         {"container", killed->container},
                                         {"containerID", killed->containerId},
                                         {"signal", "SIGKILL"}});
}

} // namespace k8slab::lab
