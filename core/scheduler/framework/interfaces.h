#pragma once

#include "core/scheduler/framework/cycle_state.h"
#include "core/scheduler/framework/node_info.h"
#include "core/scheduler/framework/plugin_status.h"
#include "core/scheduler/framework/snapshot.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::engine {
class Random;
}
namespace k8slab::client {
class Client;
}
namespace k8slab::apiserver {
class EventRecorder;
}

namespace k8slab::scheduler {

class Framework;

/// The cluster events a plugin asks to be told about (upstream's EventsToRegister):
/// when one happens, pods that plugin rejected go back to the active queue.
enum class ClusterEvent : std::uint32_t {
    PodAdd = 1u << 0,
    PodUpdate = 1u << 1,
    PodDelete = 1u << 2,
    NodeAdd = 1u << 3,
    NodeDelete = 1u << 4,
    NodeAllocatable = 1u << 5,
    NodeLabel = 1u << 6,
    NodeTaint = 1u << 7,
    NodeCondition = 1u << 8,
    NodeUnschedulable = 1u << 9,
    NodeAnnotation = 1u << 10,
    Wildcard = 0xffffffffu,
};
/// A set of cluster events.
using ClusterEvents = std::uint32_t;
/// All node update kinds.
inline constexpr ClusterEvents kNodeUpdate =
    static_cast<ClusterEvents>(ClusterEvent::NodeAllocatable) | static_cast<ClusterEvents>(ClusterEvent::NodeLabel) |
    static_cast<ClusterEvents>(ClusterEvent::NodeTaint) | static_cast<ClusterEvents>(ClusterEvent::NodeCondition) |
    static_cast<ClusterEvents>(ClusterEvent::NodeUnschedulable) | static_cast<ClusterEvents>(ClusterEvent::NodeAnnotation);
/// Bit helper.
constexpr ClusterEvents bit(ClusterEvent e) { return static_cast<ClusterEvents>(e); }

/// What plugins may use beyond their arguments: the cycle's snapshot, the lab's seeded
/// random source, the framework (preemption re-runs filters), and — in a running
/// scheduler, not in unit tests — the API client and event recorder.
struct Handle {
    Snapshot *snapshot = nullptr;            ///< Nodes and pods.
    engine::Random *random = nullptr;        ///< The lab's seeded generator.
    Framework *framework = nullptr;          ///< The profile running the plugins.
    client::Client *client = nullptr;        ///< API client (null in unit tests).
    apiserver::EventRecorder *events = nullptr; ///< Event recorder (null in unit tests).
    std::string schedulerName = "default-scheduler"; ///< The profile's schedulerName.
    /// Nominated pods by node (for filtering with nominated pods, and preemption).
    std::function<std::vector<PodInfoPtr>(const std::string &node)> nominatedPods;
};

/// A plugin: a name and any number of the extension-point interfaces below.
class Plugin {
public:
    virtual ~Plugin() = default;
    /// The plugin's name (one of names.h).
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// The cluster events that may make a pod this plugin rejected schedulable.
    [[nodiscard]] virtual ClusterEvents eventsToRegister() const { return 0; }
};

/// PreEnqueue: may keep a pod out of the active queue (scheduling gates).
class PreEnqueuePlugin {
public:
    virtual ~PreEnqueuePlugin() = default;
    /// Success lets the pod in; anything else parks it.
    virtual PluginStatus preEnqueue(const PodInfo &pod) = 0;
};

/// A queued pod as QueueSort compares it.
struct QueuedPodView {
    const PodInfo *pod = nullptr; ///< The pod.
    std::int64_t timestampNs = 0; ///< When it was (re)queued.
};

/// QueueSort: the order of the active queue.
class QueueSortPlugin {
public:
    virtual ~QueueSortPlugin() = default;
    /// True when `a` should be scheduled before `b`.
    [[nodiscard]] virtual bool less(const QueuedPodView &a, const QueuedPodView &b) const = 0;
};

/// PreFilter's narrowing of the candidate nodes (nullopt: all nodes).
struct PreFilterResult {
    std::optional<std::set<std::string>> nodeNames; ///< The only nodes worth filtering.
};

/// PreFilter: computes per-cycle state; may reject the pod outright or narrow the nodes.
class PreFilterPlugin {
public:
    virtual ~PreFilterPlugin() = default;
    /// Runs once per cycle.
    virtual PluginStatus preFilter(CycleState &state, const PodInfo &pod, PreFilterResult &result) = 0;
    /// True when the plugin updates its state as pods are added or removed (preemption).
    [[nodiscard]] virtual bool hasExtensions() const { return false; }
    /// The state with `added` placed on `node`.
    virtual PluginStatus addPod(CycleState &, const PodInfo &, const PodInfoPtr &, const NodeInfo &) { return {}; }
    /// The state with `removed` gone from `node`.
    virtual PluginStatus removePod(CycleState &, const PodInfo &, const PodInfoPtr &, const NodeInfo &) { return {}; }
};

/// Filter: can the pod run on this node?
class FilterPlugin {
public:
    virtual ~FilterPlugin() = default;
    /// Success, or why not.
    virtual PluginStatus filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const = 0;
};

/// Per-node filter outcome handed to PostFilter.
using NodeStatusMap = std::map<std::string, PluginStatus>;

/// What PostFilter (preemption) decided.
struct PostFilterResult {
    PluginStatus status;            ///< Success when a node was nominated.
    std::string nominatedNodeName;  ///< The nominated node.
    std::vector<PodInfoPtr> victims; ///< Pods to be evicted there.
    /// Candidate nodes evaluated, with their victims (for the decision record).
    std::vector<std::pair<std::string, std::vector<std::string>>> candidates;
};

/// PostFilter: runs when no node fits.
class PostFilterPlugin {
public:
    virtual ~PostFilterPlugin() = default;
    /// May nominate a node (preemption).
    virtual PostFilterResult postFilter(CycleState &state, const PodInfo &pod, const NodeStatusMap &statuses) = 0;
};

/// PreScore: per-cycle state for scoring; Skip drops the plugin's Score.
class PreScorePlugin {
public:
    virtual ~PreScorePlugin() = default;
    /// Runs once with the feasible nodes.
    virtual PluginStatus preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes) = 0;
};

/// Score: ranks feasible nodes (0..100 after normalization).
class ScorePlugin {
public:
    virtual ~ScorePlugin() = default;
    /// The raw score of one node.
    virtual std::int64_t score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                               PluginStatus &status) const = 0;
    /// True when normalize() rewrites the scores.
    [[nodiscard]] virtual bool hasNormalize() const { return false; }
    /// Maps raw scores to 0..100 in place; scores[i] belongs to nodes[i].
    virtual PluginStatus normalize(const CycleState &, const PodInfo &, const std::vector<NodeInfo *> &,
                                   std::vector<std::int64_t> &) const
    {
        return {};
    }
};

/// Reserve: claims resources before binding; unreserve undoes it.
class ReservePlugin {
public:
    virtual ~ReservePlugin() = default;
    /// Claims.
    virtual PluginStatus reserve(CycleState &state, const PodInfo &pod, const std::string &node) = 0;
    /// Releases.
    virtual void unreserve(CycleState &state, const PodInfo &pod, const std::string &node) = 0;
};

/// Permit: approves, rejects or delays binding.
class PermitPlugin {
public:
    virtual ~PermitPlugin() = default;
    /// Success, Wait or a rejection.
    virtual PluginStatus permit(CycleState &state, const PodInfo &pod, const std::string &node) = 0;
};

/// PreBind: prepares the node (volumes).
class PreBindPlugin {
public:
    virtual ~PreBindPlugin() = default;
    /// Success or an error.
    virtual PluginStatus preBind(CycleState &state, const PodInfo &pod, const std::string &node) = 0;
};

/// Bind: writes the binding; Skip hands it to the next binder.
class BindPlugin {
public:
    virtual ~BindPlugin() = default;
    /// Success, Skip or an error.
    virtual PluginStatus bind(CycleState &state, const PodInfo &pod, const std::string &node) = 0;
};

/// PostBind: informational, after a successful bind.
class PostBindPlugin {
public:
    virtual ~PostBindPlugin() = default;
    /// Told the pod is bound.
    virtual void postBind(CycleState &state, const PodInfo &pod, const std::string &node) = 0;
};

} // namespace k8slab::scheduler
