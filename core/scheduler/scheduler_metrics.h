#pragma once

#include "core/metrics/metrics.h"

namespace k8slab::scheduler {

/// The scheduler's Prometheus metrics, with upstream's names, labels and buckets.
struct SchedulerMetrics {
    SchedulerMetrics();

    metrics::Registry registry; ///< Everything below, for exposition.
    /// scheduler_schedule_attempts_total{result,profile}: scheduled, unschedulable, error.
    metrics::Counter &attempts;
    /// scheduler_scheduling_attempt_duration_seconds{result,profile}.
    metrics::Histogram &attemptDuration;
    /// scheduler_plugin_execution_duration_seconds{plugin,extension_point,status} (sampled).
    metrics::Histogram &pluginDuration;
    /// scheduler_framework_extension_point_duration_seconds{extension_point,status,profile}.
    metrics::Histogram &extensionPointDuration;
    /// scheduler_pending_pods{queue}: active, backoff, unschedulable, gated.
    metrics::Gauge &pendingPods;
    /// scheduler_queue_incoming_pods_total{queue,event}.
    metrics::Counter &incomingPods;
    /// scheduler_preemption_attempts_total.
    metrics::Counter &preemptionAttempts;
    /// scheduler_preemption_victims.
    metrics::Histogram &preemptionVictims;
    /// scheduler_pod_scheduling_sli_duration_seconds{attempts}: first queued to bound.
    metrics::Histogram &podSchedulingSli;
};

} // namespace k8slab::scheduler
