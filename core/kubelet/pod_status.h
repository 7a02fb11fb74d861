#pragma once

#include "core/api/json.h"

#include <string>

namespace k8slab::kubelet {

/// The pod phase as the kubelet's getPhase computes it from the spec and the
/// init/regular container statuses (reference §1.1); `podIsTerminal` once the pod
/// will never run again (deleted, evicted).
std::string podPhase(const api::Json &spec, const api::Json &initStatuses, const api::Json &statuses, bool podIsTerminal);

/// The four conditions the kubelet owns (PodReadyToStartContainers, Initialized,
/// ContainersReady, Ready), reasons and messages as upstream (reference §1.3), for
/// a pod in `phase`; `sandboxReady` says whether a ready sandbox exists.
api::Json kubeletConditions(const api::Json &pod, const api::Json &initStatuses, const api::Json &statuses,
                            const std::string &phase, bool sandboxReady);

/// Merges conditions: those the kubelet owns replace the old ones (keeping the old
/// lastTransitionTime when the status did not change), the others are kept.
api::Json mergeConditions(const api::Json &old, const api::Json &owned, const std::string &now);

} // namespace k8slab::kubelet
