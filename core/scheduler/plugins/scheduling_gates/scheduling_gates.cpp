#include "core/scheduler/plugins/scheduling_gates/scheduling_gates.h"

#include "core/scheduler/plugins/names.h"

namespace k8slab::scheduler::plugins {

std::string_view SchedulingGates::name() const { return names::kSchedulingGates; }

PluginStatus SchedulingGates::preEnqueue(const PodInfo &pod)
{
    if (pod.schedulingGates.empty())
        return {};
    // Go's %v of a []string: "[a b]".
    std::string list = "[";
    for (std::size_t i = 0; i < pod.schedulingGates.size(); ++i)
        list += (i ? " " : "") + pod.schedulingGates[i];
    list += "]";
    return PluginStatus(Code::UnschedulableAndUnresolvable, "waiting for scheduling gates: " + list);
}

} // namespace k8slab::scheduler::plugins
