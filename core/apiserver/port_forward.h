#pragma once

// kubectl port-forward, as the API server sees it: what the node agents offer for a
// pod's ports, and the connections they open into its network namespace.

#include "core/api/json.h"
#include "core/base/result.h"

#include <functional>
#include <string>

namespace k8slab::apiserver {

/// Where what a pod's port sends goes (called on the engine loop).
struct PortForwardOutput {
    /// Bytes from the pod.
    std::function<void(std::string bytes)> write;
    /// The pod's side closed the connection. Called once; nothing follows.
    std::function<void()> closed;
};

/// One connection to a pod's port, driven by the client (each called on the engine loop).
struct PortForwardConnection {
    /// Bytes for the pod.
    std::function<void(std::string bytes)> write;
    /// The client sends no more (its side of the TCP connection closed).
    std::function<void()> closeWrite;
    /// The client left: drop the connection, and call nothing of the output any more.
    std::function<void()> stop;
};

/// The node agents' side of port-forward.
struct PodPortForwarder {
    /// Whether the pod's node can be reached for streaming (the upgrade fails if not).
    std::function<Status(const api::Json &pod)> reachable;
    /// Connects to `port` inside the pod's network namespace, or says why not in the
    /// words the client shows ("error forwarding port 81 to pod …").
    std::function<Result<PortForwardConnection>(const api::Json &pod, int port, PortForwardOutput output)> connect;
};

} // namespace k8slab::apiserver
