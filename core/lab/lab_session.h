#pragma once

#include "core/apiserver/api_server.h"
#include "core/controllers/controller_manager.h"
#include "core/base/result.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/recording/recording.h"
#include "core/recording/store_tracer.h"
#include "core/recording/trace_index.h"
#include "core/recording/trace_recorder.h"
#include "core/kubelet/node_agents.h"
#include "core/metricsserver/metrics_server.h"
#include "core/proxy/node_proxies.h"
#include "core/scheduler/framework/profile.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace k8slab::scheduler {
class Scheduler;
}

namespace k8slab::lab {

/// How to start a lab session.
struct LabOptions {
    /// The recording file (store + trace); created if missing.
    std::string recordingPath;
    /// Virtual (deterministic, the default) or wall clock.
    engine::ClockMode clock = engine::ClockMode::Virtual;
    /// Where a new lab's virtual clock starts; unset: the wall clock's current second, so
    /// ages that kubectl computes on its own (events, describe) read true. Tests pin it.
    std::optional<engine::TimePoint> virtualEpoch;
    /// Seed of the session's one random source.
    std::uint64_t seed = 1;
    /// Durability of the recording (see RecordingOptions::synchronous).
    std::string synchronous = "FULL";
    /// The scheduler's configuration (a KubeSchedulerConfiguration).
    scheduler::SchedulerConfig schedulerConfig;
    /// kube-controller-manager's flags: which controllers, and their API clients' QPS.
    controllers::ControllerManagerOptions controllerManager;
    /// Run a scheduler (tests of other components may leave pods unscheduled).
    bool runScheduler = true;
    /// The container runtime of each node; without one the lab runs no node agents.
    kubelet::RuntimeFactory runtimeFactory;
    /// How many default nodes (worker-1 …) the lab starts with ...
    int nodes = 0;
    /// ... unless these are given: the nodes of a cluster spec (cluster_spec.h).
    std::vector<kubelet::NodeSpec> clusterNodes;
    /// kube-proxy on every node: the mode and flags (off: no proxies).
    proxy::ProxyOptions proxy;
    /// Run metrics-server (with node agents): `kubectl top` and the HPA's metrics.
    bool metricsServer = true;
    /// Where each node's static pod folder lives (<root>/<node>/manifests); empty:
    /// beside the recording, "<recordingPath>.nodes". A new recording starts with empty
    /// folders; a resumed one finds its static pods again.
    std::string staticPodRoot;
};

/// One running lab: the event loop and clock, the trace bus, and the recording that
/// keeps the store and the trace. The components of the cluster (API server,
/// scheduler, controllers, kubelets, proxies) attach to a session; the executables
/// only choose options and drive the loop.
class LabSession {
public:
    /// Opens the recording and wires the trace into it.
    static Result<std::unique_ptr<LabSession>> start(const LabOptions &options);
    ~LabSession();

    /// The loop all components share.
    engine::EventLoop &loop() { return *m_loop; }
    /// Where components publish their steps.
    engine::TraceBus &trace() { return *m_bus; }
    /// The store and trace on disk.
    recording::Recording &recording() { return *m_recording; }
    /// The recent trace in memory, indexed by cause and object (the step views' source).
    recording::TraceIndex &traceIndex() { return *m_traceIndex; }
    /// The MVCC store.
    store::MvccStore &store() { return m_recording->store(); }
    /// The Kubernetes API over the store; every component talks to the cluster through it.
    apiserver::ApiServer &api() { return *m_api; }
    /// The scheduler, or null when the session runs without one.
    scheduler::Scheduler *scheduler() { return m_scheduler.get(); }
    /// The node agents, or null when the session runs none.
    kubelet::NodeAgents *nodeAgents() { return m_nodes.get(); }
    /// The kube-proxies, or null when the session runs none.
    proxy::NodeProxies *proxies() { return m_proxies.get(); }
    /// The folder holding each node's static pod folder.
    [[nodiscard]] const std::string &staticPodRoot() const { return m_staticPodRoot; }
    /// metrics-server, or null when the session runs none.
    metricsserver::MetricsServer *metricsServer() { return m_metricsServer.get(); }

private:
    LabSession() = default;
    Status loadRecentTrace();

    std::unique_ptr<recording::Recording> m_recording;
    std::unique_ptr<engine::EventLoop> m_loop;
    std::unique_ptr<engine::TraceBus> m_bus;
    std::unique_ptr<recording::TraceRecorder> m_recorder;
    std::unique_ptr<recording::StoreTracer> m_storeTracer;
    std::unique_ptr<recording::TraceIndex> m_traceIndex;
    std::unique_ptr<apiserver::ApiServer> m_api;
    std::unique_ptr<controllers::ControllerManager> m_controllers;
    std::unique_ptr<scheduler::Scheduler> m_scheduler;
    std::unique_ptr<kubelet::NodeAgents> m_nodes;
    std::unique_ptr<proxy::NodeProxies> m_proxies;
    std::unique_ptr<metricsserver::MetricsServer> m_metricsServer;
    std::string m_staticPodRoot;
};

} // namespace k8slab::lab
