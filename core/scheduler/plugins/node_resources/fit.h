#pragma once

#include "core/api/json.h"
#include "core/base/result.h"
#include "core/scheduler/framework/interfaces.h"

#include <string>
#include <vector>

namespace k8slab::scheduler::plugins {

/// A resource and its weight in a scoring strategy.
struct ResourceWeight {
    std::string name;         ///< "cpu", "memory", or a scalar resource.
    std::int64_t weight = 1;  ///< Weight in the average.
};

/// One point of a RequestedToCapacityRatio shape (utilization 0-100, score 0-10).
struct ShapePoint {
    std::int64_t utilization = 0; ///< Percent of allocatable requested.
    std::int64_t score = 0;       ///< Score at that utilization (0-10).
};

/// NodeResourcesFit's scoring strategy.
struct ScoringStrategy {
    /// Which formula.
    enum class Type { LeastAllocated, MostAllocated, RequestedToCapacityRatio };
    Type type = Type::LeastAllocated;                                   ///< The formula.
    std::vector<ResourceWeight> resources{{"cpu", 1}, {"memory", 1}};   ///< Resources and weights.
    std::vector<ShapePoint> shape{{0, 10}, {100, 0}};                   ///< RequestedToCapacityRatio shape.
};

/// Reads NodeResourcesFitArgs' scoringStrategy; Invalid for an unknown type or a bad shape.
Result<ScoringStrategy> parseScoringStrategy(const api::Json &args);

/// NodeResourcesFit: the node must have room for the pod's requests (pod count, cpu,
/// memory, ephemeral storage, extended resources); the score follows the strategy,
/// with upstream's non-zero defaults (100m CPU, 200Mi memory per container without a request).
class NodeResourcesFit : public Plugin, public PreFilterPlugin, public FilterPlugin, public PreScorePlugin,
                         public ScorePlugin {
public:
    /// "Too many pods".
    static constexpr std::string_view kReasonTooManyPods = "Too many pods";

    /// A plugin scoring with `strategy`.
    explicit NodeResourcesFit(ScoringStrategy strategy = {});
    std::string_view name() const override;
    ClusterEvents eventsToRegister() const override
    {
        return bit(ClusterEvent::PodDelete) | bit(ClusterEvent::NodeAdd) | bit(ClusterEvent::NodeAllocatable);
    }
    PluginStatus preFilter(CycleState &state, const PodInfo &pod, PreFilterResult &result) override;
    PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const override;
    PluginStatus preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes) override;
    std::int64_t score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                       PluginStatus &status) const override;
    /// The strategy in use.
    [[nodiscard]] const ScoringStrategy &strategy() const { return m_strategy; }

private:
    ScoringStrategy m_strategy;
};

/// The reasons a node lacks room for `pod`, in upstream's order (empty: it fits).
std::vector<std::string> insufficientResources(const PodInfo &pod, const NodeInfo &node);

} // namespace k8slab::scheduler::plugins
