#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/apiserver/port_forward.h"
#include "core/apiserver/remote_command.h"
#include "core/client/client.h"
#include "core/client/informer.h"
#include "core/engine/trace_bus.h"
#include "core/client/backoff.h"
#include "core/kubelet/container_runtime.h"
#include "core/kubelet/probes.h"
#include "core/kubelet/resource_stats.h"
#include "core/scheduler/framework/resource.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::kubelet {

class ExecSession;

/// An image a node has before anything is pulled (a cluster spec's preloaded images).
struct PreloadedImage {
    std::string name;           ///< As a pod names it ("nginx:1.27", "registry.example/app:2").
    std::int64_t sizeBytes = 0; ///< Its size as the node reports it (status.images; ImageLocality scores by it).
};

/// What a node is made of when the lab creates it (or adopts a Node object).
struct NodeSpec {
    std::string name;                        ///< Node name.
    std::string cpu = "4";                   ///< Capacity: CPU.
    std::string memory = "8Gi";              ///< Capacity: memory.
    std::string pods = "110";                ///< Capacity: pods (maxPods).
    std::string ephemeralStorage = "100Gi";  ///< Capacity: ephemeral storage.
    std::string architecture = "amd64";      ///< kubernetes.io/arch.
    std::map<std::string, std::string> labels; ///< Extra labels.
    int index = 0;                           ///< Its number in the lab (addresses, pod CIDR).
    bool adopted = false;                    ///< The Node object came from the API (keep its spec and capacity).
    std::string staticPodPath;               ///< The static pod folder (staticPodPath); empty: none.
    api::Json taints = api::Json::array();   ///< spec.taints at registration (--register-with-taints).
    std::vector<PreloadedImage> images;      ///< Images present before any pull.
};

/// One node's agent: registers the node (or adopts a Node created through the API),
/// renews its Lease in kube-node-lease every 10 s, reports node status every 10 s
/// (written when something changed or every 5 minutes), and runs the pods bound to it
/// on its container runtime: admission, sandbox, image pulls by policy, init
/// containers in order, sidecars, app containers, restarts by restartPolicy with
/// CrashLoopBackOff, graceful termination, pod status (phase, conditions, container
/// states) as upstream computes it, events, and container logs.
class Kubelet {
public:
    /// A kubelet for `spec` talking through `api`, running pods on `runtime`.
    Kubelet(apiserver::ApiServer &api, engine::TraceBus &trace, NodeSpec spec, std::unique_ptr<ContainerRuntime> runtime);
    ~Kubelet();
    Kubelet(const Kubelet &) = delete;
    Kubelet &operator=(const Kubelet &) = delete;

    /// Registers the node and starts watching its pods.
    Status start();
    /// The node's name.
    [[nodiscard]] const std::string &nodeName() const { return m_spec.name; }
    /// Answers GET pods/<name>/log for a pod on this node (kubelet_logs.cpp).
    apiserver::ApiResponse logs(const api::Json &pod, const apiserver::ApiRequest &request) const;
    /// Follows it (GET …/log?follow=true, `kubectl logs -f`): the lines there are (as
    /// logs() picks them), then each new one as it is written, until the container exits;
    /// `output("")` ends the stream. The follow's id, or the error logs() would answer.
    Result<std::uint64_t> followLogs(const api::Json &pod, const apiserver::ApiRequest &request,
                                     std::function<void(std::string chunk)> output);
    /// The client went away.
    void stopFollowing(std::uint64_t id);
    /// Starts a `kubectl exec` or `kubectl attach` session in a container of a pod on this
    /// node (kubelet_exec.cpp): exec runs the command (see ExecSession); attach streams
    /// what the container writes from now on until it exits. The session's id, or why it
    /// cannot start (the container is not running, the agent is down).
    Result<std::uint64_t> startCommand(const api::Json &pod, const apiserver::RemoteCommandOptions &options,
                                       apiserver::RemoteCommandOutput output);
    /// Bytes from the session's client (its stdin).
    void commandInput(std::uint64_t id, const std::string &bytes);
    /// The client's stdin ended.
    void commandInputClosed(std::uint64_t id);
    /// The client's terminal changed size.
    void commandResized(std::uint64_t id, int width, int height);
    /// The client left.
    void stopCommand(std::uint64_t id);
    /// Whether kubectl port-forward can reach this node's streaming server (not while the
    /// agent is down).
    [[nodiscard]] Status streamingReachable() const;
    /// Opens one port-forward connection to `port` inside a pod's network namespace on
    /// this node (kubelet_port_forward.cpp), through the runtime's PortForward: the
    /// connection's id, or the error the kubelet writes on the stream's error channel.
    Result<std::uint64_t> forwardPort(const api::Json &pod, int port, apiserver::PortForwardOutput output);
    /// Bytes from the port-forward's client.
    void portForwardInput(std::uint64_t id, const std::string &bytes);
    /// The client sends nothing more on that connection.
    void portForwardInputClosed(std::uint64_t id);
    /// The client left: the connection is dropped.
    void stopPortForward(std::uint64_t id);
    /// Stops or restarts the agent itself, as `systemctl stop kubelet` does: while it is
    /// down the node's containers keep running, but nothing is reported (no Lease
    /// renewals, node status or pod status) and pod changes are not acted on. Back up,
    /// it looks at every pod bound to the node again and reports as usual.
    void setAgentRunning(bool running);
    /// False while the agent is stopped.
    [[nodiscard]] bool agentRunning() const { return !m_agentDown; }
    /// The runtime (for lab faults and tests).
    ContainerRuntime &runtime() { return *m_runtime; }

    /// The runtime's id of a running container of a pod on this node (what the lab's
    /// kill-a-container fault kills; kubelet_faults.cpp). `container` empty: the pod's
    /// default container (its kubectl.kubernetes.io/default-container annotation, else
    /// its first container), written back.
    Result<std::string> runningContainerId(const std::string &ns, const std::string &pod, std::string &container) const;
    /// What the node and its pods use now (cAdvisor's numbers behind /metrics/resource);
    /// Unavailable while the agent is stopped (metrics-server's scrape fails).
    [[nodiscard]] Result<NodeUsage> resourceUsage() const;
    /// Answers GET /api/v1/nodes/<node>/proxy/<path> as the kubelet's own HTTP server on
    /// :10250 would: metrics/resource, stats/summary, healthz, pods.
    [[nodiscard]] apiserver::ApiResponse proxy(const std::string &path, const apiserver::ApiRequest &request) const;
    /// The folder whose manifests this kubelet runs as static pods (empty: none).
    [[nodiscard]] const std::string &staticPodPath() const { return m_spec.staticPodPath; }
    /// Reads the static pod folder now (what inotify makes upstream's kubelet do at once;
    /// without it the folder is read every 20 s, fileCheckFrequency).
    void rescanStaticPods();
    /// How often the static pod folder is read again.
    static constexpr engine::Duration kFileCheckFrequency = std::chrono::seconds(20);
    /// The hard eviction threshold: memory.available < 100Mi (also kept out of allocatable).
    static constexpr std::int64_t kHardEvictionMemory = 100LL * 1024 * 1024;
    /// How often the eviction manager looks (evictionMonitoringPeriod).
    static constexpr engine::Duration kEvictionMonitoringPeriod = std::chrono::seconds(10);
    /// How long a pressure condition stays True after the threshold was last met.
    static constexpr engine::Duration kPressureTransitionPeriod = std::chrono::minutes(5);

private:
    struct ContainerRecord {
        std::string name;
        bool init = false;
        bool sidecar = false;
        std::string id;          // current instance
        std::string previousId;  // the instance before (for logs --previous)
        int restartCount = 0;
        api::Json lastTerminated; // lastState.terminated
        std::string waitingReason;
        std::string waitingMessage;
        bool busy = false;        // pulling or starting
        engine::TimerId retry = 0;
        // The probes of the current instance (probe_worker.cpp), indexed by ProbeKind.
        bool startupDone = true;  // no startup probe, or it has passed
        bool probedReady = true;  // no readiness probe, or it passes
        int probeSuccesses[3] = {0, 0, 0};
        int probeFailures[3] = {0, 0, 0};
        engine::TimerId probeTimers[3] = {0, 0, 0};
    };
    struct PodWorker {
        api::Json pod;
        std::string uid;
        scheduler::Resource requests; // what admission counted
        std::string sandboxId;
        std::string ip;
        std::string startTime;
        std::vector<ContainerRecord> init;
        std::vector<ContainerRecord> regular;
        bool rejected = false;
        bool terminating = false;
        bool terminated = false;
        int stopping = 0;
        api::Json lastWritten;
        bool syncQueued = false;
        std::string staticFile; // a static pod: the manifest it came from (uid = its config hash)
        std::string evictedMessage; // evicted by the eviction manager: why (phase Failed, reason Evicted)
    };

    // Node (kubelet.cpp).
    api::Json nodeObject() const;
    api::Json nodeStatus(const api::Json &current) const;
    void heartbeat();
    void renewLease();
    Status registerNode();
    std::string admit(const api::Json &pod, std::string &message) const;
    void onPod(const api::Json &pod);
    void onPodDelete(const api::Json &pod);
    PodWorker &addWorker(const api::Json &pod);

    // Static pods (static_pod_source.cpp).
    void scanStaticPods();
    void onMirrorPod(const api::Json &pod);
    void onMirrorPodDelete(const api::Json &pod);
    void ensureMirror(const std::string &uid);
    void removeStaticPod(const std::string &uid);

    // Logs (kubelet_logs.cpp).
    struct LogFollow {
        std::string containerId;
        std::size_t sent = 0;  // lines of the container's log already sent
        bool timestamps = false;
        std::function<void(std::string)> output;
    };
    struct LogSelection {
        std::string containerId;
        bool timestamps = false;
        std::optional<std::size_t> tail;
    };
    Result<LogSelection> selectLog(const api::Json &pod, const apiserver::ApiRequest &request) const;
    void onLogWritten(const std::string &containerId);

    // Eviction (eviction_manager.cpp).
    [[nodiscard]] bool underMemoryPressure() const;
    void synchronizeEviction();
    void evict(PodWorker &w, const std::string &message, engine::Duration grace);
    // Evicts the pods over their ephemeral-storage limits; true if any went.
    bool evictForLocalStorage();
    void finishStaticPod(PodWorker &w);
    PodWorker *staticWorker(const std::string &ns, const std::string &name);
    void onContainerChanged(const std::string &containerId);

    // Probes (probe_worker.cpp).
    void startProbes(PodWorker &w, ContainerRecord &c);
    void stopProbes(ContainerRecord &c);
    void probe(const std::string &uid, const std::string &name, const std::string &instance, ProbeKind kind);

    // Pods (pod_worker.cpp).
    void queueSync(const std::string &uid);
    void sync(PodWorker &w);
    bool syncContainer(PodWorker &w, ContainerRecord &c, bool mayRestart);
    void startContainer(PodWorker &w, ContainerRecord &c);
    void createAndStart(PodWorker &w, ContainerRecord &c, const std::string &image);
    int stopContainers(PodWorker &w, engine::Duration grace, const std::function<void(const std::string &uid)> &stopped);
    void terminate(PodWorker &w);
    void finishTermination(PodWorker &w);
    void writeStatus(PodWorker &w);
    api::Json containerStatusJson(const PodWorker &w, const ContainerRecord &c) const;
    const api::Json *containerSpec(const PodWorker &w, const ContainerRecord &c) const;
    std::string backoffKey(const PodWorker &w, const ContainerRecord &c) const;
    void event(const PodWorker &w, const std::string &type, const std::string &reason, const std::string &message,
               const std::string &fieldPath = {});
    void trace(const PodWorker &w, const std::string &code, std::initializer_list<std::pair<std::string_view, std::string>> params);
    PodWorker *workerByContainer(const std::string &containerId, ContainerRecord **record);
    static ContainerRecord *recordOf(PodWorker &w, const std::string &name);
    engine::TimerId retryAt(const std::string &uid, const std::string &name, engine::TimePoint when);
    static std::string fieldPath(const ContainerRecord &c);

    apiserver::ApiServer &m_api;
    engine::TraceBus &m_trace;
    engine::EventLoop &m_loop;
    NodeSpec m_spec;
    std::unique_ptr<ContainerRuntime> m_runtime;
    client::Client m_client;
    apiserver::EventRecorder m_events;
    client::Informer m_pods;
    std::map<std::string, PodWorker> m_workers; // by pod uid
    client::Backoff m_crashBackoff;
    client::Backoff m_pullBackoff;
    engine::TimerId m_heartbeat = 0;
    engine::TimerId m_leaseTimer = 0;
    std::int64_t m_lastReportNs = 0;
    api::Json m_lastReported;
    bool m_stopped = false;
    bool m_agentDown = false;
    engine::TimePoint m_startedAt{};
    std::map<std::string, std::string> m_staticFiles; // manifest path → static pod uid
    std::map<std::string, std::string> m_staticInvalid; // manifest path → why it cannot be read
    engine::TimerId m_staticScan = 0;
    engine::TimePoint m_memoryThresholdSeen{}; // when memory.available was last below the threshold
    engine::TimerId m_evictionTimer = 0;
    bool m_reportedMemoryPressure = false;
    std::map<std::uint64_t, LogFollow> m_logFollows;
    std::uint64_t m_nextFollow = 1;
    // exec and attach sessions (kubelet_exec.cpp): an exec's shell, or an attach's log follow.
    struct CommandSession {
        std::shared_ptr<ExecSession> exec;
        std::uint64_t follow = 0;
    };
    std::map<std::uint64_t, CommandSession> m_commands;
    std::uint64_t m_nextCommand = 1;
    // port-forward connections (kubelet_port_forward.cpp).
    std::map<std::uint64_t, PortStream> m_portForwards;
    std::uint64_t m_nextPortForward = 1;
};

} // namespace k8slab::kubelet
