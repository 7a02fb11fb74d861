#include "core/scheduler/plugins/node_name/node_name.h"

#include "core/scheduler/plugins/names.h"

namespace k8slab::scheduler::plugins {

std::string_view NodeName::name() const { return names::kNodeName; }

PluginStatus NodeName::filter(const CycleState &, const PodInfo &pod, const NodeInfo &node) const
{
    if (pod.nodeName.empty() || pod.nodeName == node.name())
        return {};
    return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReason));
}

} // namespace k8slab::scheduler::plugins
