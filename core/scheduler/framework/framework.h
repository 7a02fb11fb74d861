#pragma once

#include "core/base/result.h"
#include "core/scheduler/framework/interfaces.h"
#include "core/scheduler/framework/profile.h"
#include "core/scheduler/framework/registry.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace k8slab::scheduler {

/// Time spent per plugin at one extension point during a cycle (ns), indexed like
/// the framework's list for that point.
using PluginTimes = std::vector<std::int64_t>;

/// One scheduling profile at run time, as upstream's frameworkImpl: the plugins of
/// each extension point in order, their score weights, and the functions that run an
/// extension point the way upstream does (filters stop at the first failure, skipped
/// plugins do not run, scores are normalized and weighted).
class Framework {
public:
    /// A plugin at an extension point, held by the interface of that point (cast once).
    template <typename I>
    struct PointEntry {
        I *plugin = nullptr;      ///< The plugin's interface for this point.
        std::string name;         ///< Its name.
        std::int64_t weight = 1;  ///< Score weight (score entries only).
    };
    /// A plugin of the profile.
    using Entry = PointEntry<Plugin>;

    /// Builds the profile's plugins from `registry`; Invalid for unknown plugins, a plugin
    /// enabled at a point it does not implement, or not exactly one QueueSort plugin.
    static Result<std::unique_ptr<Framework>> create(const ProfileConfig &profile, const Registry &registry,
                                                     Handle handle);

    /// The profile's schedulerName.
    [[nodiscard]] const std::string &schedulerName() const { return m_profile.schedulerName; }
    /// The profile's percentageOfNodesToScore, if set.
    [[nodiscard]] std::optional<std::int32_t> percentageOfNodesToScore() const
    {
        return m_profile.percentageOfNodesToScore;
    }
    /// The handle given to every plugin.
    Handle &handle() { return m_handle; }

    /// PreEnqueue: Success, or the first plugin's refusal.
    PluginStatus runPreEnqueue(const PodInfo &pod);
    /// QueueSort.
    [[nodiscard]] bool less(const QueuedPodView &a, const QueuedPodView &b) const;
    /// PreFilter: per-plugin outcome in `outcomes` (name → status), a rejection stops.
    PluginStatus runPreFilter(CycleState &state, const PodInfo &pod, PreFilterResult &result,
                              std::vector<PluginStatus> *outcomes = nullptr);
    /// Filters for one node, stopping at the first non-success (named by plugin()).
    PluginStatus runFilters(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                            PluginTimes *times = nullptr) const;
    /// Filters as upstream's RunFilterPluginsWithNominatedPods: first with the node's
    /// nominated pods of equal or higher priority added, then (if any were added and
    /// that passed) without them.
    PluginStatus runFiltersWithNominatedPods(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                                             PluginTimes *times = nullptr) const;
    /// PreFilter extensions: the state with a pod added to / removed from `node`.
    PluginStatus runPreFilterAddPod(CycleState &state, const PodInfo &pod, const PodInfoPtr &added, const NodeInfo &node);
    PluginStatus runPreFilterRemovePod(CycleState &state, const PodInfo &pod, const PodInfoPtr &removed,
                                       const NodeInfo &node);
    /// PostFilter: the first plugin that returns Success (or the last result).
    PostFilterResult runPostFilter(CycleState &state, const PodInfo &pod, const NodeStatusMap &statuses);
    /// PreScore: per-plugin outcome in `outcomes`; Skip marks the plugin's Score skipped.
    PluginStatus runPreScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes,
                             std::vector<PluginStatus> *outcomes = nullptr);
    /// Score: raw[p][n] and normalized[p][n] per score plugin p and node n (empty rows for
    /// skipped plugins); totals[n] is the weighted sum.
    PluginStatus runScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes,
                          std::vector<std::vector<std::int64_t>> &raw, std::vector<std::vector<std::int64_t>> &normalized,
                          std::vector<std::int64_t> &totals, PluginTimes *times = nullptr);
    /// Reserve (Unreserve in reverse order on failure).
    PluginStatus runReserve(CycleState &state, const PodInfo &pod, const std::string &node);
    /// Unreserve, in reverse order.
    void runUnreserve(CycleState &state, const PodInfo &pod, const std::string &node);
    /// Permit.
    PluginStatus runPermit(CycleState &state, const PodInfo &pod, const std::string &node);
    /// PreBind.
    PluginStatus runPreBind(CycleState &state, const PodInfo &pod, const std::string &node);
    /// Bind: the first binder that does not Skip.
    PluginStatus runBind(CycleState &state, const PodInfo &pod, const std::string &node);
    /// PostBind.
    void runPostBind(CycleState &state, const PodInfo &pod, const std::string &node);

    /// The plugins of each extension point.
    [[nodiscard]] const std::vector<PointEntry<PreFilterPlugin>> &preFilterPlugins() const { return m_preFilter; }
    [[nodiscard]] const std::vector<PointEntry<FilterPlugin>> &filterPlugins() const { return m_filter; }
    [[nodiscard]] const std::vector<PointEntry<PostFilterPlugin>> &postFilterPlugins() const { return m_postFilter; }
    [[nodiscard]] const std::vector<PointEntry<PreScorePlugin>> &preScorePlugins() const { return m_preScore; }
    [[nodiscard]] const std::vector<PointEntry<ScorePlugin>> &scorePlugins() const { return m_score; }
    /// Every plugin of the profile by name, in MultiPoint order.
    [[nodiscard]] const std::vector<Entry> &plugins() const { return m_all; }
    /// The cluster events plugin `name` registered (0 if unknown).
    [[nodiscard]] ClusterEvents eventsOf(const std::string &name) const;
    /// The profile this framework was built from (with defaults filled in).
    [[nodiscard]] const ProfileConfig &profile() const { return m_profile; }

private:
    Framework() = default;

    ProfileConfig m_profile;
    Handle m_handle;
    std::vector<std::unique_ptr<Plugin>> m_owned;
    std::vector<Entry> m_all;
    std::vector<PointEntry<PreEnqueuePlugin>> m_preEnqueue;
    QueueSortPlugin *m_queueSort = nullptr;
    std::vector<PointEntry<PreFilterPlugin>> m_preFilter;
    std::vector<PointEntry<FilterPlugin>> m_filter;
    std::vector<PointEntry<PostFilterPlugin>> m_postFilter;
    std::vector<PointEntry<PreScorePlugin>> m_preScore;
    std::vector<PointEntry<ScorePlugin>> m_score;
    std::vector<PointEntry<ReservePlugin>> m_reserve;
    std::vector<PointEntry<PermitPlugin>> m_permit;
    std::vector<PointEntry<PreBindPlugin>> m_preBind;
    std::vector<PointEntry<BindPlugin>> m_bind;
    std::vector<PointEntry<PostBindPlugin>> m_postBind;
};

} // namespace k8slab::scheduler
