#include "core/scheduler/plugins/in_tree_registry.h"

#include "core/scheduler/plugins/default_binder/default_binder.h"
#include "core/scheduler/plugins/default_preemption/default_preemption.h"
#include "core/scheduler/plugins/image_locality/image_locality.h"
#include "core/scheduler/plugins/inter_pod_affinity/inter_pod_affinity.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/node_affinity/node_affinity.h"
#include "core/scheduler/plugins/node_name/node_name.h"
#include "core/scheduler/plugins/node_ports/node_ports.h"
#include "core/scheduler/plugins/node_resources/balanced_allocation.h"
#include "core/scheduler/plugins/node_resources/fit.h"
#include "core/scheduler/plugins/node_unschedulable/node_unschedulable.h"
#include "core/scheduler/plugins/pod_topology_spread/pod_topology_spread.h"
#include "core/scheduler/plugins/priority_sort/priority_sort.h"
#include "core/scheduler/plugins/scheduling_gates/scheduling_gates.h"
#include "core/scheduler/plugins/taint_toleration/taint_toleration.h"
#include "core/scheduler/plugins/volume_placeholder/volume_placeholder.h"

#include <QtGlobal>

namespace k8slab::scheduler::plugins {

namespace {

template <typename T, typename... A>
Result<std::unique_ptr<Plugin>> make(A &&...args)
{
    return std::unique_ptr<Plugin>(std::make_unique<T>(std::forward<A>(args)...));
}

} // namespace

Registry inTreeRegistry()
{
    Registry r;
    auto add = [&r](std::string_view name, PluginFactory f) {
        Status s = r.add(std::string(name), std::move(f));
        Q_ASSERT(s.ok()); // in-tree names are unique by construction
        (void)s;
    };
    add(names::kSchedulingGates, [](const Handle &, const api::Json &) { return make<SchedulingGates>(); });
    add(names::kPrioritySort, [](const Handle &, const api::Json &) { return make<PrioritySort>(); });
    add(names::kNodeUnschedulable, [](const Handle &, const api::Json &) { return make<NodeUnschedulable>(); });
    add(names::kNodeName, [](const Handle &, const api::Json &) { return make<NodeName>(); });
    add(names::kTaintToleration, [](const Handle &, const api::Json &) { return make<TaintToleration>(); });
    add(names::kNodeAffinity, [](const Handle &, const api::Json &args) { return make<NodeAffinity>(args); });
    add(names::kNodePorts, [](const Handle &, const api::Json &) { return make<NodePorts>(); });
    add(names::kNodeResourcesFit, [](const Handle &, const api::Json &args) -> Result<std::unique_ptr<Plugin>> {
        Result<ScoringStrategy> s = parseScoringStrategy(args);
        if (!s.ok())
            return s.status();
        return make<NodeResourcesFit>(*s);
    });
    for (std::string_view volume :
         {names::kVolumeRestrictions, names::kNodeVolumeLimits, names::kVolumeBinding, names::kVolumeZone})
        add(volume, [volume](const Handle &, const api::Json &) {
            return make<VolumePlaceholder>(std::string(volume));
        });
    add(names::kPodTopologySpread, [](const Handle &h, const api::Json &args) -> Result<std::unique_ptr<Plugin>> {
        Result<std::unique_ptr<PodTopologySpread>> p = PodTopologySpread::create(h, args);
        if (!p.ok())
            return p.status();
        return std::unique_ptr<Plugin>(std::move(*p));
    });
    add(names::kInterPodAffinity, [](const Handle &h, const api::Json &args) { return make<InterPodAffinity>(h, args); });
    add(names::kDefaultPreemption,
        [](const Handle &h, const api::Json &args) { return make<DefaultPreemption>(h, args); });
    add(names::kNodeResourcesBalancedAllocation,
        [](const Handle &, const api::Json &args) { return make<BalancedAllocation>(args); });
    add(names::kImageLocality, [](const Handle &h, const api::Json &) { return make<ImageLocality>(h); });
    add(names::kDefaultBinder, [](const Handle &h, const api::Json &) { return make<DefaultBinder>(h); });
    return r;
}

} // namespace k8slab::scheduler::plugins
