#pragma once

#include "core/scheduler/scheduler.h"
#include "tests/support/api_fixture.h"

#include <QtGlobal>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace k8slab::test {

/// An API server and a running scheduler on the virtual clock (no kubelets): nodes and
/// pods are created through the API, the scheduler binds them as the loop runs.
struct SchedulerCluster {
    SchedulerCluster()
    {
        trace.subscribe([this](const proto::TraceEvent &e) {
            if (e.component() == "scheduler")
                schedulerEvents.push_back(e);
        });
        auto made = scheduler::Scheduler::create(*f.api, f.trace);
        if (!made.ok())
            qFatal("%s", made.status().message().c_str());
        sched = std::move(*made);
        if (!sched->start().ok())
            qFatal("the scheduler did not start");
        settle();
    }
    void settle(engine::Duration d = std::chrono::seconds(2)) { f.loop.runUntil(f.loop.now() + d); }
    void create(const std::string &collection, api::Json object)
    {
        object["metadata"].erase("uid");
        object["metadata"].erase("creationTimestamp");
        if (object.contains("status") && object["kind"] == "Pod")
            object.erase("status");
        const auto r = f.send("POST", collection, object.dump());
        if (r.code != 201)
            qFatal("create: %s", r.body.c_str());
    }
    void node(const api::Json &n) { create("/api/v1/nodes", n); }
    void pod(const api::Json &p) { create("/api/v1/namespaces/default/pods", p); }
    api::Json get(const std::string &name) { return ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/pods/" + name)); }
    std::string nodeOf(const std::string &name) { return get(name)["spec"].value("nodeName", ""); }
    std::vector<api::Json> events(const std::string &pod)
    {
        const api::Json list = ApiFixture::json(
            f.send("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=" + pod));
        return list["items"].get<std::vector<api::Json>>();
    }
    api::Json condition(const std::string &name)
    {
        for (const api::Json &c : get(name)["status"].value("conditions", api::Json::array()))
            if (c["type"] == "PodScheduled")
                return c;
        return nullptr;
    }

    ApiFixture f;
    engine::TraceBus &trace = f.trace;
    std::vector<proto::TraceEvent> schedulerEvents;
    std::unique_ptr<scheduler::Scheduler> sched;
};

} // namespace k8slab::test
