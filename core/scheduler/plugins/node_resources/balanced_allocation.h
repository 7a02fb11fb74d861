#pragma once

#include "core/api/json.h"
#include "core/scheduler/framework/interfaces.h"
#include "core/scheduler/plugins/node_resources/fit.h"

namespace k8slab::scheduler::plugins {

/// NodeResourcesBalancedAllocation: prefers nodes whose resources would be used in
/// equal fractions: score = (1 - standard deviation of the fractions) * 100, on
/// actual requests (no defaults).
class BalancedAllocation : public Plugin, public PreScorePlugin, public ScorePlugin {
public:
    /// Args: NodeResourcesBalancedAllocationArgs ({"resources": [{name, weight}]}).
    explicit BalancedAllocation(const api::Json &args = {});
    std::string_view name() const override;
    PluginStatus preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes) override;
    std::int64_t score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                       PluginStatus &status) const override;

private:
    std::vector<ResourceWeight> m_resources{{"cpu", 1}, {"memory", 1}};
};

} // namespace k8slab::scheduler::plugins
