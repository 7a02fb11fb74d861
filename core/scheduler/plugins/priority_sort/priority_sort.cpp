#include "core/scheduler/plugins/priority_sort/priority_sort.h"

#include "core/scheduler/plugins/names.h"

namespace k8slab::scheduler::plugins {

std::string_view PrioritySort::name() const { return names::kPrioritySort; }

bool PrioritySort::less(const QueuedPodView &a, const QueuedPodView &b) const
{
    return a.pod->priority > b.pod->priority || (a.pod->priority == b.pod->priority && a.timestampNs < b.timestampNs);
}

} // namespace k8slab::scheduler::plugins
