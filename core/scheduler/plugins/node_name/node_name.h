#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// NodeName: a pod that names its node (spec.nodeName) fits only there.
class NodeName : public Plugin, public FilterPlugin {
public:
    /// The reason upstream gives (ErrReason).
    static constexpr std::string_view kReason = "node(s) didn't match the requested node name";

    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override { return bit(ClusterEvent::NodeAdd) | kNodeUpdate; }
    PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const override;
};

} // namespace k8slab::scheduler::plugins
