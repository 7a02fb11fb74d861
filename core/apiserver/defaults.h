#pragma once

#include "core/api/json.h"

#include <string_view>

namespace k8slab::apiserver {

/// Fills the fields upstream's defaulting (pkg/apis/*/v1/defaults.go) fills for a kind,
/// so what kubectl reads back (describe, rollout status, -o yaml) matches a real cluster.
void applyDefaults(std::string_view kind, api::Json &object);
/// Fills PodSpec defaults (restartPolicy, dnsPolicy, container defaults, ...).
void applyPodSpecDefaults(api::Json &spec);
/// The QoS class upstream computes for a pod spec: Guaranteed, Burstable or BestEffort.
std::string qosClass(const api::Json &podSpec);

} // namespace k8slab::apiserver
