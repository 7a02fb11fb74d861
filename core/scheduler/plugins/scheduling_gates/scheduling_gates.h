#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// SchedulingGates: a pod with spec.schedulingGates waits outside the active queue
/// (no FailedScheduling event) until every gate is removed.
class SchedulingGates : public Plugin, public PreEnqueuePlugin {
public:
    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override { return bit(ClusterEvent::PodUpdate); }
    PluginStatus preEnqueue(const PodInfo &pod) override;
};

} // namespace k8slab::scheduler::plugins
