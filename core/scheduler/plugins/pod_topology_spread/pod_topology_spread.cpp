#include "core/scheduler/plugins/pod_topology_spread/pod_topology_spread.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/normalize.h"

#include <climits>
#include <cmath>
#include <set>

namespace k8slab::scheduler::plugins {

namespace {

constexpr const char *kHostname = "kubernetes.io/hostname";

bool hasAllKeys(const NodeInfo &node, const std::vector<SpreadConstraint> &constraints)
{
    for (const SpreadConstraint &c : constraints)
        if (!node.label(c.topologyKey))
            return false;
    return true;
}

// Matching pods on the node: same namespace, not terminating, selected. As upstream's
// countPodsMatchSelector (v1.27-v1.32), an empty selector ({}: Everything) counts none.
int countMatching(const NodeInfo &node, const SpreadConstraint &c, const std::string &ns)
{
    if (!c.selector || c.selector->empty())
        return 0;
    int n = 0;
    for (const PodInfoPtr &p : node.pods())
        if (!p->terminating && p->ns == ns && c.selector->matches(p->labels))
            ++n;
    return n;
}

bool includesNode(const SpreadConstraint &c, const PodInfo &pod, const NodeInfo &node)
{
    if (c.honorNodeAffinity && !matchesRequiredNodeAffinity(pod, node))
        return false;
    if (c.honorNodeTaints && untoleratedScheduleTaint(pod, node))
        return false;
    return true;
}

struct FilterState : StateData {
    std::vector<SpreadConstraint> constraints;
    // TpPairToMatchNum: key -> value -> matching pods.
    std::map<std::string, std::map<std::string, int>> matchNum;

    std::unique_ptr<StateData> clone() const override { return std::make_unique<FilterState>(*this); }

    int minMatch(const std::string &key, int minDomains) const
    {
        auto it = matchNum.find(key);
        if (it == matchNum.end() || static_cast<int>(it->second.size()) < minDomains)
            return 0;
        int min = INT_MAX;
        for (const auto &[value, n] : it->second)
            min = std::min(min, n);
        return min;
    }
};

struct ScoreState : StateData {
    std::vector<SpreadConstraint> constraints;
    std::set<std::string> ignored;
    std::map<std::pair<std::string, std::string>, std::int64_t> pairCounts;
    std::vector<double> weights;
    std::unique_ptr<StateData> clone() const override { return std::make_unique<ScoreState>(*this); }
};

} // namespace

Result<std::unique_ptr<PodTopologySpread>> PodTopologySpread::create(const Handle &handle, const api::Json &args)
{
    std::unique_ptr<PodTopologySpread> p(new PodTopologySpread(handle));
    const std::string type = args.is_object() ? args.value("defaultingType", "System") : "System";
    if (type == "System") {
        SpreadConstraint host;
        host.topologyKey = kHostname;
        host.maxSkew = 3;
        host.hard = false;
        SpreadConstraint zone;
        zone.topologyKey = "topology.kubernetes.io/zone";
        zone.maxSkew = 5;
        zone.hard = false;
        p->m_defaults = {host, zone};
    } else if (type == "List") {
        p->m_systemDefaulted = false;
        if (args.contains("defaultConstraints") && args["defaultConstraints"].is_array())
            for (const api::Json &c : args["defaultConstraints"]) {
                if (c.contains("labelSelector"))
                    return Status(StatusCode::Invalid,
                                  "defaultConstraints.labelSelector: Forbidden: constraint must not define a selector, "
                                  "as they deduced for each pod");
                SpreadConstraint s;
                s.topologyKey = c.value("topologyKey", "");
                s.maxSkew = c.value("maxSkew", 1);
                s.hard = c.value("whenUnsatisfiable", "DoNotSchedule") != "ScheduleAnyway";
                p->m_defaults.push_back(s);
            }
    } else {
        return Status(StatusCode::Invalid, "defaultingType: Unsupported value: \"" + type +
                                               "\": supported values: \"List\", \"System\"");
    }
    return p;
}

std::string_view PodTopologySpread::name() const { return names::kPodTopologySpread; }

std::vector<SpreadConstraint> PodTopologySpread::constraintsFor(const PodInfo &pod, bool hard) const
{
    std::vector<SpreadConstraint> out;
    if (!pod.spreadConstraints.empty()) {
        for (const SpreadConstraint &c : pod.spreadConstraints)
            if (c.hard == hard)
                out.push_back(c);
        return out;
    }
    if (m_defaults.empty())
        return out;
    const ClusterLister *lister = m_handle.snapshot ? m_handle.snapshot->lister() : nullptr;
    std::optional<api::LabelSelector> selector = lister ? lister->defaultSelector(pod) : std::nullopt;
    if (!selector || selector->empty())
        return out;
    for (SpreadConstraint c : m_defaults)
        if (c.hard == hard) {
            c.selector = selector;
            out.push_back(std::move(c));
        }
    return out;
}

PluginStatus PodTopologySpread::preFilter(CycleState &state, const PodInfo &pod, PreFilterResult &)
{
    auto s = std::make_unique<FilterState>();
    s->constraints = constraintsFor(pod, true);
    if (s->constraints.empty())
        return PluginStatus(Code::Skip);
    for (const NodeInfo *node : m_handle.snapshot->nodes()) {
        if (!hasAllKeys(*node, s->constraints))
            continue;
        std::map<std::pair<std::string, std::string>, int> local;
        for (const SpreadConstraint &c : s->constraints) {
            if (!includesNode(c, pod, *node))
                continue;
            local[{c.topologyKey, *node->label(c.topologyKey)}] = countMatching(*node, c, pod.ns);
        }
        for (const auto &[pair, n] : local)
            s->matchNum[pair.first][pair.second] += n;
    }
    state.write(name(), std::move(s));
    return {};
}

PluginStatus PodTopologySpread::update(CycleState &state, const PodInfo &pod, const PodInfo &changed,
                                       const NodeInfo &node, int delta)
{
    auto *s = state.read<FilterState>(name());
    if (!s || changed.ns != pod.ns || !hasAllKeys(node, s->constraints))
        return {};
    for (const SpreadConstraint &c : s->constraints) {
        if (!c.selector || !c.selector->matches(changed.labels) || !includesNode(c, pod, node))
            continue;
        s->matchNum[c.topologyKey][*node.label(c.topologyKey)] += delta;
    }
    return {};
}

PluginStatus PodTopologySpread::addPod(CycleState &state, const PodInfo &pod, const PodInfoPtr &added, const NodeInfo &node)
{
    return update(state, pod, *added, node, +1);
}

PluginStatus PodTopologySpread::removePod(CycleState &state, const PodInfo &pod, const PodInfoPtr &removed,
                                          const NodeInfo &node)
{
    return update(state, pod, *removed, node, -1);
}

PluginStatus PodTopologySpread::filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const
{
    const auto *s = state.read<FilterState>(name());
    if (!s)
        return PluginStatus(Code::Error, "PodTopologySpread: no PreFilter state");
    for (const SpreadConstraint &c : s->constraints) {
        const std::string *value = node.label(c.topologyKey);
        if (!value)
            return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonNodeLabelNotMatch));
        const int minMatch = s->minMatch(c.topologyKey, c.minDomains);
        const int self = c.selector && c.selector->matches(pod.labels) ? 1 : 0;
        int matchNum = 0;
        if (auto k = s->matchNum.find(c.topologyKey); k != s->matchNum.end())
            if (auto v = k->second.find(*value); v != k->second.end())
                matchNum = v->second;
        if (matchNum + self - minMatch > c.maxSkew)
            return PluginStatus(Code::Unschedulable, std::string(kReasonConstraintsNotMatch));
    }
    return {};
}

PluginStatus PodTopologySpread::preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes)
{
    auto s = std::make_unique<ScoreState>();
    s->constraints = constraintsFor(pod, false);
    if (s->constraints.empty())
        return PluginStatus(Code::Skip);
    const bool requireAll = !pod.spreadConstraints.empty() || !m_systemDefaulted;
    std::vector<int> topoSize(s->constraints.size(), 0);
    for (const NodeInfo *node : nodes) {
        if (requireAll && !hasAllKeys(*node, s->constraints)) {
            s->ignored.insert(node->name());
            continue;
        }
        for (std::size_t i = 0; i < s->constraints.size(); ++i) {
            const SpreadConstraint &c = s->constraints[i];
            if (c.topologyKey == kHostname)
                continue; // per-node counts are taken in Score
            const std::string *value = node->label(c.topologyKey);
            auto [it, inserted] = s->pairCounts.try_emplace({c.topologyKey, value ? *value : std::string()}, 0);
            if (inserted)
                ++topoSize[i];
        }
    }
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        int size = topoSize[i];
        if (s->constraints[i].topologyKey == kHostname)
            size = static_cast<int>(nodes.size() - s->ignored.size());
        s->weights.push_back(std::log(static_cast<double>(size + 2)));
    }
    // Count matching pods per domain over every node the inclusion policies admit.
    for (const NodeInfo *node : m_handle.snapshot->nodes()) {
        if (requireAll && !hasAllKeys(*node, s->constraints))
            continue;
        for (const SpreadConstraint &c : s->constraints) {
            if (!includesNode(c, pod, *node))
                continue;
            const std::string *value = node->label(c.topologyKey);
            auto it = s->pairCounts.find({c.topologyKey, value ? *value : std::string()});
            if (it == s->pairCounts.end())
                continue;
            it->second += countMatching(*node, c, pod.ns);
        }
    }
    state.write(name(), std::move(s));
    return {};
}

std::int64_t PodTopologySpread::score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                                      PluginStatus &status) const
{
    const auto *s = state.read<ScoreState>(name());
    if (!s) {
        status = PluginStatus(Code::Error, "PodTopologySpread: no PreScore state");
        return 0;
    }
    if (s->ignored.count(node.name()))
        return 0;
    double score = 0;
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const SpreadConstraint &c = s->constraints[i];
        const std::string *value = node.label(c.topologyKey);
        if (!value)
            continue;
        std::int64_t count = 0;
        if (c.topologyKey == kHostname) {
            count = countMatching(node, c, pod.ns);
        } else if (auto it = s->pairCounts.find({c.topologyKey, *value}); it != s->pairCounts.end()) {
            count = it->second;
        }
        score += static_cast<double>(count) * s->weights[i] + static_cast<double>(c.maxSkew - 1);
    }
    return static_cast<std::int64_t>(std::round(score));
}

PluginStatus PodTopologySpread::normalize(const CycleState &state, const PodInfo &, const std::vector<NodeInfo *> &nodes,
                                    std::vector<std::int64_t> &scores) const
{
    const auto *s = state.read<ScoreState>(name());
    if (!s)
        return {};
    std::int64_t min = INT64_MAX;
    std::int64_t max = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (s->ignored.count(nodes[i]->name()))
            continue;
        min = std::min(min, scores[i]);
        max = std::max(max, scores[i]);
    }
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (s->ignored.count(nodes[i]->name())) {
            scores[i] = 0;
            continue;
        }
        scores[i] = max == 0 ? kMaxNodeScore : kMaxNodeScore * (max + min - scores[i]) / max;
    }
    return {};
}

} // namespace k8slab::scheduler::plugins
