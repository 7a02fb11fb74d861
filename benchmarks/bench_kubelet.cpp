// Node agents at scale (issue #4's benchmark): N simulated nodes with their kubelets,
// P pods (registry.k8s.io/pause, 10m CPU / 10 MiB each) created through the API server,
// scheduled, bound and started; then a minute of virtual time of heartbeats (Leases
// and node status). Reports the wall time until every pod runs, the process's resident
// memory, and the wall time one virtual minute of heartbeats costs; then metrics-server
// joins: the cost of a scrape of every kubelet and of listing every pod's metrics (what
// `kubectl top pod -A` asks for). See docs/benchmarks.md.
#include "core/apiserver/api_server.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/kubelet/node_agents.h"
#include "core/metricsserver/metrics_server.h"
#include "core/recording/recording.h"
#include "core/scheduler/scheduler.h"
#include "runtime/sim/sim_runtime_factory.h"

#include "benchmarks/bench_lab.h"
#include "benchmarks/bench_support.h"

#include <benchmark/benchmark.h>

#include <QTemporaryDir>

#include <chrono>
#include <fstream>
#include <set>

using namespace k8slab;
using api::Json;

namespace {

using Clock = std::chrono::steady_clock;

void BM_NodesAndPods(benchmark::State &state)
{
    const int nodes = static_cast<int>(state.range(0));
    const int podCount = static_cast<int>(state.range(1));
    for (auto _ : state) {
        bench::BenchLab lab("NORMAL");
        engine::EventLoop &loop = lab.loop;
        engine::TraceBus &bus = lab.bus;
        apiserver::ApiServer &api = *lab.api;
        std::set<std::string> running;
        bus.subscribe([&](const proto::TraceEvent &e) {
            if (e.code() == "kubelet.status" && e.params().count("phase") && e.params().at("phase") == "Running")
                running.insert(e.object().uid());
        });
        auto scheduler = scheduler::Scheduler::create(api, bus);
        if (!scheduler.ok() || !(*scheduler)->start().ok())
            std::abort();
        kubelet::NodeAgents agents(api, bus, runtime::sim::simRuntimeFactory());
        const auto start = Clock::now();
        if (!agents.start(nodes).ok())
            std::abort();
        loop.runUntil(loop.now() + std::chrono::seconds(1));
        const double registerSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        const Json resources = {{"cpu", "10m"}, {"memory", "10Mi"}};
        for (int i = 0; i < podCount; ++i) {
            apiserver::ApiRequest request;
            request.method = "POST";
            request.path = "/api/v1/namespaces/default/pods";
            request.contentType = "application/json";
            request.body = Json{{"metadata", {{"name", "p" + std::to_string(i)}}},
                                {"spec",
                                 {{"containers", Json::array({{{"name", "pause"},
                                                               {"image", "registry.k8s.io/pause:3.10"},
                                                               {"resources", {{"requests", resources}}}}})}}}}
                               .dump();
            if (api.handle(request).code != 201)
                std::abort();
        }
        const auto podsStart = Clock::now();
        while (static_cast<int>(running.size()) < podCount)
            if (!loop.step())
                break;
        const double podsSeconds = std::chrono::duration<double>(Clock::now() - podsStart).count();
        const auto beat = Clock::now();
        loop.runUntil(loop.now() + std::chrono::minutes(1));
        const double heartbeatSeconds = std::chrono::duration<double>(Clock::now() - beat).count();
        // metrics-server: four scrapes in a virtual minute (on top of the heartbeats).
        metricsserver::MetricsServer metrics(api, agents);
        if (!metrics.start().ok())
            std::abort();
        const auto scraping = Clock::now();
        loop.runUntil(loop.now() + std::chrono::minutes(1));
        const double metricsMinuteSeconds = std::chrono::duration<double>(Clock::now() - scraping).count();
        apiserver::ApiRequest top;
        top.method = "GET";
        top.path = "/apis/metrics.k8s.io/v1beta1/pods";
        const auto listing = Clock::now();
        const apiserver::ApiResponse listed = api.handle(top);
        const double topSeconds = std::chrono::duration<double>(Clock::now() - listing).count();
        if (listed.code != 200)
            std::abort();
        state.counters["scrape_s"] = (metricsMinuteSeconds - heartbeatSeconds) / 4;
        state.counters["top_all_pods_s"] = topSeconds;
        state.counters["register_s"] = registerSeconds;
        state.counters["all_running_s"] = podsSeconds;
        state.counters["pods_running"] = static_cast<double>(running.size());
        state.counters["pods_per_s"] = podCount / podsSeconds;
        state.counters["heartbeat_minute_s"] = heartbeatSeconds;
        state.counters["rss_MB"] = static_cast<double>(bench::residentBytes()) / (1024.0 * 1024.0);
    }
}

} // namespace

BENCHMARK(BM_NodesAndPods)->Args({100, 3000})->Args({300, 9000})->Args({1000, 30000})->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK_MAIN();
