// PortForward on the simulated runtime: a connection to localhost:<port> inside a
// sandbox reaches the running container whose server listens on that port.
#include "core/api/time_format.h"
#include "runtime/sim/sim_runtime.h"

#include <algorithm>

namespace k8slab::runtime::sim {

using kubelet::ContainerState;

Result<kubelet::PortStream> SimRuntime::connectPort(const std::string &sandboxId, int port,
                                                    kubelet::PortStreamOutput output)
{
    const auto sandbox = m_sandboxes.find(sandboxId);
    if (sandbox == m_sandboxes.end())
        return Status(StatusCode::NotFound, "failed to find sandbox \"" + sandboxId + "\" in store: not found");
    const std::string netns = "/var/run/netns/cni-" + sandboxId.substr(0, 12);
    if (!sandbox->second.ready)
        return Status(StatusCode::FailedPrecondition,
                      "failed to execute portforward in network namespace \"" + netns + "\": sandbox is not running");
    std::string server;
    for (const auto &[id, c] : m_containers) {
        if (c.sandboxId != sandboxId || c.status.state != ContainerState::Running)
            continue;
        const std::vector<int> &ports = serverProfile(c.program.server).ports;
        if (std::find(ports.begin(), ports.end(), port) != ports.end()) {
            server = id;
            break;
        }
    }
    // containerd's words when nothing listens.
    if (server.empty()) {
        const std::string p = std::to_string(port);
        return Status(StatusCode::Unavailable, "failed to execute portforward in network namespace \"" + netns
                                                   + "\": failed to connect to localhost:" + p + " inside namespace \""
                                                   + sandboxId + "\", IPv4: dial tcp4 127.0.0.1:" + p
                                                   + ": connect: connection refused IPv6 dial tcp6 [::1]:" + p
                                                   + ": connect: connection refused ");
    }

    Container &c = m_containers.at(server);
    SimConnection::Server behaviour;
    if (c.program.server == "redis") {
        if (!c.redisData)
            c.redisData = std::make_shared<RedisData>();
        behaviour.redis = c.redisData;
    }
    behaviour.behaviour = c.program.server;
    behaviour.http = serverProfile(c.program.server).http;
    behaviour.answer = [this, server](const std::string &path) { return answer(server, path); };
    behaviour.log = [this, server](const std::string &line) {
        const auto it = m_containers.find(server);
        if (it == m_containers.end())
            return;
        it->second.writeLog(m_loop.now(), false, line);
        if (m_logListener && !m_destroying)
            m_logListener(server);
    };
    behaviour.now = [this] { return m_loop.now(); };
    const std::uint64_t key = m_nextAccepted++;
    m_accepted.emplace(key, Accepted{server, std::make_unique<SimConnection>(std::move(behaviour), std::move(output))});

    const auto onConnection = [this, key](auto action) {
        return [this, key, action](auto &&...args) {
            const auto it = m_accepted.find(key);
            if (it != m_accepted.end())
                action(*it->second.connection, std::forward<decltype(args)>(args)...);
        };
    };
    kubelet::PortStream stream;
    stream.write = onConnection([](SimConnection &connection, std::string bytes) { connection.input(bytes); });
    stream.closeWrite = onConnection([](SimConnection &connection) { connection.inputClosed(); });
    stream.close = [this, key] { m_accepted.erase(key); };
    return stream;
}

void SimRuntime::dropConnections(const std::string &containerId)
{
    for (auto &[key, accepted] : m_accepted)
        if (accepted.containerId == containerId)
            accepted.connection->drop();
}

} // namespace k8slab::runtime::sim
