// API server benchmarks over real HTTP on loopback: LIST of 10,000 pods as a Table and as
// JSON, create latency at a steady 500 writes/s, 100 concurrent watchers receiving every
// event, and port-forward's SPDY path (bytes through one connection, a connection's set
// up and tear down). See docs/benchmarks.md.
#include "core/apiserver/api_server.h"
#include "core/apiserver/http_frontend.h"
#include "core/apiserver/spdy.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/recording/recording.h"

#include "benchmarks/bench_support.h"

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <QTemporaryDir>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

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

// --- port-forward -----------------------------------------------------------------------

// A pod bound to a node whose every port echoes what it gets (the node agents' side
// stood in for), so what is measured is the API server's: the upgrade, SPDY framing,
// the hand-offs between the connection's thread and the loop.
void echoingPod(Lab &lab)
{
    lab.onLoop([](apiserver::ApiServer &api) {
        const apiserver::ResourceInfo &info = *apiserver::builtinResources().find("", "v1", "pods");
        (void)api.create(info, "default",
                         api::Json::parse(R"({"metadata":{"name":"web"},"spec":{"nodeName":"worker-1",)"
                                          R"("containers":[{"name":"c","image":"nginx"}]}})"));
        apiserver::PodPortForwarder forwarder;
        forwarder.reachable = [](const api::Json &) { return Status(); };
        forwarder.connect = [](const api::Json &, int, apiserver::PortForwardOutput output)
            -> Result<apiserver::PortForwardConnection> {
            apiserver::PortForwardConnection connection;
            connection.write = [output](std::string bytes) { output.write(std::move(bytes)); };
            connection.closeWrite = [output] { output.closed(); };
            connection.stop = [] {};
            return connection;
        };
        api.setPodPortForwarder(forwarder);
    });
}

// kubectl's side of a port-forward over plain SPDY, on a blocking loopback socket.
class ForwardClient {
public:
    explicit ForwardClient(int port)
    {
        m_sock = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(std::uint16_t(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_sock, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0)
            return;
        send("POST /api/v1/namespaces/default/pods/web/portforward HTTP/1.1\r\nHost: lab\r\nConnection: Upgrade\r\n"
             "Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n");
        std::string head;
        char c = 0;
        while (head.find("\r\n\r\n") == std::string::npos && ::recv(m_sock, &c, 1, 0) == 1)
            head += c;
        m_upgraded = head.starts_with("HTTP/1.1 101");
    }
    ~ForwardClient() { ::close(m_sock); }
    [[nodiscard]] bool upgraded() const { return m_upgraded; }

    // Opens a local connection's two streams to port 80: the data stream's id.
    std::uint32_t open()
    {
        const std::string request = std::to_string(m_nextRequest++);
        for (const char *type : {"error", "data"}) {
            apiserver::spdy::Frame syn;
            syn.control = true;
            syn.type = apiserver::spdy::FrameType::SynStream;
            syn.streamId = m_nextStream;
            m_nextStream += 2;
            syn.headers = {{"streamtype", type}, {"port", "80"}, {"requestid", request}};
            send(m_writer.encode(syn));
        }
        return m_nextStream - 2;
    }
    void write(std::uint32_t stream, std::string_view bytes, bool fin = false) { send(m_writer.data(stream, bytes, fin)); }
    // The next frame from the server (nothing if the connection ended).
    std::optional<apiserver::spdy::Frame> next()
    {
        for (;;) {
            auto frame = m_reader.next();
            if (!frame.ok())
                return std::nullopt;
            if (frame->has_value())
                return **frame;
            char buffer[64 * 1024];
            const ssize_t got = ::recv(m_sock, buffer, sizeof(buffer), 0);
            if (got <= 0)
                return std::nullopt;
            m_reader.feed(std::string_view(buffer, std::size_t(got)));
        }
    }

private:
    void send(std::string_view bytes)
    {
        while (!bytes.empty()) {
            const ssize_t sent = ::send(m_sock, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent <= 0)
                return;
            bytes.remove_prefix(std::size_t(sent));
        }
    }

    int m_sock = -1;
    bool m_upgraded = false;
    std::uint32_t m_nextStream = 1;
    int m_nextRequest = 0;
    apiserver::spdy::FrameWriter m_writer;
    apiserver::spdy::FrameReader m_reader;
};

// A lab with the echoing pod and a client whose connection is upgraded to forward to it.
struct EchoForward {
    EchoForward()
    {
        echoingPod(lab);
        client = std::make_unique<ForwardClient>(lab.port());
    }
    // False, with the benchmark skipped, when the upgrade failed.
    bool ready(benchmark::State &state) const
    {
        if (!client->upgraded())
            state.SkipWithError("no upgrade");
        return client->upgraded();
    }
    Lab lab;
    std::unique_ptr<ForwardClient> client;
};

// Bytes through one forwarded connection and back: state.range(0) bytes per iteration,
// sent in kubectl's 32 KiB writes, echoed by the pod's side.
void BM_PortForwardEcho(benchmark::State &state)
{
    EchoForward forward;
    if (!forward.ready(state))
        return;
    ForwardClient &client = *forward.client;
    const std::uint32_t data = client.open();
    const std::size_t total = std::size_t(state.range(0));
    const std::string chunk(32 * 1024, 'x');
    for (auto _ : state) {
        std::thread writer([&] {
            for (std::size_t sent = 0; sent < total; sent += chunk.size())
                client.write(data, std::string_view(chunk).substr(0, std::min(chunk.size(), total - sent)));
        });
        std::size_t received = 0;
        while (received < total) {
            const auto frame = client.next();
            if (!frame) {
                state.SkipWithError("connection ended");
                break;
            }
            if (!frame->control && frame->streamId == data)
                received += frame->data.size();
        }
        writer.join();
    }
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(total) * 2);
}

// A local connection's life: its two streams opened, one byte each way, the client's
// close and the server's closing of both streams.
void BM_PortForwardConnection(benchmark::State &state)
{
    EchoForward forward;
    if (!forward.ready(state))
        return;
    ForwardClient &client = *forward.client;
    for (auto _ : state) {
        const std::uint32_t data = client.open();
        client.write(data, "x");
        client.write(data, {}, true);
        int fins = 0;
        while (fins < 2) { // the data stream's and the error stream's
            const auto frame = client.next();
            if (!frame) {
                state.SkipWithError("connection ended");
                break;
            }
            if (!frame->control && frame->fin())
                ++fins;
        }
    }
}

BENCHMARK_CAPTURE(BM_ListPods, table_10000, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_ListPods, json_10000, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_ListPodsServerSide, table_10000, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_ListPodsServerSide, json_10000, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CreateLatencyAt500PerSecond)->Iterations(2000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HundredWatchers)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PortForwardEcho)->Arg(1 << 20)->Arg(16 << 20)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PortForwardConnection)->Unit(benchmark::kMicrosecond)->UseRealTime();

BENCHMARK_MAIN();
