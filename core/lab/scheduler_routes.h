#pragma once

#include "core/apiserver/request.h"

#include <optional>

namespace k8slab::scheduler {
class Scheduler;
}

namespace k8slab::lab {

/// The scheduler's part of the lab-control API (docs/lab-api.md):
/// GET /lab/v1/namespaces/{ns}/pods/{name}/scheduling — the pod's latest decision record
/// and its history; GET /lab/v1/scheduler/queue, /metrics (Prometheus text), /config;
/// POST /lab/v1/scheduler/whatif — a pod's attempt as it would be now (with nodes
/// changed as given) and the smallest changes that would schedule it. Nothing for
/// other paths.
std::optional<apiserver::ApiResponse> schedulerRoutes(scheduler::Scheduler &scheduler,
                                                      const apiserver::ApiRequest &request);

} // namespace k8slab::lab
