#pragma once

#include "core/engine/event_loop.h"
#include "core/kubelet/container_runtime.h"

#include <string>
#include <vector>

namespace k8slab::runtime::sim {

class SimRuntime;

/// The pod network between the simulated runtimes of one lab: a request from a
/// container finds its way (through the lab's Service resolver: cluster DNS and
/// kube-proxy's choice of endpoint) to the server container that listens on the pod IP
/// and port. Load generators' steady request rates are spread over the endpoints
/// behind their target every second, and each server turns what reaches it into CPU.
class SimNetwork {
public:
    /// A network whose periodic spreading runs on `loop`.
    explicit SimNetwork(engine::EventLoop &loop);
    ~SimNetwork();
    SimNetwork(const SimNetwork &) = delete;
    SimNetwork &operator=(const SimNetwork &) = delete;

    /// A runtime joins (its containers can serve and send requests) or leaves.
    void attach(SimRuntime *runtime);
    /// Leaves the network.
    void detach(SimRuntime *runtime);
    /// How names and Services resolve (without one, only pod IPs are reachable).
    void setResolver(kubelet::ServiceResolver resolver) { m_resolver = std::move(resolver); }
    /// Whether the image registries answer (the lab's "broken registry" fault cuts them off
    /// for every node at once).
    [[nodiscard]] bool registryReachable() const { return m_registryReachable; }
    /// Cuts the registries off, or brings them back.
    void setRegistryReachable(bool reachable) { m_registryReachable = reachable; }

    /// What one request got.
    struct Reply {
        /// How it ended.
        enum class Outcome { BadAddress, Refused, Answered } outcome = Outcome::BadAddress;
        std::string host;               ///< The host of the URL.
        std::string address;            ///< What the host resolved to.
        int port = 80;                  ///< The port asked for.
        int httpStatus = 0;             ///< When answered.
        std::vector<std::string> body;  ///< When answered.
    };
    /// Sends one GET of `url` from a pod in namespace `ns`.
    Reply request(const std::string &ns, const std::string &url);
    /// A load generator started: the load is spread again now (and every second after).
    void clientStarted();
    /// A load generator stopped.
    void clientStopped();
    /// A server came or went: where the load lands changes.
    void serversChanged();

    /// How often the steady load is spread again over the current endpoints.
    static constexpr engine::Duration kSpreadPeriod = std::chrono::seconds(1);

private:
    struct Url {
        std::string host;
        int port = 80;
        std::string path = "/";
    };
    static Url parseUrl(const std::string &url);
    kubelet::ServiceRoute resolve(const std::string &ns, const Url &url) const;
    void spread();
    void spreadSoon();

    engine::EventLoop &m_loop;
    kubelet::ServiceResolver m_resolver;
    std::vector<SimRuntime *> m_runtimes;
    engine::TimerId m_timer = 0;
    int m_clients = 0; // running load generators
    bool m_registryReachable = true;
};

} // namespace k8slab::runtime::sim
