#pragma once

#include "core/api/json.h"
#include "core/scheduler/framework/interfaces.h"

#include <optional>

namespace k8slab::scheduler::plugins {

/// NodeAffinity: spec.nodeSelector and required node affinity must match (and the
/// profile's addedAffinity); preferred terms add their weights to the score.
class NodeAffinity : public Plugin, public PreFilterPlugin, public FilterPlugin, public PreScorePlugin, public ScorePlugin {
public:
    /// ErrReasonPod.
    static constexpr std::string_view kReasonPod = "node(s) didn't match Pod's node affinity/selector";
    /// ErrReasonEnforced (the profile's addedAffinity).
    static constexpr std::string_view kReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
    /// errReasonConflict (matchFields on metadata.name with an empty intersection).
    static constexpr std::string_view kReasonConflict = "pod affinity terms conflict";

    /// Args: NodeAffinityArgs ({"addedAffinity": NodeAffinity}).
    explicit NodeAffinity(const api::Json &args = {});
    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override { return bit(ClusterEvent::NodeAdd) | kNodeUpdate; }
    PluginStatus preFilter(CycleState &state, const PodInfo &pod, PreFilterResult &result) override;
    PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const override;
    PluginStatus preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes) override;
    std::int64_t score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                       PluginStatus &status) const override;
    bool hasNormalize() const override { return true; }
    PluginStatus normalize(const CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes,
                           std::vector<std::int64_t> &scores) const override;

private:
    std::optional<NodeSelector> m_addedRequired;
    std::vector<PreferredSchedulingTerm> m_addedPreferred;
};

} // namespace k8slab::scheduler::plugins
