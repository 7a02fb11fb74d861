#pragma once

#include "core/api/json.h"
#include "core/base/result.h"
#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// PodTopologySpread: hard constraints (DoNotSchedule) filter nodes where placing the
/// pod would exceed maxSkew; soft ones (ScheduleAnyway, or the cluster defaults for pods
/// a Service or controller selects) score nodes with fewer matching pods higher.
class PodTopologySpread : public Plugin, public PreFilterPlugin, public FilterPlugin, public PreScorePlugin,
                          public ScorePlugin {
public:
    /// ErrReasonConstraintsNotMatch.
    static constexpr std::string_view kReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    /// ErrReasonNodeLabelNotMatch.
    static constexpr std::string_view kReasonNodeLabelNotMatch =
        "node(s) didn't match pod topology spread constraints (missing required label)";

    /// A plugin with PodTopologySpreadArgs (defaultingType System or List, defaultConstraints).
    static Result<std::unique_ptr<PodTopologySpread>> create(const Handle &handle, const api::Json &args);

    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override
    {
        return bit(ClusterEvent::PodAdd) | bit(ClusterEvent::PodUpdate) | bit(ClusterEvent::PodDelete) |
               bit(ClusterEvent::NodeAdd) | bit(ClusterEvent::NodeDelete) | bit(ClusterEvent::NodeLabel) |
               bit(ClusterEvent::NodeTaint);
    }
    PluginStatus preFilter(CycleState &state, const PodInfo &pod, PreFilterResult &result) override;
    bool hasExtensions() const override { return true; }
    PluginStatus addPod(CycleState &state, const PodInfo &pod, const PodInfoPtr &added, const NodeInfo &node) override;
    PluginStatus removePod(CycleState &state, const PodInfo &pod, const PodInfoPtr &removed, const NodeInfo &node) override;
    PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const override;
    PluginStatus preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes) override;
    std::int64_t score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                       PluginStatus &status) const override;
    bool hasNormalize() const override { return true; }
    PluginStatus normalize(const CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes,
                           std::vector<std::int64_t> &scores) const override;

private:
    explicit PodTopologySpread(const Handle &handle) : m_handle(handle) {}
    std::vector<SpreadConstraint> constraintsFor(const PodInfo &pod, bool hard) const;
    PluginStatus update(CycleState &state, const PodInfo &pod, const PodInfo &changed, const NodeInfo &node, int delta);

    const Handle &m_handle;
    bool m_systemDefaulted = true;
    std::vector<SpreadConstraint> m_defaults; // selector unset: the pod's default selector fills it
};

} // namespace k8slab::scheduler::plugins
