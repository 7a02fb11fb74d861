#pragma once

#include "core/scheduler/framework/registry.h"

namespace k8slab::scheduler::plugins {

/// The registry of the lab's in-tree plugins (every name in names.h).
Registry inTreeRegistry();

} // namespace k8slab::scheduler::plugins
