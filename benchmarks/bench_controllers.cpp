// The controllers at scale (issue #5's benchmark): a Deployment of R replicas on N
// simulated nodes — the Deployment and ReplicaSet controllers create the pods, the
// scheduler binds them, the kubelets start them. Reports how fast the controllers
// created pods (per wall second and per virtual second) with the controller clients'
// QPS as given (0: lifted; 20: upstream's default), and the time until all run.
// See docs/benchmarks.md.
#include "core/apiserver/api_server.h"
#include "core/controllers/controller_manager.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/kubelet/node_agents.h"
#include "core/recording/recording.h"
#include "core/recording/store_tracer.h"
#include "core/scheduler/scheduler.h"
#include "runtime/sim/sim_runtime_factory.h"

#include "benchmarks/bench_lab.h"
#include "benchmarks/bench_support.h"

#include <benchmark/benchmark.h>

#include <QTemporaryDir>

#include <chrono>
#include <set>

using namespace k8slab;
using api::Json;

namespace {

using Clock = std::chrono::steady_clock;

void BM_DeploymentRollout(benchmark::State &state)
{
    const int nodes = static_cast<int>(state.range(0));
    const int replicas = static_cast<int>(state.range(1));
    const double qps = static_cast<double>(state.range(2));
    for (auto _ : state) {
        bench::BenchLab lab("NORMAL");
        engine::EventLoop &loop = lab.loop;
        engine::TraceBus &bus = lab.bus;
        apiserver::ApiServer &api = *lab.api;
        recording::StoreTracer storeTracer(lab.rec->store(), bus); // store writes in the trace, as in a lab
        int created = 0;
        std::int64_t reconciles = 0;
        std::set<std::string> running;
        bus.subscribe([&](const proto::TraceEvent &e) {
            if (e.kind() == proto::TRACE_KIND_STORE_WRITE && e.store_write().op() == proto::StoreWriteDetails::OP_CREATE
                && e.store_write().key().find("/pods/") != std::string::npos)
                ++created;
            if (e.kind() == proto::TRACE_KIND_RECONCILE)
                ++reconciles;
            if (e.code() == "kubelet.status" && e.params().count("phase") && e.params().at("phase") == "Running")
                running.insert(e.object().uid());
        });
        controllers::ControllerManagerOptions cmOptions;
        cmOptions.qps = qps;
        controllers::ControllerManager manager(api, cmOptions);
        if (!manager.start().ok())
            std::abort();
        auto scheduler = scheduler::Scheduler::create(api, bus);
        if (!scheduler.ok() || !(*scheduler)->start().ok())
            std::abort();
        kubelet::NodeAgents agents(api, bus, runtime::sim::simRuntimeFactory());
        if (!agents.start(nodes).ok())
            std::abort();
        loop.runUntil(loop.now() + std::chrono::seconds(1));
        apiserver::ApiRequest request;
        request.method = "POST";
        request.path = "/apis/apps/v1/namespaces/default/deployments";
        request.contentType = "application/json";
        request.body = Json{{"metadata", {{"name", "big"}}},
                            {"spec",
                             {{"replicas", replicas},
                              {"selector", {{"matchLabels", {{"app", "big"}}}}},
                              {"template",
                               {{"metadata", {{"labels", {{"app", "big"}}}}},
                                {"spec", {{"containers", Json::array({{{"name", "pause"}, {"image", "registry.k8s.io/pause:3.10"},
                                                                       {"resources", {{"requests", {{"cpu", "10m"}, {"memory", "10Mi"}}}}}}})}}}}}}}}
                           .dump();
        const auto start = Clock::now();
        const engine::TimePoint virtualStart = loop.now();
        if (api.handle(request).code != 201)
            std::abort();
        double createdWall = 0, createdVirtual = 0;
        while (static_cast<int>(running.size()) < replicas) {
            if (!loop.step())
                loop.runUntil(loop.now() + std::chrono::milliseconds(10));
            if (createdWall == 0 && created >= replicas) {
                createdWall = std::chrono::duration<double>(Clock::now() - start).count();
                createdVirtual = std::chrono::duration<double>(loop.now() - virtualStart).count();
            }
            if (loop.now() - virtualStart > std::chrono::hours(2))
                break;
        }
        state.counters["created_wall_s"] = createdWall;
        state.counters["created_virtual_s"] = createdVirtual;
        state.counters["pods_per_wall_s"] = createdWall > 0 ? replicas / createdWall : 0;
        state.counters["pods_per_virtual_s"] = createdVirtual > 0 ? replicas / createdVirtual : 0;
        state.counters["all_running_wall_s"] = std::chrono::duration<double>(Clock::now() - start).count();
        state.counters["all_running_virtual_s"] = std::chrono::duration<double>(loop.now() - virtualStart).count();
        state.counters["pods_running"] = static_cast<double>(running.size());
        state.counters["reconciles"] = static_cast<double>(reconciles);
        state.counters["rss_MB"] = static_cast<double>(bench::residentBytes()) / (1024.0 * 1024.0);
    }
}

} // namespace

// {nodes, replicas, QPS of each controller's client (0: lifted)}
BENCHMARK(BM_DeploymentRollout)
    ->Args({100, 1000, 20})
    ->Args({100, 1000, 0})
    ->Args({300, 3000, 0})
    ->Args({1000, 10000, 0})
    ->Unit(benchmark::kSecond)
    ->Iterations(1);
BENCHMARK_MAIN();
