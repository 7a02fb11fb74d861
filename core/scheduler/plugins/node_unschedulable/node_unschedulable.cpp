#include "core/scheduler/plugins/node_unschedulable/node_unschedulable.h"

#include "core/scheduler/plugins/names.h"

namespace k8slab::scheduler::plugins {

std::string_view NodeUnschedulable::name() const { return names::kNodeUnschedulable; }

PluginStatus NodeUnschedulable::filter(const CycleState &, const PodInfo &pod, const NodeInfo &node) const
{
    if (!node.unschedulable())
        return {};
    static const Taint kUnschedulable{"node.kubernetes.io/unschedulable", "", "NoSchedule"};
    if (tolerated(pod.tolerations, kUnschedulable))
        return {};
    return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonUnschedulable));
}

} // namespace k8slab::scheduler::plugins
