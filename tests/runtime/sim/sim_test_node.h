#pragma once

// One simulated node for the runtime's tests: a loop, a runtime (on a network of its
// own unless given one), a pod sandbox, and a helper to start containers in it.
#include "runtime/sim/sim_runtime.h"

#include <memory>
#include <string>
#include <vector>

namespace k8slab::test {

/// A container to start: name, image, command and args (no limits).
inline kubelet::ContainerConfig simContainer(std::string name, std::string image, std::vector<std::string> command,
                                             std::vector<std::string> args = {})
{
    kubelet::ContainerConfig c;
    c.name = std::move(name);
    c.image = std::move(image);
    c.command = std::move(command);
    c.args = std::move(args);
    return c;
}

/// A node of `machine` with busybox, nginx and the stress images present and one sandbox.
struct SimTestNode {
    engine::EventLoop loop;
    std::shared_ptr<runtime::sim::SimNetwork> network = std::make_shared<runtime::sim::SimNetwork>(loop);
    runtime::sim::SimRuntime runtime;
    std::string sandbox;

    explicit SimTestNode(runtime::sim::Machine machine = {})
        : runtime(loop, "linux/amd64", "10.244.1.", runtime::sim::ImageCatalog::builtin(), machine, network)
    {
        for (const char *image : {"polinux/stress", "vish/stress", "busybox", "nginx"})
            runtime.preload(image);
        sandbox = *runtime.runPodSandbox({"default", "p", "uid-p", 0, "p"});
    }
    /// Creates and starts a container in the sandbox: its id, or empty if either failed.
    std::string start(const kubelet::ContainerConfig &config)
    {
        Result<std::string> id = runtime.createContainer(sandbox, config);
        if (!id.ok() || !runtime.startContainer(*id).ok())
            return {};
        return *id;
    }
};

} // namespace k8slab::test
