#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer.h"
#include "core/engine/trace_bus.h"
#include "core/scheduler/cluster_listers.h"
#include "core/scheduler/decision_log.h"
#include "core/scheduler/framework/framework.h"
#include "core/scheduler/queue/scheduling_queue.h"
#include "core/scheduler/schedule_one.h"
#include "core/scheduler/scheduler_metrics.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace k8slab::scheduler {

/// kube-scheduler: watches pods and nodes through the API server, keeps its cache
/// (bound and assumed pods on each node), queues pending pods, runs each scheduling
/// cycle as one loop task (so a paused lab steps one pod at a time) and each binding
/// cycle as the next, binds through pods/binding, writes FailedScheduling/Scheduled
/// events and the PodScheduled condition, preempts, and records every attempt.
class Scheduler {
public:
    /// A scheduler on `api` publishing to `trace`, configured by `config`; Invalid
    /// when a profile names an unknown plugin or bad args.
    static Result<std::unique_ptr<Scheduler>> create(apiserver::ApiServer &api, engine::TraceBus &trace,
                                                     SchedulerConfig config = {});
    ~Scheduler();

    /// Starts the informers; pods are scheduled as the loop runs.
    Status start();

    /// Every attempt, by pod.
    [[nodiscard]] const DecisionLog &decisions() const { return m_decisions; }
    /// The Prometheus exposition of the scheduler's metrics.
    [[nodiscard]] std::string metricsText() const;
    /// The metrics (for tests).
    [[nodiscard]] const SchedulerMetrics &metrics() const { return m_metrics; }
    /// The pending pods by queue, as JSON (for the lab API).
    [[nodiscard]] api::Json queueJson() const;
    /// The configuration in use.
    [[nodiscard]] const SchedulerConfig &config() const { return m_config; }
    /// The nodes and pods the scheduler sees.
    [[nodiscard]] const Snapshot &snapshot() const { return m_snapshot; }
    /// Pods bound so far.
    [[nodiscard]] std::uint64_t bound() const { return m_bound; }

    /// What-if: the scheduling attempt `pod` would get now if the nodes named in
    /// `nodeOverrides` were as given — the same profile, plugins, sampling and scores as
    /// a real attempt, without changing anything: no binding, no queue or cache change,
    /// no trace, and the lab's random untouched (ties break by a generator of its own).
    /// A pod already placed is left out of its node first. Preemption is not simulated.
    /// Invalid when no profile serves the pod or an override is not a Node.
    Result<DecisionRecord> evaluate(const api::Json &pod, const std::vector<api::Json> &nodeOverrides = {});
    /// The Node object the scheduler sees, or null.
    [[nodiscard]] const api::Json *node(const std::string &name) const { return m_nodes.get("", name); }

private:
    Scheduler(apiserver::ApiServer &api, engine::TraceBus &trace, SchedulerConfig config);

    // Event handlers (scheduler.cpp).
    void onPodAdd(const api::Json &pod);
    void onPodUpdate(const api::Json &oldPod, const api::Json &newPod);
    void onPodDelete(const api::Json &pod);
    void onNodeAdd(const api::Json &node);
    void onNodeUpdate(const api::Json &oldNode, const api::Json &newNode);
    void onNodeDelete(const api::Json &node);
    void addAssigned(const PodInfoPtr &pod);
    void removeAssigned(const PodInfoPtr &pod);
    [[nodiscard]] bool responsibleFor(const PodInfo &pod) const;
    [[nodiscard]] Framework *frameworkFor(const PodInfo &pod) const;
    void updatePendingGauge();

    // Cycles (scheduling_cycle.cpp).
    void wake();
    void scheduleOne();
    void bindingCycle(QueuedPod pod, std::shared_ptr<CycleState> state, std::string node, DecisionRecord record,
                      std::int64_t cycleStartNs);
    void handleFailure(QueuedPod pod, const ScheduleResult &result, DecisionRecord &record, Framework &fw,
                       CycleState &state);
    void publishAttempt(const DecisionRecord &record, const PodInfo &pod);
    void updateCondition(const PodInfo &pod, const std::string &reason, const std::string &message,
                         const std::string &nominatedNode, bool clearNomination);

    apiserver::ApiServer &m_api;
    engine::TraceBus &m_trace;
    engine::EventLoop &m_loop;
    SchedulerConfig m_config;
    client::Client m_client;
    apiserver::EventRecorder m_events;
    Snapshot m_snapshot;
    ClusterListers m_listers;
    client::Informer m_pods;
    client::Informer m_nodes;
    std::vector<std::unique_ptr<Framework>> m_frameworks;
    std::unique_ptr<SchedulingQueue> m_queue;
    SchedulingAlgorithm m_algorithm;
    DecisionLog m_decisions;
    SchedulerMetrics m_metrics;
    std::map<std::string, PodInfoPtr> m_assumed; // uid → the pod as placed, until the binding is seen
    std::map<std::string, PodInfoPtr> m_assigned; // uid → the bound pod in the cache
    engine::TimerId m_cycleTask = 0;
    bool m_cycleScheduled = false;
    std::uint64_t m_attemptIds = 0;
    std::uint64_t m_bound = 0;
};

} // namespace k8slab::scheduler
