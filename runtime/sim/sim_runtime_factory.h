#pragma once

#include "core/kubelet/node_agents.h"

namespace k8slab::runtime::sim {

/// Node agents get a SimRuntime each: the node's architecture as its platform, pod IPs
/// from 10.244.<node index>.0/24.
kubelet::RuntimeFactory simRuntimeFactory();

} // namespace k8slab::runtime::sim
