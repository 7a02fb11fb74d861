#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// NodePorts: a pod's host ports must be free on the node (an empty host IP means
/// 0.0.0.0, which conflicts with every IP; an empty protocol means TCP).
class NodePorts : public Plugin, public PreFilterPlugin, public FilterPlugin {
public:
    /// The reason upstream gives (ErrReason).
    static constexpr std::string_view kReason = "node(s) didn't have free ports for the requested pod ports";

    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override
    {
        return bit(ClusterEvent::PodDelete) | bit(ClusterEvent::NodeAdd) | kNodeUpdate;
    }
    PluginStatus preFilter(CycleState &state, const PodInfo &pod, PreFilterResult &result) override;
    PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const override;
};

} // namespace k8slab::scheduler::plugins
