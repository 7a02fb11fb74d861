#pragma once

#include "core/api/json.h"
#include "core/base/result.h"
#include "core/engine/time.h"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

/// The arithmetic of the HorizontalPodAutoscaler controller (upstream's
/// replica_calculator.go and the normalisation in horizontal.go), free of I/O so it
/// can be tested table by table.
namespace k8slab::controllers::hpa {

/// Tunables (kube-controller-manager's --horizontal-pod-autoscaler-* flags).
struct Tunables {
    double tolerance = 0.1;
    engine::Duration cpuInitializationPeriod = std::chrono::minutes(5);
    engine::Duration initialReadinessDelay = std::chrono::seconds(30);
    engine::Duration downscaleStabilization = std::chrono::minutes(5);
    engine::Duration metricWindow = std::chrono::seconds(30); ///< the metrics' sample window
};

/// One pod's usage of the resource, in milli-units (millicores, or milli-bytes).
struct PodUsage {
    std::int64_t milli = 0;
    engine::TimePoint timestamp{};
};

/// A replica count proposed for one metric, with what was measured.
struct Proposal {
    int replicas = 0;
    std::int64_t utilization = 0;   ///< percent of requests (Utilization targets)
    std::int64_t averageMilli = 0;  ///< average usage per pod, milli-units
};

/// GetResourceReplicas: the replicas a Resource metric asks for. `pods` are those the
/// scale selector selects; `usage` the metrics by pod name; `targetUtilization` a
/// percentage (Utilization target) or `targetAverageMilli` a per-pod value
/// (AverageValue target) — exactly one is set. Errors carry upstream's messages.
Result<Proposal> resourceReplicas(int currentReplicas, const std::string &resource, std::optional<std::int64_t> targetUtilization,
                                  std::optional<std::int64_t> targetAverageMilli, const std::vector<api::Json> &pods,
                                  const std::map<std::string, PodUsage> &usage, engine::TimePoint now,
                                  const Tunables &tunables = {});

/// A recommendation or a scale event remembered for stabilisation and rate limits.
struct Timed {
    engine::TimePoint at{};
    int value = 0;
};

/// The memory the normalisation keeps per HPA between syncs.
struct History {
    std::deque<Timed> recommendations; ///< desired replicas per sync
    std::deque<Timed> scaleUps;        ///< replicas added, when
    std::deque<Timed> scaleDowns;      ///< replicas removed, when
};

/// The outcome of normalisation: the replicas to scale to and the conditions' reasons.
struct Normalized {
    int replicas = 0;
    std::string ableReason;       ///< AbleToScale: ScaleUpStabilized/ScaleDownStabilized, or empty
    std::string limitedReason;    ///< ScalingLimited: ScaleUpLimit, ScaleDownLimit, TooManyReplicas, TooFewReplicas, DesiredWithinRange
    std::string limitedMessage;
    bool limited = false;
};

/// Stabilises and limits a recommendation: the legacy rules without `behavior`
/// (five-minute downscale stabilisation, scale-up at most max(2 × current, 4)), else
/// the behavior's stabilisation windows and rate policies. Records the recommendation
/// in `history`.
Normalized normalize(int current, int desired, int minReplicas, int maxReplicas, const api::Json &behavior,
                     History &history, engine::TimePoint now, const Tunables &tunables = {});

/// Records a rescale (for the behavior's rate policies).
void recordScale(History &history, int from, int to, engine::TimePoint now);

} // namespace k8slab::controllers::hpa
