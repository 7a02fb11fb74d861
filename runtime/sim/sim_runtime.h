#pragma once

#include "core/api/time_format.h"
#include "core/engine/event_loop.h"
#include "core/kubelet/container_runtime.h"
#include "runtime/sim/image_catalog.h"
#include "runtime/sim/sim_connection.h"
#include "runtime/sim/sim_network.h"
#include "runtime/sim/sim_program.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::runtime::sim {

/// What a simulated node's machine has.
struct Machine {
    std::int64_t cpuMilli = 4000;                        ///< cores × 1000
    std::int64_t memoryBytes = 8LL * 1024 * 1024 * 1024; ///< RAM
};

/// The lab's default container runtime: deterministic on the virtual clock. Pulls
/// take time by image size and fail like containerd's for unknown images or a missing
/// platform; containers run their program (image defaults or the pod's command
/// interpreted by a small shell), write CRI-format logs, exit with codes and reasons
/// as containerd reports them, and stop on SIGTERM only if they handle it (else they
/// are killed when the grace period ends, exit 137).
///
/// Containers use resources over virtual time: CPU (what the program burns plus the
/// requests it serves, capped by its limit — CFS throttling — and shared by CPU request
/// when the node's cores are all busy) accumulates as CRI's usageCoreNanoSeconds;
/// memory is the working set. A container over its memory limit is OOMKilled (exit 137)
/// at that moment; when the node's memory runs out the kernel kills the task with the
/// highest oom_score (a process outside the pods that the lab's fault started counts,
/// and can be chosen, too).
class SimRuntime : public kubelet::ContainerRuntime {
public:
    /// A runtime on `loop` for a node of `platform`, handing pod IPs out of `podCidrPrefix`
    /// ("10.244.1." gives 10.244.1.2, .3, …), on `network` (null: a network of its own).
    SimRuntime(engine::EventLoop &loop, std::string platform, std::string podCidrPrefix,
               const ImageCatalog &catalog = ImageCatalog::builtin(), Machine machine = {},
               std::shared_ptr<SimNetwork> network = {});
    ~SimRuntime() override;

    /// Makes an image present without pulling (a node's preloaded images). An image the
    /// registry does not serve is known to this node only (a locally built image: it
    /// runs its command; a pull of it fails like any unknown image's). `sizeBytes` 0:
    /// the registry's size.
    void preload(const std::string &image, std::int64_t sizeBytes = 0);

    std::string version() const override { return "k8slab-sim://0.1.0"; }
    void setContainerListener(std::function<void(const std::string &)> listener) override { m_listener = std::move(listener); }
    void setLogListener(std::function<void(const std::string &)> listener) override { m_logListener = std::move(listener); }
    Result<std::string> runPodSandbox(const kubelet::SandboxConfig &config) override;
    Status stopPodSandbox(const std::string &sandboxId) override;
    Status removePodSandbox(const std::string &sandboxId) override;
    std::optional<kubelet::SandboxStatus> podSandboxStatus(const std::string &sandboxId) const override;
    void pullImage(const std::string &image, const std::string &platform,
                   std::function<void(const kubelet::PullResult &)> done) override;
    std::optional<kubelet::ImageInfo> imageStatus(const std::string &image) const override;
    std::vector<kubelet::ImageInfo> listImages() const override;
    Result<std::string> createContainer(const std::string &sandboxId, const kubelet::ContainerConfig &config) override;
    Status startContainer(const std::string &containerId) override;
    void stopContainer(const std::string &containerId, engine::Duration grace, std::function<void()> done) override;
    Status removeContainer(const std::string &containerId) override;
    std::optional<kubelet::ContainerStatus> containerStatus(const std::string &containerId) const override;
    [[nodiscard]] kubelet::NetworkProbeAnswer probePort(const std::string &containerId, int port,
                                                        const std::string &path) const override;
    Result<kubelet::ExecResult> execSync(const std::string &containerId, const std::vector<std::string> &cmd,
                                         engine::Duration timeout) override;
    Result<kubelet::PortStream> connectPort(const std::string &sandboxId, int port,
                                            kubelet::PortStreamOutput output) override;
    std::optional<kubelet::ContainerStats> containerStats(const std::string &containerId) const override;
    std::optional<kubelet::ContainerStats> podsStats() const override;
    void setServiceResolver(kubelet::ServiceResolver resolver) override { m_network->setResolver(std::move(resolver)); }
    std::vector<std::string> logs(const std::string &containerId) const override;
    Status killContainer(const std::string &containerId) override;
    Status setHostMemoryHog(std::int64_t bytes) override;
    [[nodiscard]] std::int64_t hostMemoryHog() const override { return m_hostMemoryHog; }
    Status setRegistryReachable(bool reachable) override;

    // The pod network's side (SimNetwork).
    /// The running container listening on `ip`:`port`, if any.
    [[nodiscard]] std::optional<std::string> serverAt(const std::string &ip, int port) const;
    /// A server's answer to a GET of `path`: HTTP status and body.
    [[nodiscard]] std::pair<int, std::vector<std::string>> answer(const std::string &containerId, const std::string &path) const;
    /// A load generator running here.
    struct ClientLoad {
        std::string ns;   ///< its pod's namespace
        std::string url;  ///< what it requests
        double rate = 0;  ///< requests per second
    };
    /// The load generators running here.
    [[nodiscard]] std::vector<ClientLoad> clientLoads() const;
    /// The requests per second now reaching each server container here (others: none).
    void setIncomingRates(const std::map<std::string, double> &rates);
    /// The millicores a container is using now (after throttling and sharing).
    [[nodiscard]] double cpuMilliNow(const std::string &containerId) const;

    /// Bytes per second a pull transfers (50 MiB/s).
    static constexpr std::int64_t kPullBytesPerSecond = 50LL * 1024 * 1024;

private:
    struct Sandbox {
        kubelet::SandboxConfig config;
        std::string ip;
        bool ready = true;
    };
    struct Container {
        kubelet::ContainerStatus status;
        std::string sandboxId;
        Program program;
        std::size_t pc = 0;
        std::vector<std::string> log;       // CRI log lines; append with writeLog
        std::int64_t logBytes = 0;          // their size on disk (ephemeral storage)
        void writeLog(engine::TimePoint now, bool toStderr, const std::string &text)
        {
            log.push_back(api::formatMicroTime(now) + (toStderr ? " stderr F " : " stdout F ") + text);
            logBytes += static_cast<std::int64_t>(log.back().size()) + 1;
        }
        engine::TimerId timer = 0;
        std::vector<std::function<void()>> onExit;
        std::map<std::string, std::string> files;
        std::vector<std::pair<std::string, std::string>> env;
        int lastStatus = 0;                 // of the last command (a script's exit status)
        std::shared_ptr<RedisData> redisData; // a redis server's keys (sim_port_forward.cpp)
        // Resources (sim_usage.cpp).
        kubelet::ContainerConfig limits;    // memory/CPU limits, CPU request, oom_score_adj
        IdleUsage idle;                     // what it uses doing nothing
        double programCpu = 0;              // millicores its Cpu steps ask for
        std::optional<ClientLoad> client;   // a load generator's loop
        double incomingRate = 0;            // requests per second reaching it (a server)
        double cpuMilli = 0;                // granted now
        double cpuNanos = 0;                // cumulative core-nanoseconds up to m_settledAt
        std::int64_t allocated = 0;         // bytes its Allocate steps hold
        std::int64_t diskBytes = 0;         // bytes its Write steps put in its writable layer
        std::int64_t rampLeft = 0;          // bytes still to allocate
        double rampBytesPerTick = 0;
        engine::Duration rampEvery{};
        engine::TimerId rampTimer = 0;
    };

    std::string newId();
    /// The image behind a reference: the registry's, or one preloaded on this node only.
    [[nodiscard]] const CatalogImage *findImage(const std::string &image) const;
    void run(const std::string &id);
    void finish(const std::string &id, int exitCode, const std::string &reason);
    void notify(const std::string &id);
    /// One wget from a pod in `ns`: its output lines (true: stderr) and exit status.
    int wget(const std::string &ns, const Instruction &step, std::vector<std::pair<bool, std::string>> &lines);
    [[nodiscard]] std::string namespaceOf(const Container &c) const;

    // Resources (sim_usage.cpp).
    void settle();
    void rebalanceCpu();
    void allocate(const std::string &id, std::int64_t bytes, engine::Duration over);
    void rampTick(const std::string &id);
    [[nodiscard]] std::int64_t workingSet(const Container &c) const;
    [[nodiscard]] double cpuNanosNow(const Container &c) const;
    bool enforceMemory();
    void stopUsing(Container &c);

    engine::EventLoop &m_loop;
    std::string m_platform;
    std::string m_podCidrPrefix;
    const ImageCatalog &m_catalog;
    std::function<void(const std::string &)> m_listener;
    std::function<void(const std::string &)> m_logListener;
    std::map<std::string, kubelet::ImageInfo> m_images; // by normalized reference
    std::map<std::string, CatalogImage> m_localImages;  // preloaded, unknown to the registry
    std::map<std::string, Sandbox> m_sandboxes;
    std::map<std::string, Container> m_containers;
    // Connections that servers here accepted (sim_port_forward.cpp): id → which
    // container, and the connection.
    struct Accepted {
        std::string containerId;
        std::unique_ptr<SimConnection> connection;
    };
    std::map<std::uint64_t, Accepted> m_accepted;
    std::uint64_t m_nextAccepted = 1;
    /// The connections a container accepted drop when it exits.
    void dropConnections(const std::string &containerId);
    Machine m_machine;
    std::shared_ptr<SimNetwork> m_network;
    engine::TimePoint m_settledAt{};
    double m_retiredCpuNanos = 0; // of removed containers
    std::int64_t m_hostMemoryHog = 0; // held by a process outside the pods (a lab fault)
    int m_nextIp = 2;
    bool m_destroying = false;
};

} // namespace k8slab::runtime::sim
