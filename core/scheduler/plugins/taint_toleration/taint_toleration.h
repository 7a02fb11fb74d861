#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// TaintToleration: the first NoSchedule/NoExecute taint the pod does not tolerate
/// rejects the node; untolerated PreferNoSchedule taints lower its score (fewer is
/// better: the counts are normalized in reverse).
class TaintToleration : public Plugin, public FilterPlugin, public PreScorePlugin, public ScorePlugin {
public:
    /// upstream's ErrReasonNotMatch without the taint: "node(s) had untolerated taint {key: value}".
    static std::string untoleratedReason(const Taint &taint);

    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override { return bit(ClusterEvent::NodeAdd) | kNodeUpdate; }
    PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const override;
    PluginStatus preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes) override;
    std::int64_t score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                       PluginStatus &status) const override;
    bool hasNormalize() const override { return true; }
    PluginStatus normalize(const CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes,
                           std::vector<std::int64_t> &scores) const override;
};

} // namespace k8slab::scheduler::plugins
