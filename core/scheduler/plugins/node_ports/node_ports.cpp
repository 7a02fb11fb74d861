#include "core/scheduler/plugins/node_ports/node_ports.h"

#include "core/scheduler/plugins/names.h"

namespace k8slab::scheduler::plugins {

std::string_view NodePorts::name() const { return names::kNodePorts; }

PluginStatus NodePorts::preFilter(CycleState &, const PodInfo &pod, PreFilterResult &)
{
    return pod.hostPorts.empty() ? PluginStatus(Code::Skip) : PluginStatus();
}

PluginStatus NodePorts::filter(const CycleState &, const PodInfo &pod, const NodeInfo &node) const
{
    for (const HostPort &want : pod.hostPorts)
        for (const HostPort &used : node.usedPorts())
            if (want.conflicts(used))
                return PluginStatus(Code::Unschedulable, std::string(kReason));
    return {};
}

} // namespace k8slab::scheduler::plugins
