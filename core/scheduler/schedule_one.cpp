#include "core/scheduler/schedule_one.h"

#include "core/engine/random.h"

#include <chrono>

namespace k8slab::scheduler {

namespace {

constexpr int kMinFeasibleNodesToFind = 100;
constexpr int kMinFeasibleNodesPercentageToFind = 5;
constexpr std::size_t kListNotExaminedUpTo = 256;

void recordRejection(DecisionRecord &record, const std::string &node, const PluginStatus &s)
{
    NodeDecision d;
    d.node = node;
    d.rejectedBy = s.plugin().empty() ? std::string("?") : s.plugin();
    d.code = s.code();
    d.reasons = s.reasons();
    record.nodes.push_back(std::move(d));
}

} // namespace

int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
{
    if (numAllNodes < kMinFeasibleNodesToFind)
        return numAllNodes;
    int pct = percentageOfNodesToScore;
    if (pct == 0) {
        pct = 50 - numAllNodes / 125;
        if (pct < kMinFeasibleNodesPercentageToFind)
            pct = kMinFeasibleNodesPercentageToFind;
    }
    const int n = static_cast<int>(static_cast<std::int64_t>(numAllNodes) * pct / 100);
    return std::max(n, kMinFeasibleNodesToFind);
}

std::string SchedulingAlgorithm::selectHost(Framework &fw, const std::vector<NodeInfo *> &nodes,
                                            const std::vector<std::int64_t> &totals)
{
    // Reservoir sampling over the nodes tied at the top score: each is equally likely.
    std::size_t selected = 0;
    std::int64_t best = totals.front();
    std::uint64_t ties = 1;
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        if (totals[i] > best) {
            best = totals[i];
            selected = i;
            ties = 1;
        } else if (totals[i] == best) {
            ++ties;
            if (!fw.handle().random || fw.handle().random->below(ties) == 0)
                selected = i;
        }
    }
    return nodes[selected]->name();
}

ScheduleResult SchedulingAlgorithm::schedulePod(Framework &fw, CycleState &state, const PodInfo &pod,
                                                DecisionRecord &record, bool timed)
{
    using Clock = std::chrono::steady_clock;
    auto elapsed = [](Clock::time_point since) {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - since).count();
    };
    ScheduleResult result;
    Snapshot &snapshot = *fw.handle().snapshot;
    const std::vector<NodeInfo *> &allNodes = snapshot.nodes();
    record.numAllNodes = static_cast<int>(allNodes.size());
    record.timed = timed;
    for (const auto &e : fw.filterPlugins())
        record.filterPlugins.push_back(e.name);
    for (const auto &e : fw.scorePlugins())
        record.scorePlugins.push_back({e.name, e.weight, false});

    if (allNodes.empty()) {
        result.status = PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kNoNodesAvailable));
        return result;
    }

    // PreFilter.
    PreFilterResult preResult;
    std::vector<PluginStatus> preOutcomes;
    const auto preStart = Clock::now();
    PluginStatus pre = fw.runPreFilter(state, pod, preResult, &preOutcomes);
    record.pluginTimes.emplace_back("PreFilter", elapsed(preStart));
    for (const PluginStatus &s : preOutcomes)
        record.preFilter.push_back({s.plugin(), s.code(), s.message()});
    if (!pre.ok()) {
        if (!pre.rejected()) {
            result.status = pre;
            return result;
        }
        FitError fit;
        fit.numAllNodes = record.numAllNodes;
        fit.preFilterMsg = pre.message();
        for (NodeInfo *n : allNodes) {
            fit.statuses[n->name()] = pre;
            recordRejection(record, n->name(), pre);
        }
        result.fitError = std::move(fit);
        result.status = pre;
        return result;
    }

    std::vector<NodeInfo *> feasible;
    PluginTimes filterTimes(fw.filterPlugins().size(), 0);
    PluginTimes *times = timed ? &filterTimes : nullptr;
    FitError fit;
    fit.numAllNodes = record.numAllNodes;

    // The nominated node (from an earlier preemption) is tried first.
    if (!pod.nominatedNodeName.empty())
        if (NodeInfo *nominated = snapshot.node(pod.nominatedNodeName)) {
            PluginStatus s = fw.runFiltersWithNominatedPods(state, pod, *nominated, times);
            if (s.ok()) {
                record.nominatedNodeFirst = true;
                record.nodes.push_back({nominated->name(), {}, Code::Success, {}, {}, {}, 0});
                feasible.push_back(nominated);
            } else if (s.code() == Code::Error) {
                result.status = s;
                return result;
            } else {
                fit.statuses[nominated->name()] = s;
                recordRejection(record, nominated->name(), s);
            }
        }

    if (feasible.empty()) {
        std::vector<NodeInfo *> restricted;
        const std::vector<NodeInfo *> *nodes = &allNodes;
        if (preResult.nodeNames) {
            for (NodeInfo *n : allNodes)
                if (preResult.nodeNames->count(n->name()))
                    restricted.push_back(n);
            nodes = &restricted;
        }
        const int numAll = static_cast<int>(nodes->size());
        int toFind = numFeasibleNodesToFind(fw.percentageOfNodesToScore().value_or(m_percentage), numAll);
        if (fw.scorePlugins().empty())
            toFind = std::min(toFind, 1);
        record.numNodesToFind = toFind;
        record.startIndex = m_nextStart;
        int processed = 0;
        for (int i = 0; i < numAll && static_cast<int>(feasible.size()) < toFind; ++i) {
            NodeInfo *node = (*nodes)[static_cast<std::size_t>((m_nextStart + i) % numAll)];
            ++processed;
            PluginStatus s = fw.runFiltersWithNominatedPods(state, pod, *node, times);
            if (s.ok()) {
                feasible.push_back(node);
                record.nodes.push_back({node->name(), {}, Code::Success, {}, {}, {}, 0});
                continue;
            }
            if (s.code() == Code::Error) {
                m_nextStart = (m_nextStart + processed) % static_cast<int>(allNodes.size());
                result.status = s;
                return result;
            }
            fit.statuses[node->name()] = s;
            recordRejection(record, node->name(), s);
        }
        record.notExamined = numAll - processed;
        if (allNodes.size() <= kListNotExaminedUpTo)
            for (int i = processed; i < numAll; ++i)
                record.notExaminedNodes.push_back((*nodes)[static_cast<std::size_t>((m_nextStart + i) % numAll)]->name());
        m_nextStart = (m_nextStart + processed) % static_cast<int>(allNodes.size());
    }
    if (timed)
        for (std::size_t i = 0; i < filterTimes.size(); ++i)
            record.pluginTimes.emplace_back("Filter/" + fw.filterPlugins()[i].name, filterTimes[i]);

    result.evaluatedNodes = static_cast<int>(record.nodes.size());
    result.feasibleNodes = static_cast<int>(feasible.size());
    if (feasible.empty()) {
        result.status = PluginStatus(Code::Unschedulable);
        result.fitError = std::move(fit);
        return result;
    }
    if (feasible.size() == 1) {
        // One feasible node: upstream skips scoring altogether.
        result.suggestedHost = feasible.front()->name();
        return result;
    }

    // PreScore and Score.
    std::vector<PluginStatus> preScoreOutcomes;
    const auto preScoreStart = Clock::now();
    PluginStatus ps = fw.runPreScore(state, pod, feasible, &preScoreOutcomes);
    record.pluginTimes.emplace_back("PreScore", elapsed(preScoreStart));
    for (const PluginStatus &s : preScoreOutcomes)
        record.preScore.push_back({s.plugin(), s.code(), s.message()});
    if (!ps.ok()) {
        result.status = ps;
        return result;
    }
    for (ScoreColumn &c : record.scorePlugins)
        c.skipped = state.skipScore.count(c.plugin) > 0;
    std::vector<std::vector<std::int64_t>> raw;
    std::vector<std::vector<std::int64_t>> normalized;
    std::vector<std::int64_t> totals;
    PluginTimes scoreTimes(fw.scorePlugins().size(), 0);
    PluginStatus ss = fw.runScore(state, pod, feasible, raw, normalized, totals, timed ? &scoreTimes : nullptr);
    if (!ss.ok()) {
        result.status = ss;
        return result;
    }
    if (timed)
        for (std::size_t i = 0; i < scoreTimes.size(); ++i)
            if (!record.scorePlugins[i].skipped)
                record.pluginTimes.emplace_back("Score/" + fw.scorePlugins()[i].name, scoreTimes[i]);
    if (fw.scorePlugins().empty())
        totals.assign(feasible.size(), 1);

    // Attach scores to the feasible nodes' entries (feasible order = record order of passes).
    std::size_t f = 0;
    for (NodeDecision &d : record.nodes) {
        if (!d.rejectedBy.empty() || f >= feasible.size() || d.node != feasible[f]->name())
            continue;
        d.raw.resize(raw.size(), 0);
        d.normalized.resize(raw.size(), 0);
        for (std::size_t p = 0; p < raw.size(); ++p)
            if (!raw[p].empty()) {
                d.raw[p] = raw[p][f];
                d.normalized[p] = normalized[p][f];
            }
        d.total = totals[f];
        ++f;
    }
    result.suggestedHost = selectHost(fw, feasible, totals);
    return result;
}

} // namespace k8slab::scheduler
