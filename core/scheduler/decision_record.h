#pragma once

#include "core/api/json.h"
#include "core/scheduler/framework/plugin_status.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace k8slab::scheduler {

/// What happened to one node in a scheduling attempt.
struct NodeDecision {
    std::string node;                  ///< Node name.
    std::string rejectedBy;            ///< The plugin (and point) that rejected it; empty when it passed.
    Code code = Code::Success;         ///< The rejecting status's code.
    std::vector<std::string> reasons;  ///< The rejecting status's reasons.
    std::vector<std::int64_t> raw;        ///< Raw score per score plugin (empty: not scored).
    std::vector<std::int64_t> normalized; ///< Normalized score per score plugin.
    std::int64_t total = 0;            ///< Weighted total.
};

/// The outcome of a plugin at PreFilter, PreScore or PostFilter.
struct PluginOutcome {
    std::string plugin;   ///< Plugin name.
    Code code = Code::Success; ///< Its code.
    std::string message;  ///< Its message.
};

/// A score plugin column of the record.
struct ScoreColumn {
    std::string plugin;       ///< Plugin name.
    std::int64_t weight = 1;  ///< Its weight.
    bool skipped = false;     ///< PreScore skipped it.
};

/// One scheduling attempt explained completely: every node examined and where it
/// stopped, every score, the nodes sampling left out, the outcome and its message,
/// preemption's candidates and victims, and the time each plugin took.
struct DecisionRecord {
    std::uint64_t id = 0;          ///< Attempt number across the scheduler.
    int attempt = 0;               ///< The pod's attempt number (1 for the first).
    std::string pod;               ///< "ns/name".
    std::string podUid;            ///< The pod's uid.
    std::string profile;           ///< The profile's schedulerName.
    std::int64_t timeNs = 0;       ///< Lab clock when the attempt started.
    std::int64_t durationNs = 0;   ///< Wall time of the scheduling cycle.

    int numAllNodes = 0;           ///< Nodes in the snapshot.
    int numNodesToFind = 0;        ///< Feasible nodes wanted (percentageOfNodesToScore).
    int startIndex = 0;            ///< Where the round-robin scan started.
    bool nominatedNodeFirst = false; ///< The nominated node was tried first (and passed).
    std::vector<std::string> filterPlugins; ///< Filter plugins in order.
    std::vector<PluginOutcome> preFilter;   ///< PreFilter outcomes.
    std::vector<PluginOutcome> preScore;    ///< PreScore outcomes.
    std::vector<ScoreColumn> scorePlugins;  ///< Score plugins and weights.
    std::vector<NodeDecision> nodes;        ///< Nodes examined, in scan order.
    int notExamined = 0;                    ///< Nodes sampling left out.
    std::vector<std::string> notExaminedNodes; ///< Their names (for clusters of at most 256 nodes).

    std::string result;            ///< Scheduled, Unschedulable, Error or Nominated.
    std::string selectedNode;      ///< The chosen node.
    std::string message;           ///< FailedScheduling message or error.
    std::vector<PluginOutcome> postFilter; ///< PostFilter outcome.
    std::string nominatedNode;     ///< Preemption's nominated node.
    std::vector<std::string> victims; ///< Pods preempted ("ns/name").
    std::vector<std::pair<std::string, std::vector<std::string>>> candidates; ///< Preemption candidates and victims.
    bool timed = false;            ///< Per-plugin filter/score times were measured this attempt.
    std::vector<std::pair<std::string, std::int64_t>> pluginTimes; ///< "Filter/NodeAffinity" → ns.

    /// The record as JSON (the lab API's and the GUI's form). Without `timings` it leaves
    /// out the wall-clock durations, so the trace stays the same for the same seed.
    [[nodiscard]] api::Json toJson(bool timings = true) const;
    /// A summary kept when the full record is dropped: outcome, node, message, counts.
    [[nodiscard]] api::Json summaryJson(bool timings = true) const;
    /// Roughly how many bytes the record holds (for the memory bound).
    [[nodiscard]] std::size_t approxBytes() const;
};

} // namespace k8slab::scheduler
