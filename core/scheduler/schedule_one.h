#pragma once

#include "core/scheduler/decision_record.h"
#include "core/scheduler/framework/fit_error.h"
#include "core/scheduler/framework/framework.h"

#include <optional>
#include <string>

namespace k8slab::scheduler {

/// The outcome of the scheduling algorithm for one pod.
struct ScheduleResult {
    std::string suggestedHost;      ///< The chosen node (empty on failure).
    int evaluatedNodes = 0;         ///< Nodes filtered.
    int feasibleNodes = 0;          ///< Nodes that passed.
    PluginStatus status;            ///< Success, a rejection (with fitError) or an error.
    std::optional<FitError> fitError; ///< Why no node fits.
};

/// How many feasible nodes to look for among `numAllNodes` (upstream's
/// numFeasibleNodesToFind): all below 100 nodes; else the percentage (adaptive
/// 50 - n/125, at least 5, when 0) of the nodes, but at least 100.
int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes);

/// Upstream's schedulePod: PreFilter, the nominated node first, a round-robin filter
/// scan that stops once enough feasible nodes are found, PreScore/Score and a
/// uniformly random pick among the top-scoring nodes — writing everything it does into
/// a DecisionRecord. The scan position carries over from attempt to attempt.
class SchedulingAlgorithm {
public:
    /// An algorithm using the global percentageOfNodesToScore.
    explicit SchedulingAlgorithm(int percentageOfNodesToScore = 0) : m_percentage(percentageOfNodesToScore) {}

    /// Schedules `pod` with `fw` over the framework's snapshot. `timed` measures every
    /// plugin call (costly on big clusters; the scheduler samples it).
    ScheduleResult schedulePod(Framework &fw, CycleState &state, const PodInfo &pod, DecisionRecord &record,
                               bool timed);

    /// Where the next scan starts.
    [[nodiscard]] int nextStartNodeIndex() const { return m_nextStart; }
    /// Starts the next scan at `index` (a what-if scans where the real next attempt would).
    void setNextStartNodeIndex(int index) { m_nextStart = index; }

private:
    std::string selectHost(Framework &fw, const std::vector<NodeInfo *> &nodes, const std::vector<std::int64_t> &totals);

    int m_percentage = 0;
    int m_nextStart = 0;
};

} // namespace k8slab::scheduler
