#include "runtime/sim/sim_runtime_factory.h"

#include "core/api/quantity.h"
#include "runtime/sim/sim_runtime.h"

namespace k8slab::runtime::sim {

kubelet::RuntimeFactory simRuntimeFactory()
{
    // The runtimes of one lab share one pod network: it lives as long as any of them.
    auto shared = std::make_shared<std::weak_ptr<SimNetwork>>();
    return [shared](engine::EventLoop &loop, const kubelet::NodeSpec &node) -> std::unique_ptr<kubelet::ContainerRuntime> {
        std::shared_ptr<SimNetwork> network = shared->lock();
        if (!network) {
            network = std::make_shared<SimNetwork>(loop);
            *shared = network;
        }
        Machine machine;
        if (auto cpu = api::Quantity::parse(node.cpu); cpu.ok())
            machine.cpuMilli = cpu->milli();
        if (auto memory = api::Quantity::parse(node.memory); memory.ok())
            machine.memoryBytes = memory->value();
        auto runtime = std::make_unique<SimRuntime>(loop, "linux/" + node.architecture,
                                                    "10.244." + std::to_string(node.index) + ".",
                                                    ImageCatalog::builtin(), machine, std::move(network));
        runtime->preload("registry.k8s.io/pause:3.10"); // the sandbox image every node has
        for (const kubelet::PreloadedImage &image : node.images)
            runtime->preload(image.name, image.sizeBytes);
        return runtime;
    };
}

} // namespace k8slab::runtime::sim
