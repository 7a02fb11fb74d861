#pragma once

#include "core/base/result.h"
#include "core/engine/time.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::kubelet {

/// What a pod sandbox is created with (CRI PodSandboxConfig, the parts the lab uses).
struct SandboxConfig {
    std::string ns;        ///< Pod namespace.
    std::string name;      ///< Pod name.
    std::string uid;       ///< Pod uid.
    std::uint32_t attempt = 0; ///< How many sandboxes the pod had before.
    std::string hostname;  ///< The pod's hostname.
};

/// A sandbox as the runtime reports it.
struct SandboxStatus {
    std::string id;       ///< Sandbox id.
    bool ready = false;   ///< SANDBOX_READY.
    std::string ip;       ///< The pod IP.
};

/// A container to create (CRI ContainerConfig, the parts the lab uses).
struct ContainerConfig {
    std::string name;                      ///< Container name.
    std::uint32_t attempt = 0;             ///< Restart count of this instance.
    std::string image;                     ///< Image reference (as pulled).
    std::vector<std::string> command;      ///< Entrypoint override.
    std::vector<std::string> args;         ///< Arguments.
    std::vector<std::pair<std::string, std::string>> env; ///< Environment.
    std::map<std::string, std::string> files; ///< Mounted files: path → content.
    std::int64_t memoryLimitBytes = 0;     ///< 0: none.
    std::int64_t cpuLimitMilli = 0;        ///< 0: none (the CFS quota).
    std::int64_t cpuRequestMilli = 0;      ///< The CPU request (the CFS weight under contention).
    int oomScoreAdj = 0;                   ///< As the kubelet computed it.
};

/// CRI's container states.
enum class ContainerState { Created, Running, Exited, Unknown };

/// A container as the runtime reports it (CRI ContainerStatus).
struct ContainerStatus {
    std::string id;                 ///< Container id.
    std::string name;               ///< Container name.
    std::uint32_t attempt = 0;      ///< Its attempt (restart count).
    ContainerState state = ContainerState::Unknown; ///< The state.
    std::int64_t createdAtNs = 0;   ///< Lab clock.
    std::int64_t startedAtNs = 0;   ///< 0: never started.
    std::int64_t finishedAtNs = 0;  ///< 0: not finished.
    int exitCode = 0;               ///< When Exited.
    std::string reason;             ///< Completed, Error, OOMKilled, StartError.
    std::string message;            ///< Detail.
    std::string image;              ///< The image as the user wrote it.
    std::string imageRef;           ///< Resolved reference (name@digest).
};

/// An image the node has.
struct ImageInfo {
    std::string id;                     ///< sha256:...
    std::vector<std::string> repoTags;  ///< name:tag.
    std::vector<std::string> repoDigests; ///< name@sha256:...
    std::int64_t sizeBytes = 0;         ///< Size.
};

/// Why a pull failed.
struct PullFailure {
    std::string reason;   ///< ErrImagePull or InvalidImageName.
    std::string message;  ///< The runtime's error text, as containerd words it.
};

/// The outcome of a pull.
struct PullResult {
    std::optional<ImageInfo> image;       ///< Set on success.
    std::optional<PullFailure> failure;   ///< Set on failure.
    engine::Duration took{};              ///< How long the pull took.
};

/// A command run in a container (CRI ExecSync).
struct ExecResult {
    int exitCode = 0;      ///< Its exit code.
    std::string stdoutText; ///< What it printed.
    std::string stderrText; ///< Its errors.
};

/// What connecting to a container's port over the pod network got (the kubelet's HTTP
/// and TCP probes).
struct NetworkProbeAnswer {
    bool connected = false; ///< something listens on the port
    int httpStatus = 0;     ///< the HTTP status of a GET (0: not asked, or the answer was not HTTP)
};

/// Where what a pod's port sends goes (called on the lab's loop).
struct PortStreamOutput {
    std::function<void(std::string bytes)> write; ///< bytes from the process that accepted
    std::function<void()> closed;                 ///< it closed the connection (called once)
};

/// A TCP connection to a port inside a pod's network namespace (what CRI's PortForward
/// gives the kubelet's streaming server), driven from the lab's loop.
struct PortStream {
    std::function<void(std::string bytes)> write; ///< bytes for the process
    std::function<void()> closeWrite;             ///< the client sends nothing more (half-close)
    std::function<void()> close;                  ///< the client is gone: drop, call nothing more
};

/// Resource usage of a container at a moment (CRI ContainerStats).
struct ContainerStats {
    std::int64_t cpuUsageCoreNanoSeconds = 0; ///< Cumulative CPU.
    std::int64_t memoryWorkingSetBytes = 0;   ///< Working set.
    std::int64_t rootfsUsedBytes = 0;         ///< What it wrote to its writable layer.
    std::int64_t logsUsedBytes = 0;           ///< Its log files' size.
};

/// Where cluster DNS and the Service proxy send a connection a pod opens.
struct ServiceRoute {
    bool resolved = false; ///< The name resolved (a Service, a pod, an address).
    std::string address;   ///< What it resolved to (a ClusterIP, or the address itself).
    /// The pod addresses and ports behind it (a Service's ready endpoints; the address
    /// itself for a pod IP).
    std::vector<std::pair<std::string, int>> endpoints;
};
/// Resolves `host` and `port` as a pod in namespace `ns` sees them.
using ServiceResolver = std::function<ServiceRoute(const std::string &ns, const std::string &host, int port)>;

/// The kubelet's view of a container runtime, shaped after the CRI's RuntimeService
/// and ImageService. The kubelet depends on this interface only; the simulated runtime
/// (runtime/sim) and, later, real runtimes implement it. Calls run on the lab's loop;
/// the slow ones (pulls, stops with a grace period) answer through a callback, and the
/// runtime tells the kubelet when a container changes state (what PLEG notices).
class ContainerRuntime {
public:
    virtual ~ContainerRuntime() = default;

    /// "name://version" as the node reports it (containerRuntimeVersion).
    [[nodiscard]] virtual std::string version() const = 0;
    /// Called whenever a container of this runtime changes state (started, exited).
    virtual void setContainerListener(std::function<void(const std::string &containerId)> listener) = 0;
    /// Called when a container's log grows (what `kubectl logs -f` follows); a runtime
    /// that cannot tell leaves followers with the lines there were, until the exit.
    virtual void setLogListener(std::function<void(const std::string &containerId)> listener) { (void)listener; }

    /// RunPodSandbox: the sandbox id.
    virtual Result<std::string> runPodSandbox(const SandboxConfig &config) = 0;
    /// StopPodSandbox.
    virtual Status stopPodSandbox(const std::string &sandboxId) = 0;
    /// RemovePodSandbox.
    virtual Status removePodSandbox(const std::string &sandboxId) = 0;
    /// PodSandboxStatus.
    [[nodiscard]] virtual std::optional<SandboxStatus> podSandboxStatus(const std::string &sandboxId) const = 0;

    /// PullImage for the node's platform ("linux/amd64"); `done` is called when it ends.
    virtual void pullImage(const std::string &image, const std::string &platform,
                           std::function<void(const PullResult &)> done) = 0;
    /// ImageStatus: the image if the node has it.
    [[nodiscard]] virtual std::optional<ImageInfo> imageStatus(const std::string &image) const = 0;
    /// ListImages.
    [[nodiscard]] virtual std::vector<ImageInfo> listImages() const = 0;

    /// CreateContainer in a sandbox: the container id.
    virtual Result<std::string> createContainer(const std::string &sandboxId, const ContainerConfig &config) = 0;
    /// StartContainer.
    virtual Status startContainer(const std::string &containerId) = 0;
    /// StopContainer: the stop signal, then SIGKILL after `grace`; `done` when it has exited.
    virtual void stopContainer(const std::string &containerId, engine::Duration grace, std::function<void()> done) = 0;
    /// RemoveContainer.
    virtual Status removeContainer(const std::string &containerId) = 0;
    /// ContainerStatus.
    [[nodiscard]] virtual std::optional<ContainerStatus> containerStatus(const std::string &containerId) const = 0;
    /// ExecSync.
    virtual Result<ExecResult> execSync(const std::string &containerId, const std::vector<std::string> &cmd,
                                        engine::Duration timeout) = 0;
    /// Connects to `port` of a running container over the pod network and, when `path` is
    /// not empty, sends an HTTP GET for it — what the kubelet's HTTP and TCP probes do.
    [[nodiscard]] virtual NetworkProbeAnswer probePort(const std::string &containerId, int port,
                                                       const std::string &path) const = 0;
    /// PortForward: connects to `port` on localhost inside the sandbox's network
    /// namespace; what the process answers goes to `output`. An error says why in the
    /// runtime's words (nothing listens: "connection refused").
    virtual Result<PortStream> connectPort(const std::string &sandboxId, int port, PortStreamOutput output)
    {
        (void)sandboxId;
        (void)port;
        (void)output;
        return Status(StatusCode::FailedPrecondition, "this container runtime cannot forward ports");
    }
    /// ContainerStats.
    [[nodiscard]] virtual std::optional<ContainerStats> containerStats(const std::string &containerId) const = 0;
    /// What every container this runtime ran used, together (the kubepods cgroup that
    /// cAdvisor reads): cumulative CPU including removed containers, and the working set
    /// now. Nothing when the runtime cannot tell.
    [[nodiscard]] virtual std::optional<ContainerStats> podsStats() const { return std::nullopt; }
    /// How the cluster's names and Services look from inside a pod (the lab sets it; a
    /// runtime whose containers make connections uses it).
    virtual void setServiceResolver(ServiceResolver resolver) { (void)resolver; }
    /// The container's log lines (stdout and stderr, in order), each "<RFC3339Nano> <line>".
    [[nodiscard]] virtual std::vector<std::string> logs(const std::string &containerId) const = 0;

    // Lab faults: what happens to a node from outside its kubelet. The kubelet only sees
    // their effects (a container exits, memory runs short, pulls fail). A runtime that
    // cannot stage one answers FailedPrecondition.

    /// The container's processes are killed with SIGKILL from outside (`kill -9` of its
    /// process on the node): it exits with 137 and reason Error.
    virtual Status killContainer(const std::string &containerId)
    {
        (void)containerId;
        return Status(StatusCode::FailedPrecondition, "this container runtime cannot kill containers from outside");
    }
    /// A process on the node outside the pods (a leaking daemon, `stress` run by hand)
    /// holds `bytes` of memory from now on; 0 frees it.
    virtual Status setHostMemoryHog(std::int64_t bytes)
    {
        (void)bytes;
        return Status(StatusCode::FailedPrecondition, "this container runtime cannot fill its node's memory");
    }
    /// What that process uses now (part of the node's working set, not of the pods').
    [[nodiscard]] virtual std::int64_t hostMemoryHog() const { return 0; }
    /// The image registry is reachable from this node, or not (every pull fails as a
    /// pull fails when the registry's host does not answer).
    virtual Status setRegistryReachable(bool reachable)
    {
        (void)reachable;
        return Status(StatusCode::FailedPrecondition, "this container runtime cannot cut its node off the registry");
    }
};

} // namespace k8slab::kubelet
