#pragma once

#include "core/controllers/controller_manager.h"
#include "core/kubelet/node_agents.h"
#include "core/scheduler/scheduler.h"
#include "tests/support/api_fixture.h"

#include <memory>
#include <string>

namespace k8slab::test {

/// A whole simulated cluster in-process on the virtual clock: the API server, the
/// controller manager, the scheduler and `nodes` node agents on the simulated runtime.
class ClusterFixture {
public:
    explicit ClusterFixture(int nodes = 3, controllers::ControllerManagerOptions options = {});
    ~ClusterFixture();

    /// Runs the loop for `d` of virtual time.
    void run(engine::Duration d) { f.loop.runUntil(f.loop.now() + d); }
    /// Runs until `done()` holds (checked after every task) or `limit` of virtual time
    /// passed; returns whether it holds.
    bool runUntil(const std::function<bool()> &done, engine::Duration limit);
    /// Sends a request and fails the test binary (qFatal) unless the answer is `code`.
    api::Json must(const std::string &method, const std::string &path, const std::string &body, int code,
                   const std::string &contentType = "application/json");
    /// GET as JSON.
    api::Json get(const std::string &path) { return ApiFixture::json(f.send("GET", path)); }

    ApiFixture f;
    std::unique_ptr<controllers::ControllerManager> controllers;
    std::unique_ptr<scheduler::Scheduler> scheduler;
    std::unique_ptr<kubelet::NodeAgents> agents;
};

} // namespace k8slab::test
