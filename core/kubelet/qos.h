#pragma once

#include "core/api/json.h"

#include <cstdint>
#include <string>

namespace k8slab::kubelet {

/// A pod's QoS class as upstream's GetPodQOS: only cpu and memory, requests and
/// limits summed over regular and init containers; "Guaranteed", "Burstable" or "BestEffort".
std::string qosClass(const api::Json &pod);

/// The oom_score_adj the kubelet gives a container (pkg/kubelet/qos/policy.go):
/// node-critical pods and Guaranteed -997, BestEffort 1000, Burstable
/// 1000 - 1000 x request / node memory clamped to [3, 999]; a sidecar never above the
/// smallest regular container's value.
int oomScoreAdj(const api::Json &pod, const api::Json &container, std::int64_t nodeMemoryBytes);

} // namespace k8slab::kubelet
