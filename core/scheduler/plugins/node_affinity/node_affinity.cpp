#include "core/scheduler/plugins/node_affinity/node_affinity.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/normalize.h"

namespace k8slab::scheduler::plugins {

namespace {

bool selectorMatches(const api::Json &nodeSelector, const api::Json &labels)
{
    for (auto it = nodeSelector.begin(); it != nodeSelector.end(); ++it) {
        auto l = labels.find(it.key());
        if (l == labels.end() || *l != it.value())
            return false;
    }
    return true;
}

} // namespace

NodeAffinity::NodeAffinity(const api::Json &args)
{
    if (!args.is_object() || !args.contains("addedAffinity"))
        return;
    const api::Json &added = args["addedAffinity"];
    if (added.contains("requiredDuringSchedulingIgnoredDuringExecution"))
        m_addedRequired = parseNodeSelector(added["requiredDuringSchedulingIgnoredDuringExecution"]);
    if (added.contains("preferredDuringSchedulingIgnoredDuringExecution") &&
        added["preferredDuringSchedulingIgnoredDuringExecution"].is_array())
        for (const api::Json &p : added["preferredDuringSchedulingIgnoredDuringExecution"])
            m_addedPreferred.push_back({p.value("weight", 0), parseNodeSelectorTerm(p.value("preference", api::Json()))});
}

std::string_view NodeAffinity::name() const { return names::kNodeAffinity; }

PluginStatus NodeAffinity::preFilter(CycleState &, const PodInfo &pod, PreFilterResult &result)
{
    if (!pod.requiredNodeAffinity && !m_addedRequired && pod.nodeSelector.empty())
        return PluginStatus(Code::Skip);
    if (!pod.requiredNodeAffinity || pod.requiredNodeAffinity->terms.empty())
        return {};
    // Terms that pin metadata.name narrow the nodes worth filtering: the union over
    // terms of each term's intersection of "In" name lists.
    std::optional<std::set<std::string>> names;
    for (const NodeSelectorTerm &term : pod.requiredNodeAffinity->terms) {
        std::optional<std::set<std::string>> termNames;
        for (const NodeSelectorRequirement &r : term.fields) {
            if (r.key != "metadata.name" || r.op != NodeSelectorRequirement::Op::In)
                continue;
            std::set<std::string> values(r.values.begin(), r.values.end());
            if (!termNames) {
                termNames = values;
            } else {
                std::set<std::string> both;
                for (const std::string &v : *termNames)
                    if (values.count(v))
                        both.insert(v);
                termNames = both;
            }
        }
        if (!termNames)
            return {}; // this term may match any node; terms are ORed
        if (!names)
            names.emplace();
        names->insert(termNames->begin(), termNames->end());
    }
    if (names && names->empty())
        return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonConflict));
    result.nodeNames = names;
    return {};
}

PluginStatus NodeAffinity::filter(const CycleState &, const PodInfo &pod, const NodeInfo &node) const
{
    if (m_addedRequired && !m_addedRequired->matches(node.labels(), node.name()))
        return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonEnforced));
    if (!selectorMatches(pod.nodeSelector, node.labels()) ||
        (pod.requiredNodeAffinity && !pod.requiredNodeAffinity->matches(node.labels(), node.name())))
        return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonPod));
    return {};
}

PluginStatus NodeAffinity::preScore(CycleState &, const PodInfo &pod, const std::vector<NodeInfo *> &)
{
    if (pod.preferredNodeAffinity.empty() && m_addedPreferred.empty())
        return PluginStatus(Code::Skip);
    return {};
}

std::int64_t NodeAffinity::score(const CycleState &, const PodInfo &pod, const NodeInfo &node, PluginStatus &) const
{
    std::int64_t total = 0;
    for (const auto *terms : {&m_addedPreferred, &pod.preferredNodeAffinity})
        for (const PreferredSchedulingTerm &t : *terms)
            if (t.weight != 0 && t.term.matches(node.labels(), node.name()))
                total += t.weight;
    return total;
}

PluginStatus NodeAffinity::normalize(const CycleState &, const PodInfo &, const std::vector<NodeInfo *> &,
                                    std::vector<std::int64_t> &scores) const
{
    defaultNormalizeScore(scores, false);
    return {};
}

} // namespace k8slab::scheduler::plugins
