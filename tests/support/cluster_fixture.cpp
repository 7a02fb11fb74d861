#include "tests/support/cluster_fixture.h"

#include "runtime/sim/sim_runtime_factory.h"

#include <QtGlobal>

namespace k8slab::test {

ClusterFixture::ClusterFixture(int nodes, controllers::ControllerManagerOptions options)
{
    controllers = std::make_unique<controllers::ControllerManager>(*f.api, std::move(options));
    if (Status s = controllers->start(); !s.ok())
        qFatal("controllers: %s", s.message().c_str());
    auto made = scheduler::Scheduler::create(*f.api, f.trace);
    if (!made.ok())
        qFatal("scheduler: %s", made.status().message().c_str());
    scheduler = std::move(*made);
    if (Status s = scheduler->start(); !s.ok())
        qFatal("scheduler: %s", s.message().c_str());
    agents = std::make_unique<kubelet::NodeAgents>(*f.api, f.trace, runtime::sim::simRuntimeFactory());
    if (Status s = agents->start(nodes); !s.ok())
        qFatal("node agents: %s", s.message().c_str());
    run(std::chrono::seconds(1));
}

ClusterFixture::~ClusterFixture()
{
    agents.reset();
    scheduler.reset();
    controllers.reset();
}

bool ClusterFixture::runUntil(const std::function<bool()> &done, engine::Duration limit)
{
    const engine::TimePoint end = f.loop.now() + limit;
    while (!done()) {
        if (f.loop.now() >= end)
            return false;
        if (!f.loop.step())
            f.loop.runUntil(std::min(end, f.loop.now() + std::chrono::milliseconds(100)));
    }
    return true;
}

api::Json ClusterFixture::must(const std::string &method, const std::string &path, const std::string &body, int code,
                               const std::string &contentType)
{
    const apiserver::ApiResponse r = f.send(method, path, body, contentType);
    if (r.code != code)
        qFatal("%s %s: %d %s", method.c_str(), path.c_str(), r.code, r.body.c_str());
    return r.body.empty() ? api::Json() : ApiFixture::json(r);
}

} // namespace k8slab::test
