#include "core/lab/node_routes.h"

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

std::optional<apiserver::ApiResponse> nodeRoutes(kubelet::NodeAgents &agents, const apiserver::ApiRequest &request)
{
    const std::optional<NodePath> parts = nodePath(request.path);
    if (!parts)
        return std::nullopt;
    const std::string &node = parts->node;
    const std::string &action = parts->rest;
    const bool post = request.method == "POST" || request.method == "PUT";
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
