#pragma once

#include "core/api/json.h"
#include "core/scheduler/framework/resource.h"
#include "core/scheduler/framework/terms.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::scheduler {

/// The pod defaults upstream's scoring applies per container lacking a request
/// (util/pod_resources.go): 100 millicores and 200 MiB.
inline constexpr std::int64_t kDefaultMilliCpuRequest = 100;
inline constexpr std::int64_t kDefaultMemoryRequest = 200LL * 1024 * 1024;

/// What the scheduler needs of a pod, parsed once from its JSON when an informer sees
/// it (a typed view, as the design asks: the hot path never touches JSON).
struct PodInfo {
    std::string ns;            ///< metadata.namespace.
    std::string name;          ///< metadata.name.
    std::string uid;           ///< metadata.uid.
    std::string resourceVersion; ///< metadata.resourceVersion when parsed.
    std::string key;           ///< "ns/name".
    api::Json labels = api::Json::object(); ///< metadata.labels.
    std::string nodeName;      ///< spec.nodeName.
    std::string schedulerName; ///< spec.schedulerName.
    std::string nominatedNodeName; ///< status.nominatedNodeName.
    std::string phase;         ///< status.phase.
    std::int32_t priority = 0; ///< spec.priority.
    bool preemptNever = false; ///< spec.preemptionPolicy == Never.
    bool terminating = false;  ///< metadata.deletionTimestamp is set.
    bool disruptedByScheduler = false; ///< DisruptionTarget=True with reason PreemptionByScheduler.
    std::int64_t creationNs = 0; ///< metadata.creationTimestamp in ns.
    std::optional<std::int64_t> startNs; ///< status.startTime in ns.
    std::vector<std::string> schedulingGates; ///< spec.schedulingGates names.

    Resource requests;             ///< Effective request (containers, init rule, overhead).
    std::int64_t nonZeroMilliCpu = 0; ///< CPU request with the scoring defaults.
    std::int64_t nonZeroMemory = 0;   ///< Memory request with the scoring defaults.
    std::vector<HostPort> hostPorts;  ///< Wanted host ports.
    std::vector<std::string> images;  ///< Container images (init too), ":latest" added when untagged.
    int containerCount = 0;           ///< Containers counted by ImageLocality (init too).

    std::vector<Toleration> tolerations;    ///< spec.tolerations.
    api::Json nodeSelector = api::Json::object(); ///< spec.nodeSelector.
    std::optional<NodeSelector> requiredNodeAffinity;     ///< Required node affinity.
    std::vector<PreferredSchedulingTerm> preferredNodeAffinity; ///< Preferred node terms.
    std::vector<AffinityTerm> requiredAffinity;          ///< Required pod affinity.
    std::vector<WeightedAffinityTerm> preferredAffinity; ///< Preferred pod affinity.
    std::vector<AffinityTerm> requiredAntiAffinity;      ///< Required pod anti-affinity.
    std::vector<WeightedAffinityTerm> preferredAntiAffinity; ///< Preferred anti-affinity.
    std::vector<SpreadConstraint> spreadConstraints;     ///< topologySpreadConstraints.

    /// True when the pod declares any pod affinity or anti-affinity.
    [[nodiscard]] bool hasAffinity() const
    {
        return !requiredAffinity.empty() || !preferredAffinity.empty() || !requiredAntiAffinity.empty() ||
               !preferredAntiAffinity.empty();
    }
    /// True when the pod declares required anti-affinity.
    [[nodiscard]] bool hasRequiredAntiAffinity() const { return !requiredAntiAffinity.empty(); }
    /// The start time used to rank pods (status.startTime; creation when unset).
    [[nodiscard]] std::int64_t startTimeNs() const { return startNs.value_or(creationNs); }
    /// A minimal object for events and patches: apiVersion, kind and metadata.
    [[nodiscard]] api::Json objectRef() const;
};

/// A shared, immutable parsed pod.
using PodInfoPtr = std::shared_ptr<const PodInfo>;

/// Parses a pod object.
PodInfoPtr parsePod(const api::Json &pod);

/// Adds ":latest" to an image reference without a tag (upstream's normalizedImageName).
std::string normalizedImageName(const std::string &image);

} // namespace k8slab::scheduler
