// Store benchmarks: write throughput with group commit, commit-to-watch latency, and
// range reads of 10,000 objects. See docs/benchmarks.md for how to run and results.
#include "core/recording/recording.h"

#include "benchmarks/bench_support.h"

#include <benchmark/benchmark.h>

#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <vector>

using namespace k8slab;

namespace {

using Clock = std::chrono::steady_clock;

// A pod-sized JSON value (about 1 kB, like a small Pod object).
std::string podValue(int i)
{
    std::string v = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p" + std::to_string(i) + "\"},\"spec\":{";
    v.append(900, 'x');
    v += "}}";
    return v;
}

std::unique_ptr<recording::Recording> openFresh(QTemporaryDir &dir, const char *synchronous)
{
    recording::RecordingOptions options;
    options.synchronous = synchronous;
    auto rec = recording::Recording::open(dir.filePath("bench.k8slab").toStdString(), options);
    if (!rec.ok())
        std::abort();
    return std::move(*rec);
}

// Writes from the loop thread as fast as it produces them, then waits until all are
// durable: the throughput an API server sees with group commit.
void BM_StoreWriteThroughput(benchmark::State &state, const char *synchronous)
{
    const int writes = static_cast<int>(state.range(0));
    double batches = 0;
    for (auto _ : state) {
        state.PauseTiming();
        QTemporaryDir dir;
        auto rec = openFresh(dir, synchronous);
        store::MvccStore &store = rec->store();
        std::vector<std::string> values;
        for (int i = 0; i < writes; ++i)
            values.push_back(podValue(i));
        state.ResumeTiming();
        for (int i = 0; i < writes; ++i) {
            if (!store.create("/registry/pods/bench/p" + std::to_string(i), values[static_cast<std::size_t>(i)]).ok())
                state.SkipWithError("write failed");
        }
        if (!store.sync().ok())
            state.SkipWithError("sync failed");
        state.PauseTiming();
        batches += static_cast<double>(rec->commitCount());
        rec.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * writes);
    state.counters["writes_per_commit"] = static_cast<double>(writes) * static_cast<double>(state.iterations()) / batches;
}

// From the write call to the moment the write is durable and announced (what a
// kubectl watch over HTTP will wait for), and to in-process watch delivery.
void BM_CommitToWatchLatency(benchmark::State &state)
{
    QTemporaryDir dir;
    auto rec = openFresh(dir, "FULL");
    store::MvccStore &store = rec->store();
    std::mutex mutex;
    std::vector<std::pair<store::Revision, Clock::time_point>> started;
    std::vector<double> durableMicros, watchMicros;
    Clock::time_point writeStart;
    (void)store.watch("/registry/", 0, [&](const store::WatchEvent &) {
        watchMicros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - writeStart).count());
    });
    store.setDurableListener([&](store::Revision durable) {
        const auto now = Clock::now();
        std::lock_guard lock(mutex);
        for (auto &[rev, at] : started) {
            if (rev <= durable && at != Clock::time_point{}) {
                durableMicros.push_back(std::chrono::duration<double, std::micro>(now - at).count());
                at = Clock::time_point{};
            }
        }
        std::erase_if(started, [](const auto &p) { return p.second == Clock::time_point{}; });
    });
    int i = 0;
    for (auto _ : state) {
        writeStart = Clock::now();
        auto kv = store.create("/registry/pods/lat/p" + std::to_string(i), podValue(i));
        ++i;
        {
            std::lock_guard lock(mutex);
            started.emplace_back(kv->modRevision, writeStart);
        }
        // One write every 200 us: a busy but not saturated lab.
        const auto until = writeStart + std::chrono::microseconds(200);
        while (Clock::now() < until) {
        }
    }
    (void)store.sync();
    std::lock_guard lock(mutex);
    state.counters["durable_p50_us"] = bench::percentile(durableMicros, 0.50);
    state.counters["durable_p99_us"] = bench::percentile(durableMicros, 0.99);
    state.counters["watch_p50_us"] = bench::percentile(watchMicros, 0.50);
    state.counters["watch_p99_us"] = bench::percentile(watchMicros, 0.99);
}

// A list of 10,000 pods: at the latest revision (memory) and at a past one (SQLite).
void BM_RangeRead10k(benchmark::State &state, bool pastRevision)
{
    QTemporaryDir dir;
    auto rec = openFresh(dir, "NORMAL");
    store::MvccStore &store = rec->store();
    for (int i = 0; i < 10000; ++i)
        (void)store.create("/registry/pods/ns" + std::to_string(i % 10) + "/p" + std::to_string(i), podValue(i));
    const store::Revision listed = store.revision();
    for (int i = 0; i < 100; ++i) // later history the past read has to skip
        (void)store.update("/registry/pods/ns0/p" + std::to_string(i * 10), podValue(i));
    (void)store.sync();
    store::RangeOptions options;
    options.revision = pastRevision ? listed : 0;
    for (auto _ : state) {
        auto result = store.range("/registry/pods/", options);
        if (!result.ok() || result->kvs.size() != 10000)
            state.SkipWithError("range failed");
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations() * 10000);
}

} // namespace

BENCHMARK_CAPTURE(BM_StoreWriteThroughput, synchronous_full, "FULL")->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreWriteThroughput, synchronous_normal, "NORMAL")->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CommitToWatchLatency)->Iterations(5000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_RangeRead10k, latest, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_RangeRead10k, past_revision, true)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
