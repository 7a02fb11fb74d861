// Scheduler benchmarks on scheduler_perf's SchedulingBasic workload: 5,000 nodes
// (4 CPU, 32 GiB, 110 pods), 1,000 pods placed first, then 10,000 pods measured (each
// requesting 100m CPU and 500 MiB, image registry.k8s.io/pause). See docs/benchmarks.md.
//
//   BM_SchedulingCore: the scheduling algorithm alone over the snapshot, each placed pod
//     assumed onto its node, as upstream's scheduling cycle (no API, no store).
//   BM_SchedulingWithBinds: the whole scheduler in a cluster: pods created through the
//     API server, scheduled, bound through pods/binding (store write, watch back to the
//     informers), Scheduled events written — until all 10,000 are bound.
#include "core/apiserver/api_server.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/recording/recording.h"
#include "core/scheduler/plugins/in_tree_registry.h"
#include "core/scheduler/scheduler.h"

#include "benchmarks/bench_lab.h"
#include "benchmarks/bench_support.h"

#include <benchmark/benchmark.h>

#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <fstream>

using namespace k8slab;
using namespace k8slab::scheduler;
using api::Json;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kNodes = 5000;
constexpr int kInitPods = 1000;
constexpr int kMeasuredPods = 10000;

Json nodeJson(int i)
{
    const std::string name = "node-" + std::to_string(i);
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
            {"status",
             {{"capacity", {{"cpu", "4"}, {"memory", "32Gi"}, {"pods", "110"}}},
              {"allocatable", {{"cpu", "4"}, {"memory", "32Gi"}, {"pods", "110"}}}}}};
}

Json podJson(const std::string &name)
{
    const Json resources = {{"cpu", "100m"}, {"memory", "500Mi"}};
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"namespace", "default"}, {"uid", "uid-" + name}}},
            {"spec",
             {{"containers",
               Json::array({{{"name", "pause"},
                             {"image", "registry.k8s.io/pause:3.10"},
                             {"resources", {{"requests", resources}, {"limits", resources}}}}})}}}};
}

void BM_SchedulingCore(benchmark::State &state)
{
    for (auto _ : state) {
        state.PauseTiming();
        engine::Random random(1);
        Snapshot snapshot;
        Handle handle;
        handle.snapshot = &snapshot;
        handle.random = &random;
        auto fw = Framework::create(ProfileConfig{}, plugins::inTreeRegistry(), std::move(handle));
        if (!fw.ok())
            std::abort();
        for (int i = 0; i < kNodes; ++i)
            snapshot.setNode(nodeJson(i));
        SchedulingAlgorithm algorithm;
        auto place = [&](int i, std::vector<double> *latencies, std::size_t *recordBytes) {
            PodInfoPtr pod = parsePod(podJson("p" + std::to_string(i)));
            CycleState cycle;
            DecisionRecord record;
            const auto start = Clock::now();
            ScheduleResult r = algorithm.schedulePod(**fw, cycle, *pod, record, i % 10 == 0);
            auto assumed = std::make_shared<PodInfo>(*pod);
            assumed->nodeName = r.suggestedHost;
            snapshot.addPod(assumed);
            if (latencies)
                latencies->push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
            if (recordBytes)
                *recordBytes += record.approxBytes();
        };
        for (int i = 0; i < kInitPods; ++i)
            place(i, nullptr, nullptr);
        std::vector<double> latencies;
        std::size_t recordBytes = 0;
        state.ResumeTiming();
        const auto start = Clock::now();
        for (int i = kInitPods; i < kInitPods + kMeasuredPods; ++i)
            place(i, &latencies, &recordBytes);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        state.counters["pods_per_s"] = kMeasuredPods / seconds;
        state.counters["p50_us"] = bench::percentile(latencies, 0.5);
        state.counters["p99_us"] = bench::percentile(latencies, 0.99);
        state.counters["record_kB_each"] = static_cast<double>(recordBytes) / kMeasuredPods / 1024.0;
    }
}

void BM_SchedulingWithBinds(benchmark::State &state)
{
    for (auto _ : state) {
        state.PauseTiming();
        bench::BenchLab lab;
        engine::EventLoop &loop = lab.loop;
        engine::TraceBus &bus = lab.bus;
        apiserver::ApiServer &api = *lab.api;
        auto send = [&](const std::string &path, const Json &body) {
            apiserver::ApiRequest request;
            request.method = "POST";
            request.path = path;
            request.body = body.dump();
            request.contentType = "application/json";
            if (api.handle(request).code != 201)
                std::abort();
        };
        for (int i = 0; i < kNodes; ++i)
            send("/api/v1/nodes", nodeJson(i));
        auto made = Scheduler::create(api, bus);
        if (!made.ok())
            std::abort();
        std::unique_ptr<Scheduler> scheduler = std::move(*made);
        if (!scheduler->start().ok())
            std::abort();
        loop.runReady();
        auto createPods = [&](int from, int to) {
            for (int i = from; i < to; ++i) {
                Json pod = podJson("p" + std::to_string(i));
                pod["metadata"].erase("uid");
                send("/api/v1/namespaces/default/pods", pod);
            }
        };
        auto runUntilBound = [&](std::uint64_t bound) {
            while (scheduler->bound() < bound)
                if (!loop.step())
                    break;
        };
        createPods(0, kInitPods);
        runUntilBound(kInitPods);
        const std::int64_t rssBefore = bench::residentBytes();
        createPods(kInitPods, kInitPods + kMeasuredPods);
        state.ResumeTiming();
        const auto start = Clock::now();
        runUntilBound(kInitPods + kMeasuredPods);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        state.PauseTiming();
        if (scheduler->bound() != static_cast<std::uint64_t>(kInitPods + kMeasuredPods))
            state.SkipWithError("not every pod was bound");
        std::vector<double> cycles;
        for (int i = kInitPods; i < kInitPods + kMeasuredPods; ++i) {
            const DecisionRecord *r = scheduler->decisions().latest("default/p" + std::to_string(i));
            if (r)
                cycles.push_back(static_cast<double>(r->durationNs) / 1000.0);
        }
        state.counters["pods_per_s"] = kMeasuredPods / seconds;
        state.counters["cycle_p50_us"] = bench::percentile(cycles, 0.5);
        state.counters["cycle_p99_us"] = bench::percentile(cycles, 0.99);
        state.counters["records_MB"] = static_cast<double>(scheduler->decisions().fullBytes()) / (1024.0 * 1024.0);
        state.counters["full_records"] = static_cast<double>(scheduler->decisions().fullRecords());
        state.counters["rss_growth_MB"] = static_cast<double>(bench::residentBytes() - rssBefore) / (1024.0 * 1024.0);
        scheduler.reset();
        state.ResumeTiming();
    }
}

} // namespace

BENCHMARK(BM_SchedulingCore)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_SchedulingWithBinds)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_MAIN();
