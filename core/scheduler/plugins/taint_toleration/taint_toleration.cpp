#include "core/scheduler/plugins/taint_toleration/taint_toleration.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/normalize.h"

namespace k8slab::scheduler::plugins {

namespace {

// The tolerations that count for scoring: PreferNoSchedule or any effect.
struct PreScoreState : StateData {
    std::vector<Toleration> tolerations;
    std::unique_ptr<StateData> clone() const override { return std::make_unique<PreScoreState>(*this); }
};

} // namespace

std::string TaintToleration::untoleratedReason(const Taint &taint)
{
    return "node(s) had untolerated taint {" + taint.key + ": " + taint.value + "}";
}

std::string_view TaintToleration::name() const { return names::kTaintToleration; }

PluginStatus TaintToleration::filter(const CycleState &, const PodInfo &pod, const NodeInfo &node) const
{
    for (const Taint &taint : node.taints()) {
        if (taint.effect != "NoSchedule" && taint.effect != "NoExecute")
            continue;
        if (!tolerated(pod.tolerations, taint))
            return PluginStatus(Code::UnschedulableAndUnresolvable, untoleratedReason(taint));
    }
    return {};
}

PluginStatus TaintToleration::preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &)
{
    auto s = std::make_unique<PreScoreState>();
    for (const Toleration &t : pod.tolerations)
        if (t.effect.empty() || t.effect == "PreferNoSchedule")
            s->tolerations.push_back(t);
    state.write(name(), std::move(s));
    return {};
}

std::int64_t TaintToleration::score(const CycleState &state, const PodInfo &, const NodeInfo &node,
                                    PluginStatus &status) const
{
    const auto *s = state.read<PreScoreState>(name());
    if (!s) {
        status = PluginStatus(Code::Error, "TaintToleration: no PreScore state");
        return 0;
    }
    std::int64_t count = 0;
    for (const Taint &taint : node.taints())
        if (taint.effect == "PreferNoSchedule" && !tolerated(s->tolerations, taint))
            ++count;
    return count;
}

PluginStatus TaintToleration::normalize(const CycleState &, const PodInfo &, const std::vector<NodeInfo *> &,
                                    std::vector<std::int64_t> &scores) const
{
    defaultNormalizeScore(scores, true);
    return {};
}

} // namespace k8slab::scheduler::plugins
