// kubectl port-forward on this node: what the kubelet's streaming server does with each
// connection once the API server has accepted the upgrade — find the pod's sandbox and
// have the runtime connect to the port inside its network namespace.
#include "core/kubelet/kubelet.h"

namespace k8slab::kubelet {

using api::Json;

Status Kubelet::streamingReachable() const
{
    if (m_agentDown)
        return Status(StatusCode::Unavailable, "error dialing backend: dial tcp 172.18.0." + std::to_string(m_spec.index + 2)
                                                   + ":10250: connect: connection refused");
    return Status();
}

Result<std::uint64_t> Kubelet::forwardPort(const Json &pod, int port, apiserver::PortForwardOutput output)
{
    if (Status reachable = streamingReachable(); !reachable.ok())
        return reachable;
    const Json &meta = pod["metadata"];
    const std::string name = meta.value("name", "");
    const auto worker = m_workers.find(meta.value("uid", ""));
    if (worker == m_workers.end() || worker->second.sandboxId.empty())
        return Status(StatusCode::NotFound, "failed to find sandboxID for pod " + name);
    const std::string sandbox = worker->second.sandboxId;
    PortStreamOutput toClient;
    toClient.write = output.write;
    toClient.closed = output.closed;
    Result<PortStream> stream = m_runtime->connectPort(sandbox, port, std::move(toClient));
    trace(worker->second, "kubelet.portForward",
          {{"port", std::to_string(port)}, {"outcome", stream.ok() ? std::string("connected") : stream.status().message()}});
    // The streaming server's words around the runtime's, as kubectl prints them.
    if (!stream.ok())
        return Status(stream.status().code(), "error forwarding port " + std::to_string(port) + " to pod " + sandbox
                                                  + ", uid : " + stream.status().message());
    const std::uint64_t id = m_nextPortForward++;
    m_portForwards.emplace(id, std::move(*stream));
    return id;
}

void Kubelet::portForwardInput(std::uint64_t id, const std::string &bytes)
{
    const auto it = m_portForwards.find(id);
    if (it != m_portForwards.end() && it->second.write)
        it->second.write(bytes);
}

void Kubelet::portForwardInputClosed(std::uint64_t id)
{
    const auto it = m_portForwards.find(id);
    if (it != m_portForwards.end() && it->second.closeWrite)
        it->second.closeWrite();
}

void Kubelet::stopPortForward(std::uint64_t id)
{
    const auto it = m_portForwards.find(id);
    if (it == m_portForwards.end())
        return;
    const PortStream stream = std::move(it->second);
    m_portForwards.erase(it);
    if (stream.close)
        stream.close();
}

} // namespace k8slab::kubelet
