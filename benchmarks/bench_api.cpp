// API server benchmarks over real HTTP on loopback: LIST of 10,000 pods as a Table and as
// JSON, create latency at a steady 500 writes/s, and 100 concurrent watchers receiving
// every event. See docs/benchmarks.md.
#include "core/apiserver/api_server.h"
#include "core/apiserver/http_frontend.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/recording/recording.h"

#include "benchmarks/bench_support.h"

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace k8slab;

namespace {

using Clock = std::chrono::steady_clock;

std::string podJson(int i)
{
    return R"({"metadata":{"name":"p)" + std::to_string(i) + R"(","labels":{"app":"bench"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}})";
}

// A lab API server with its loop on a thread of its own, as in k8slab-server.
class Lab {
public:
    Lab()
    {
        recording::RecordingOptions options;
        auto rec = recording::Recording::open(m_dir.filePath("bench.k8slab").toStdString(), options);
        if (!rec.ok())
            std::abort();
        m_recording = std::move(*rec);
        m_thread = std::thread([this] { run(); });
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return m_port != 0; });
    }
    ~Lab()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    int port() const { return m_port; }
    // Runs `work` on the loop's thread and waits for it.
    void onLoop(std::function<void(apiserver::ApiServer &)> work)
    {
        std::promise<void> done;
        m_loop->post([&] {
            work(*m_api);
            done.set_value();
        });
        done.get_future().wait();
    }

private:
    void run()
    {
        m_loop = std::make_unique<engine::EventLoop>();
        m_trace = std::make_unique<engine::TraceBus>(*m_loop);
        m_api = std::make_unique<apiserver::ApiServer>(m_recording->store(), *m_loop, *m_trace);
        (void)m_api->bootstrap();
        m_loop->setWakeUp([this] { m_wake.notify_all(); });
        apiserver::HttpFrontend http(*m_api, *m_loop);
        auto bound = http.listen("127.0.0.1", 0);
        {
            std::lock_guard lock(m_mutex);
            m_port = bound.ok() ? *bound : -1;
        }
        m_ready.notify_all();
        for (;;) {
            m_loop->runReady();
            std::unique_lock lock(m_mutex);
            if (m_stop)
                break;
            m_wake.wait_for(lock, std::chrono::milliseconds(5));
        }
        http.stop();
        m_api.reset();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<recording::Recording> m_recording;
    std::unique_ptr<engine::EventLoop> m_loop;
    std::unique_ptr<engine::TraceBus> m_trace;
    std::unique_ptr<apiserver::ApiServer> m_api;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_wake;
    bool m_stop = false;
    int m_port = 0;
};

void fill(Lab &lab, int pods)
{
    lab.onLoop([pods](apiserver::ApiServer &api) {
        const apiserver::ResourceInfo &info = *apiserver::builtinResources().find("", "v1", "pods");
        for (int i = 0; i < pods; ++i)
            (void)api.create(info, "default", api::Json::parse(podJson(i)));
    });
}

void BM_ListPods(benchmark::State &state, bool table)
{
    Lab lab;
    fill(lab, 10000);
    httplib::Client client("127.0.0.1", lab.port());
    const httplib::Headers headers = {
        {"Accept", table ? "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" : "application/json"}};
    std::size_t bytes = 0;
    // The first list after every pod was written prints every row (a Table caches each
    // object's cells per revision); the iterations after it are a lab whose pods mostly
    // did not change since the last `kubectl get`.
    const auto coldStart = Clock::now();
    if (auto first = client.Get("/api/v1/namespaces/default/pods", headers); !first || first->status != 200)
        state.SkipWithError("list failed");
    state.counters["first_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - coldStart).count();
    for (auto _ : state) {
        auto result = client.Get("/api/v1/namespaces/default/pods", headers);
        if (!result || result->status != 200) {
            state.SkipWithError("list failed");
            break;
        }
        bytes = result->body.size();
    }
    state.counters["response_MB"] = static_cast<double>(bytes) / 1e6;
}

// The same list answered on the loop, without HTTP: the API server's own share.
void BM_ListPodsServerSide(benchmark::State &state, bool table)
{
    Lab lab;
    fill(lab, 10000);
    apiserver::ApiRequest request;
    request.method = "GET";
    request.path = "/api/v1/namespaces/default/pods";
    request.accept = table ? "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" : "application/json";
    std::size_t bytes = 0;
    const auto coldStart = Clock::now();
    lab.onLoop([&](apiserver::ApiServer &api) { bytes = api.handle(request).body.size(); });
    state.counters["first_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - coldStart).count();
    for (auto _ : state)
        lab.onLoop([&](apiserver::ApiServer &api) { bytes = api.handle(request).body.size(); });
    state.counters["response_MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_CreateLatencyAt500PerSecond(benchmark::State &state)
{
    Lab lab;
    httplib::Client client("127.0.0.1", lab.port());
    std::vector<double> micros;
    int i = 0;
    auto next = Clock::now();
    for (auto _ : state) {
        std::this_thread::sleep_until(next);
        next += std::chrono::microseconds(2000); // 500 writes per second
        const auto start = Clock::now();
        auto result = client.Post("/api/v1/namespaces/default/pods", podJson(i++), "application/json");
        micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        if (!result || result->status != 201) {
            state.SkipWithError("create failed");
            break;
        }
    }
    state.counters["p50_ms"] = bench::percentile(micros, 0.5) / 1000;
    state.counters["p99_ms"] = bench::percentile(micros, 0.99) / 1000;
}

void BM_HundredWatchers(benchmark::State &state)
{
    constexpr int kWatchers = 100;
    constexpr int kEvents = 200;
    for (auto _ : state) {
        state.PauseTiming();
        Lab lab;
        std::atomic<int> ready{0};
        std::vector<int> received(kWatchers, 0);
        std::vector<std::thread> watchers;
        for (int w = 0; w < kWatchers; ++w) {
            watchers.emplace_back([&, w] {
                httplib::Client client("127.0.0.1", lab.port());
                client.set_read_timeout(std::chrono::seconds(60));
                std::string pending;
                ++ready;
                client.Get("/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=60", [&](const char *data, std::size_t n) {
                    pending.append(data, n);
                    std::size_t nl;
                    while ((nl = pending.find('\n')) != std::string::npos) {
                        pending.erase(0, nl + 1);
                        ++received[static_cast<std::size_t>(w)];
                    }
                    return received[static_cast<std::size_t>(w)] < kEvents;
                });
            });
        }
        while (ready < kWatchers)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::this_thread::sleep_for(std::chrono::milliseconds(500)); // let every watch reach the server
        state.ResumeTiming();
        httplib::Client writer("127.0.0.1", lab.port());
        for (int i = 0; i < kEvents; ++i)
            (void)writer.Post("/api/v1/namespaces/default/pods", podJson(i), "application/json");
        for (std::thread &t : watchers)
            t.join();
        state.PauseTiming();
        const int complete = static_cast<int>(std::count(received.begin(), received.end(), kEvents));
        state.counters["watchers_with_every_event"] = complete;
        state.ResumeTiming();
    }
}

} // namespace

BENCHMARK_CAPTURE(BM_ListPods, table_10000, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_ListPods, json_10000, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_ListPodsServerSide, table_10000, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_ListPodsServerSide, json_10000, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CreateLatencyAt500PerSecond)->Iterations(2000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HundredWatchers)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
