#include "core/scheduler/decision_record.h"

namespace k8slab::scheduler {

using api::Json;

namespace {

Json outcomes(const std::vector<PluginOutcome> &list)
{
    Json out = Json::array();
    for (const PluginOutcome &o : list) {
        Json e = {{"plugin", o.plugin}, {"code", codeName(o.code)}};
        if (!o.message.empty())
            e["message"] = o.message;
        out.push_back(e);
    }
    return out;
}

std::size_t bytes(const std::string &s) { return sizeof(std::string) + (s.size() > 15 ? s.capacity() : 0); }

} // namespace

Json DecisionRecord::summaryJson(bool timings) const
{
    Json j = {{"id", id},
              {"attempt", attempt},
              {"pod", pod},
              {"profile", profile},
              {"time", timeNs},
              {"result", result},
              {"numAllNodes", numAllNodes},
              {"examined", nodes.size()},
              {"notExamined", notExamined}};
    if (timings)
        j["durationNs"] = durationNs;
    if (!selectedNode.empty())
        j["selectedNode"] = selectedNode;
    if (!message.empty())
        j["message"] = message;
    if (!nominatedNode.empty())
        j["nominatedNode"] = nominatedNode;
    if (!victims.empty())
        j["victims"] = victims;
    return j;
}

Json DecisionRecord::toJson(bool timings) const
{
    Json j = summaryJson(timings);
    j["podUid"] = podUid;
    j["numNodesToFind"] = numNodesToFind;
    j["startIndex"] = startIndex;
    j["nominatedNodeFirst"] = nominatedNodeFirst;
    j["filterPlugins"] = filterPlugins;
    j["preFilter"] = outcomes(preFilter);
    j["preScore"] = outcomes(preScore);
    j["postFilter"] = outcomes(postFilter);
    Json columns = Json::array();
    for (const ScoreColumn &c : scorePlugins)
        columns.push_back({{"plugin", c.plugin}, {"weight", c.weight}, {"skipped", c.skipped}});
    j["scorePlugins"] = columns;
    Json nodeList = Json::array();
    for (const NodeDecision &n : nodes) {
        Json e = {{"node", n.node}, {"feasible", n.rejectedBy.empty()}};
        if (!n.rejectedBy.empty()) {
            e["rejectedBy"] = n.rejectedBy;
            e["code"] = codeName(n.code);
            e["reasons"] = n.reasons;
        }
        if (!n.raw.empty()) {
            Json scores = Json::array();
            for (std::size_t p = 0; p < scorePlugins.size() && p < n.raw.size(); ++p) {
                if (scorePlugins[p].skipped)
                    continue;
                scores.push_back({{"plugin", scorePlugins[p].plugin},
                                  {"raw", n.raw[p]},
                                  {"normalized", n.normalized[p]},
                                  {"weight", scorePlugins[p].weight},
                                  {"weighted", n.normalized[p] * scorePlugins[p].weight}});
            }
            e["scores"] = scores;
            e["total"] = n.total;
        }
        nodeList.push_back(e);
    }
    j["nodes"] = nodeList;
    if (!notExaminedNodes.empty())
        j["notExaminedNodes"] = notExaminedNodes;
    if (!candidates.empty()) {
        Json c = Json::array();
        for (const auto &[node, v] : candidates)
            c.push_back({{"node", node}, {"victims", v}});
        j["candidates"] = c;
    }
    if (timings) {
        j["timed"] = timed;
        Json times = Json::object();
        for (const auto &[name, ns] : pluginTimes)
            times[name] = ns;
        j["pluginTimesNs"] = times;
    }
    return j;
}

std::size_t DecisionRecord::approxBytes() const
{
    std::size_t n = sizeof(DecisionRecord) + bytes(pod) + bytes(podUid) + bytes(message);
    for (const NodeDecision &d : nodes) {
        n += sizeof(NodeDecision) + bytes(d.node) + bytes(d.rejectedBy);
        for (const std::string &r : d.reasons)
            n += bytes(r);
        n += (d.raw.capacity() + d.normalized.capacity()) * sizeof(std::int64_t);
    }
    for (const std::string &s : notExaminedNodes)
        n += bytes(s);
    for (const auto &[name, ns] : pluginTimes)
        n += bytes(name) + sizeof(ns);
    n += (filterPlugins.size() + scorePlugins.size()) * 48;
    return n;
}

} // namespace k8slab::scheduler
