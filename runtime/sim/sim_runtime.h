#pragma once

#include "core/engine/event_loop.h"
#include "core/kubelet/container_runtime.h"
#include "runtime/sim/image_catalog.h"
#include "runtime/sim/sim_program.h"

#include <map>
#include <string>
#include <vector>

namespace k8slab::runtime::sim {

/// The lab's default container runtime: deterministic on the virtual clock. Pulls
/// take time by image size and fail like containerd's for unknown images or a missing
/// platform; containers run their program (image defaults or the pod's command
/// interpreted by a small shell), write CRI-format logs, exit with codes and reasons
/// as containerd reports them, and stop on SIGTERM only if they handle it (else they
/// are killed when the grace period ends, exit 137).
class SimRuntime : public kubelet::ContainerRuntime {
public:
    /// A runtime on `loop` for a node of `platform`, handing pod IPs out of `podCidrPrefix`
    /// ("10.244.1." gives 10.244.1.2, .3, …).
    SimRuntime(engine::EventLoop &loop, std::string platform, std::string podCidrPrefix,
               const ImageCatalog &catalog = ImageCatalog::builtin());
    ~SimRuntime() override;

    /// Makes images present without pulling (a node's preloaded images).
    void preload(const std::string &image);

    std::string version() const override { return "k8slab-sim://0.1.0"; }
    void setContainerListener(std::function<void(const std::string &)> listener) override { m_listener = std::move(listener); }
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
    std::optional<kubelet::ContainerStats> containerStats(const std::string &containerId) const override;
    std::vector<std::string> logs(const std::string &containerId) const override;

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
        std::vector<std::string> log;
        engine::TimerId timer = 0;
        std::vector<std::function<void()>> onExit;
        std::map<std::string, std::string> files;
        std::vector<std::pair<std::string, std::string>> env;
    };

    std::string newId();
    void run(const std::string &id);
    void finish(const std::string &id, int exitCode, const std::string &reason);
    void notify(const std::string &id);

    engine::EventLoop &m_loop;
    std::string m_platform;
    std::string m_podCidrPrefix;
    const ImageCatalog &m_catalog;
    std::function<void(const std::string &)> m_listener;
    std::map<std::string, kubelet::ImageInfo> m_images; // by normalized reference
    std::map<std::string, Sandbox> m_sandboxes;
    std::map<std::string, Container> m_containers;
    int m_nextIp = 2;
    bool m_destroying = false;
};

} // namespace k8slab::runtime::sim
