#include "core/scheduler/plugins/node_resources/balanced_allocation.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/normalize.h"

#include <cmath>

namespace k8slab::scheduler::plugins {

BalancedAllocation::BalancedAllocation(const api::Json &args)
{
    if (args.is_object() && args.contains("resources") && args["resources"].is_array()) {
        m_resources.clear();
        for (const api::Json &r : args["resources"])
            m_resources.push_back({r.value("name", ""), r.value("weight", std::int64_t{1})});
    }
}

std::string_view BalancedAllocation::name() const { return names::kNodeResourcesBalancedAllocation; }

PluginStatus BalancedAllocation::preScore(CycleState &, const PodInfo &, const std::vector<NodeInfo *> &)
{
    return {}; // v1.30-v1.32 score best-effort pods too (v1.33 skips them)
}

std::int64_t BalancedAllocation::score(const CycleState &, const PodInfo &pod, const NodeInfo &node, PluginStatus &) const
{
    std::vector<double> fractions;
    double total = 0;
    for (const ResourceWeight &r : m_resources) {
        const std::int64_t podRequest = pod.requests.get(r.name);
        const bool scalar = r.name != "cpu" && r.name != "memory" && r.name != "ephemeral-storage";
        if (podRequest == 0 && scalar)
            continue;
        const std::int64_t alloc = node.allocatable().get(r.name);
        if (alloc == 0)
            continue;
        const std::int64_t req = node.requested().get(r.name) + podRequest;
        double f = static_cast<double>(req) / static_cast<double>(alloc);
        f = std::min(f, 1.0);
        total += f;
        fractions.push_back(f);
    }
    double std = 0;
    if (fractions.size() == 2) {
        std = std::abs((fractions[0] - fractions[1]) / 2);
    } else if (fractions.size() > 2) {
        const double mean = total / static_cast<double>(fractions.size());
        double sum = 0;
        for (double f : fractions)
            sum += (f - mean) * (f - mean);
        std = std::sqrt(sum / static_cast<double>(fractions.size()));
    }
    return static_cast<std::int64_t>((1 - std) * static_cast<double>(kMaxNodeScore));
}

} // namespace k8slab::scheduler::plugins
