#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that
/// tolerate node.kubernetes.io/unschedulable:NoSchedule.
class NodeUnschedulable : public Plugin, public FilterPlugin {
public:
    /// The reason upstream gives (ErrReasonUnschedulable).
    static constexpr std::string_view kReasonUnschedulable = "node(s) were unschedulable";

    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override
    {
        return bit(ClusterEvent::NodeAdd) | bit(ClusterEvent::NodeUnschedulable) | bit(ClusterEvent::NodeTaint);
    }
    PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const override;
};

} // namespace k8slab::scheduler::plugins
