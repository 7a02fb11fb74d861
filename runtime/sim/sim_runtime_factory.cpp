#include "runtime/sim/sim_runtime_factory.h"

#include "runtime/sim/sim_runtime.h"

namespace k8slab::runtime::sim {

kubelet::RuntimeFactory simRuntimeFactory()
{
    return [](engine::EventLoop &loop, const kubelet::NodeSpec &node) -> std::unique_ptr<kubelet::ContainerRuntime> {
        auto runtime = std::make_unique<SimRuntime>(loop, "linux/" + node.architecture,
                                                    "10.244." + std::to_string(node.index) + ".");
        runtime->preload("registry.k8s.io/pause:3.10"); // the sandbox image every node has
        return runtime;
    };
}

} // namespace k8slab::runtime::sim
