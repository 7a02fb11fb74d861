#include "core/scheduler/scheduler_metrics.h"

namespace k8slab::scheduler {

using metrics::Counter;
using metrics::Gauge;
using metrics::Histogram;

SchedulerMetrics::SchedulerMetrics()
    : attempts(registry.add<Counter>("scheduler_schedule_attempts_total",
                                     "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod "
                                     "could not be scheduled, while 'error' means an internal scheduler problem.",
                                     std::vector<std::string>{"result", "profile"})),
      attemptDuration(registry.add<Histogram>("scheduler_scheduling_attempt_duration_seconds",
                                              "Scheduling attempt latency in seconds (scheduling algorithm + binding)",
                                              Histogram::exponentialBuckets(0.001, 2, 15),
                                              std::vector<std::string>{"result", "profile"})),
      pluginDuration(registry.add<Histogram>("scheduler_plugin_execution_duration_seconds",
                                             "Duration for running a plugin at a specific extension point.",
                                             Histogram::exponentialBuckets(0.00001, 1.5, 20),
                                             std::vector<std::string>{"plugin", "extension_point", "status"})),
      extensionPointDuration(registry.add<Histogram>("scheduler_framework_extension_point_duration_seconds",
                                                     "Latency for running all plugins of a specific extension point.",
                                                     Histogram::exponentialBuckets(0.0001, 2, 12),
                                                     std::vector<std::string>{"extension_point", "status", "profile"})),
      pendingPods(registry.add<Gauge>("scheduler_pending_pods",
                                      "Number of pending pods, by the queue type. 'active' means number of pods in "
                                      "activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number "
                                      "of pods in unschedulablePods that the scheduler attempted to schedule and failed; "
                                      "'gated' is the number of unschedulable pods that the scheduler never attempted to "
                                      "schedule because they are gated.",
                                      std::vector<std::string>{"queue"})),
      incomingPods(registry.add<Counter>("scheduler_queue_incoming_pods_total",
                                         "Number of pods added to scheduling queues by event and queue type.",
                                         std::vector<std::string>{"queue", "event"})),
      preemptionAttempts(registry.add<Counter>("scheduler_preemption_attempts_total",
                                               "Total preemption attempts in the cluster till now")),
      preemptionVictims(registry.add<Histogram>("scheduler_preemption_victims", "Number of selected preemption victims",
                                                Histogram::exponentialBuckets(1, 2, 7))),
      podSchedulingSli(registry.add<Histogram>(
          "scheduler_pod_scheduling_sli_duration_seconds",
          "E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve "
          "multiple scheduling attempts.",
          Histogram::exponentialBuckets(0.01, 2, 20), std::vector<std::string>{"attempts"}))
{
    for (const char *q : {"active", "backoff", "unschedulable", "gated"})
        pendingPods.set({q}, 0);
}

} // namespace k8slab::scheduler
