#include "core/scheduler/plugins/inter_pod_affinity/inter_pod_affinity.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/normalize.h"

#include <climits>
#include <map>

namespace k8slab::scheduler::plugins {

namespace {

using TopologyCounts = std::map<std::pair<std::string, std::string>, std::int64_t>;

struct FilterState : StateData {
    TopologyCounts existingAntiAffinity; // existing pods' anti-affinity terms matching the incoming pod
    TopologyCounts affinity;             // pods matching all the incoming pod's required affinity terms
    TopologyCounts antiAffinity;         // pods matching the incoming pod's required anti-affinity terms
    std::unique_ptr<StateData> clone() const override { return std::make_unique<FilterState>(*this); }
};

struct ScoreState : StateData {
    std::map<std::string, std::map<std::string, std::int64_t>> topologyScore;
    std::unique_ptr<StateData> clone() const override { return std::make_unique<ScoreState>(*this); }
};

bool matchesAll(const std::vector<AffinityTerm> &terms, const PodInfo &pod, const NamespaceLabels &ns)
{
    if (terms.empty())
        return false;
    for (const AffinityTerm &t : terms)
        if (!t.matches(pod.ns, pod.labels, ns))
            return false;
    return true;
}

// Existing pod on `node` against the incoming pod's terms.
void countIncoming(FilterState &s, const PodInfo &incoming, const PodInfo &existing, const NodeInfo &node,
                   const NamespaceLabels &ns, std::int64_t delta)
{
    if (matchesAll(incoming.requiredAffinity, existing, ns))
        for (const AffinityTerm &t : incoming.requiredAffinity)
            if (const std::string *v = node.label(t.topologyKey))
                s.affinity[{t.topologyKey, *v}] += delta;
    for (const AffinityTerm &t : incoming.requiredAntiAffinity)
        if (t.matches(existing.ns, existing.labels, ns))
            if (const std::string *v = node.label(t.topologyKey))
                s.antiAffinity[{t.topologyKey, *v}] += delta;
}

// The existing pod's required anti-affinity against the incoming pod.
void countExisting(FilterState &s, const PodInfo &incoming, const PodInfo &existing, const NodeInfo &node,
                   const NamespaceLabels &ns, std::int64_t delta)
{
    for (const AffinityTerm &t : existing.requiredAntiAffinity)
        if (t.matches(incoming.ns, incoming.labels, ns))
            if (const std::string *v = node.label(t.topologyKey))
                s.existingAntiAffinity[{t.topologyKey, *v}] += delta;
}

void prune(TopologyCounts &counts)
{
    for (auto it = counts.begin(); it != counts.end();)
        it = it->second == 0 ? counts.erase(it) : std::next(it);
}

} // namespace

InterPodAffinity::InterPodAffinity(const Handle &handle, const api::Json &args) : m_handle(handle)
{
    if (args.is_object()) {
        m_hardPodAffinityWeight = args.value("hardPodAffinityWeight", 1);
        m_ignorePreferredTermsOfExistingPods = args.value("ignorePreferredTermsOfExistingPods", false);
    }
}

std::string_view InterPodAffinity::name() const { return names::kInterPodAffinity; }

NamespaceLabels InterPodAffinity::namespaceLabels() const
{
    const ClusterLister *lister = m_handle.snapshot->lister();
    if (!lister)
        return {};
    return [lister](const std::string &ns) { return lister->namespaceLabels(ns); };
}

PluginStatus InterPodAffinity::preFilter(CycleState &state, const PodInfo &pod, PreFilterResult &)
{
    auto s = std::make_unique<FilterState>();
    const NamespaceLabels ns = namespaceLabels();
    const bool incomingTerms = !pod.requiredAffinity.empty() || !pod.requiredAntiAffinity.empty();
    if (m_handle.snapshot->podsWithRequiredAntiAffinityCount() == 0 && !incomingTerms)
        return PluginStatus(Code::Skip);
    for (const NodeInfo *node : m_handle.snapshot->nodes()) {
        for (const PodInfoPtr &existing : node->podsWithRequiredAntiAffinity())
            countExisting(*s, pod, *existing, *node, ns, 1);
        if (incomingTerms)
            for (const PodInfoPtr &existing : node->pods())
                countIncoming(*s, pod, *existing, *node, ns, 1);
    }
    prune(s->existingAntiAffinity);
    if (s->existingAntiAffinity.empty() && !incomingTerms)
        return PluginStatus(Code::Skip);
    state.write(name(), std::move(s));
    return {};
}

PluginStatus InterPodAffinity::update(CycleState &state, const PodInfo &pod, const PodInfo &changed,
                                      const NodeInfo &node, int delta)
{
    auto *s = state.read<FilterState>(name());
    if (!s)
        return {};
    const NamespaceLabels ns = namespaceLabels();
    countExisting(*s, pod, changed, node, ns, delta);
    countIncoming(*s, pod, changed, node, ns, delta);
    prune(s->existingAntiAffinity);
    prune(s->affinity);
    prune(s->antiAffinity);
    return {};
}

PluginStatus InterPodAffinity::addPod(CycleState &state, const PodInfo &pod, const PodInfoPtr &added, const NodeInfo &node)
{
    return update(state, pod, *added, node, +1);
}

PluginStatus InterPodAffinity::removePod(CycleState &state, const PodInfo &pod, const PodInfoPtr &removed,
                                         const NodeInfo &node)
{
    return update(state, pod, *removed, node, -1);
}

PluginStatus InterPodAffinity::filter(const CycleState &state, const PodInfo &pod, const NodeInfo &node) const
{
    const auto *s = state.read<FilterState>(name());
    if (!s)
        return PluginStatus(Code::Error, "InterPodAffinity: no PreFilter state");

    // 1. The incoming pod's required affinity: every term's domain on this node must
    //    hold a matching pod (or, for the first of a self-affine group, none exists anywhere).
    bool podsExist = true;
    for (const AffinityTerm &t : pod.requiredAffinity) {
        const std::string *v = node.label(t.topologyKey);
        if (!v)
            return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonAffinity));
        auto it = s->affinity.find({t.topologyKey, *v});
        if (it == s->affinity.end() || it->second <= 0)
            podsExist = false;
    }
    if (!podsExist && !(s->affinity.empty() && matchesAll(pod.requiredAffinity, pod, namespaceLabels())))
        return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonAffinity));

    // 2. The incoming pod's required anti-affinity.
    if (!s->antiAffinity.empty())
        for (const AffinityTerm &t : pod.requiredAntiAffinity)
            if (const std::string *v = node.label(t.topologyKey)) {
                auto it = s->antiAffinity.find({t.topologyKey, *v});
                if (it != s->antiAffinity.end() && it->second > 0)
                    return PluginStatus(Code::Unschedulable, std::string(kReasonAntiAffinity));
            }

    // 3. Existing pods' required anti-affinity against the incoming pod.
    if (!s->existingAntiAffinity.empty())
        for (auto it = node.labels().begin(); it != node.labels().end(); ++it) {
            if (!it->is_string())
                continue;
            auto c = s->existingAntiAffinity.find({it.key(), it->get<std::string>()});
            if (c != s->existingAntiAffinity.end() && c->second > 0)
                return PluginStatus(Code::Unschedulable, std::string(kReasonExistingAntiAffinity));
        }
    return {};
}

PluginStatus InterPodAffinity::preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes)
{
    if (nodes.empty())
        return {};
    const bool hasConstraints = !pod.preferredAffinity.empty() || !pod.preferredAntiAffinity.empty();
    if (m_ignorePreferredTermsOfExistingPods && !hasConstraints)
        return PluginStatus(Code::Skip);
    if (!hasConstraints && m_handle.snapshot->podsWithAffinityCount() == 0)
        return PluginStatus(Code::Skip);
    auto s = std::make_unique<ScoreState>();
    const NamespaceLabels ns = namespaceLabels();
    auto add = [&](const AffinityTerm &t, std::int64_t weight, const PodInfo &target, const NodeInfo &node) {
        if (!t.matches(target.ns, target.labels, ns))
            return;
        if (const std::string *v = node.label(t.topologyKey))
            s->topologyScore[t.topologyKey][*v] += weight;
    };
    for (const NodeInfo *node : m_handle.snapshot->nodes()) {
        if (node->labels().empty())
            continue;
        const std::vector<PodInfoPtr> &existingPods = hasConstraints ? node->pods() : node->podsWithAffinity();
        for (const PodInfoPtr &existing : existingPods) {
            for (const WeightedAffinityTerm &w : pod.preferredAffinity)
                add(w.term, w.weight, *existing, *node);
            for (const WeightedAffinityTerm &w : pod.preferredAntiAffinity)
                add(w.term, -w.weight, *existing, *node);
            if (m_hardPodAffinityWeight > 0)
                for (const AffinityTerm &t : existing->requiredAffinity)
                    add(t, m_hardPodAffinityWeight, pod, *node);
            // ignorePreferredTermsOfExistingPods only makes PreScore skip (above) for a pod
            // without preferred terms; otherwise existing pods' preferences still count.
            for (const WeightedAffinityTerm &w : existing->preferredAffinity)
                add(w.term, w.weight, pod, *node);
            for (const WeightedAffinityTerm &w : existing->preferredAntiAffinity)
                add(w.term, -w.weight, pod, *node);
        }
    }
    if (s->topologyScore.empty())
        return PluginStatus(Code::Skip);
    state.write(name(), std::move(s));
    return {};
}

std::int64_t InterPodAffinity::score(const CycleState &state, const PodInfo &, const NodeInfo &node,
                                     PluginStatus &status) const
{
    const auto *s = state.read<ScoreState>(name());
    if (!s) {
        status = PluginStatus(Code::Error, "InterPodAffinity: no PreScore state");
        return 0;
    }
    std::int64_t score = 0;
    for (const auto &[key, values] : s->topologyScore)
        if (const std::string *v = node.label(key))
            if (auto it = values.find(*v); it != values.end())
                score += it->second;
    return score;
}

PluginStatus InterPodAffinity::normalize(const CycleState &, const PodInfo &, const std::vector<NodeInfo *> &,
                                         std::vector<std::int64_t> &scores) const
{
    std::int64_t min = INT64_MAX;
    std::int64_t max = INT64_MIN;
    for (std::int64_t s : scores) {
        min = std::min(min, s);
        max = std::max(max, s);
    }
    const std::int64_t diff = max - min;
    for (std::int64_t &s : scores) {
        double f = 0;
        if (diff > 0)
            f = static_cast<double>(kMaxNodeScore) * (static_cast<double>(s - min) / static_cast<double>(diff));
        s = static_cast<std::int64_t>(f);
    }
    return {};
}

} // namespace k8slab::scheduler::plugins
