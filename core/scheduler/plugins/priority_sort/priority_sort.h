#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// PrioritySort: higher spec.priority first, then the pod queued earlier.
class PrioritySort : public Plugin, public QueueSortPlugin {
public:
    std::string_view name() const override;
    bool less(const QueuedPodView &a, const QueuedPodView &b) const override;
};

} // namespace k8slab::scheduler::plugins
