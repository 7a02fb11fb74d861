#pragma once

#include "core/api/json.h"
#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// InterPodAffinity: required pod affinity and anti-affinity (the incoming pod's, and
/// existing pods' anti-affinity against it) filter nodes by topology domain; preferred
/// terms on both sides, and existing pods' required affinity (hardPodAffinityWeight),
/// score them, normalized min-max.
class InterPodAffinity : public Plugin, public PreFilterPlugin, public FilterPlugin, public PreScorePlugin,
                         public ScorePlugin {
public:
    /// ErrReasonAffinityRulesNotMatch.
    static constexpr std::string_view kReasonAffinity = "node(s) didn't match pod affinity rules";
    /// ErrReasonAntiAffinityRulesNotMatch.
    static constexpr std::string_view kReasonAntiAffinity = "node(s) didn't match pod anti-affinity rules";
    /// ErrReasonExistingAntiAffinityRulesNotMatch.
    static constexpr std::string_view kReasonExistingAntiAffinity =
        "node(s) didn't satisfy existing pods anti-affinity rules";

    /// A plugin with InterPodAffinityArgs (hardPodAffinityWeight, ignorePreferredTermsOfExistingPods).
    InterPodAffinity(const Handle &handle, const api::Json &args);
    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override
    {
        return bit(ClusterEvent::PodAdd) | bit(ClusterEvent::PodUpdate) | bit(ClusterEvent::PodDelete) |
               bit(ClusterEvent::NodeAdd) | bit(ClusterEvent::NodeLabel) | bit(ClusterEvent::NodeTaint);
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
    PluginStatus update(CycleState &state, const PodInfo &pod, const PodInfo &changed, const NodeInfo &node, int delta);
    NamespaceLabels namespaceLabels() const;

    const Handle &m_handle;
    std::int32_t m_hardPodAffinityWeight = 1;
    bool m_ignorePreferredTermsOfExistingPods = false;
};

} // namespace k8slab::scheduler::plugins
