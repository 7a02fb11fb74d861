#pragma once

#include "core/apiserver/request.h"

#include <optional>
#include <string>

namespace k8slab::kubelet {
class NodeAgents;
}

namespace k8slab::lab {

/// A path under one node of the lab-control API: "/lab/v1/nodes/{node}/{rest}".
struct NodePath {
    std::string node;
    std::string rest; ///< after the node's slash, e.g. "agent/stop" or "proxy/rules"
};
/// Splits a /lab/v1/nodes/{node}/… path; nothing for other paths.
std::optional<NodePath> nodePath(const std::string &path);

/// The node agents' part of the lab-control API (docs/lab-api.md):
/// POST /lab/v1/nodes/{node}/agent/stop — the node's kubelet stops (its containers keep
/// running, nothing is reported: the node goes NotReady, then its pods are evicted);
/// POST /lab/v1/nodes/{node}/agent/start — it comes back; GET /lab/v1/nodes/{node}/agent;
/// POST /lab/v1/nodes/{node}/memory/fill?bytes=Q (or ?available=Q: as much as leaves
/// that much available) — a process outside the pods holds the node's memory;
/// POST …/memory/release; GET …/memory. Nothing for other paths.
std::optional<apiserver::ApiResponse> nodeRoutes(kubelet::NodeAgents &agents, const apiserver::ApiRequest &request);

/// The lab's other faults: POST /lab/v1/namespaces/{ns}/pods/{pod}/kill[?container=C]
/// kills a running container (SIGKILL from outside the kubelet); POST
/// /lab/v1/registry/break and /lab/v1/registry/repair cut every node off the image
/// registries and back; GET /lab/v1/registry. Nothing for other paths.
std::optional<apiserver::ApiResponse> faultRoutes(kubelet::NodeAgents &agents, const apiserver::ApiRequest &request);

} // namespace k8slab::lab
