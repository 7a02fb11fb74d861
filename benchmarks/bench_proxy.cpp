// kube-proxy at scale (issue #6): the rule text of a full sync and of a partial sync after
// one endpoint changed, for N services × 5 endpoints, in each mode; and the packet
// tracer's walk to a ClusterIP — rules evaluated and time per lookup — at 1k/5k/10k
// services, iptables against IPVS against nftables. See docs/benchmarks.md.
#include "core/proxy/iptables_proxier.h"
#include "core/proxy/proxy_backend.h"

#include <benchmark/benchmark.h>

using namespace k8slab;
using namespace k8slab::proxy;

namespace {

constexpr int kEndpoints = 5;

ProxyConfig nodeConfig()
{
    ProxyConfig c;
    c.nodeName = "worker-1";
    c.nodeIPs = {"172.18.0.3"};
    return c;
}

std::string address(std::uint32_t base, std::uint32_t i)
{
    const std::uint32_t ip = base + i;
    return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." + std::to_string((ip >> 8) & 255) + "." +
           std::to_string(ip & 255);
}

/// `n` services ns-k/svc-i:http (every tenth a NodePort, the rest ClusterIP), each with
/// five ready endpoints spread over 100 nodes.
ServiceMap cluster(int n)
{
    ServiceMap services;
    std::uint32_t podIndex = 0;
    for (int i = 0; i < n; ++i) {
        ServicePortState s;
        s.port.ns = "ns-" + std::to_string(i % 50);
        s.port.name = "svc-" + std::to_string(i);
        s.port.portName = "http";
        s.port.clusterIP = address((10u << 24) | (96u << 16), std::uint32_t(i) + 10);
        s.port.port = 80;
        s.port.nodePort = i % 10 == 0 ? 30000 + i / 10 % 2768 : 0;
        for (int e = 0; e < kEndpoints; ++e, ++podIndex) {
            Endpoint ep;
            ep.ip = address((10u << 24) | (128u << 16), podIndex);
            ep.port = 8080;
            ep.nodeName = "worker-" + std::to_string(podIndex % 100 + 1);
            ep.local = ep.nodeName == "worker-1";
            s.endpoints.push_back(ep);
        }
        std::sort(s.endpoints.begin(), s.endpoints.end(), [](const Endpoint &a, const Endpoint &b) { return a.str() < b.str(); });
        services.emplace(s.port.nameString(), std::move(s));
    }
    return services;
}

/// One service's endpoint replaced (a pod rescheduled): what a partial sync rewrites.
std::string changeOneEndpoint(ServiceMap &services, int round)
{
    static const std::string middle = "ns-0/svc-5000:http";
    auto it = services.find(middle);
    if (it == services.end())
        it = services.begin();
    it->second.endpoints.back().ip = address((10u << 24) | (200u << 16), std::uint32_t(round));
    return it->first;
}

const std::vector<ProxyMode> kModes = {ProxyMode::IPTables, ProxyMode::IPVS, ProxyMode::NFTables};

/// The payload alone: upstream's syncProxyRules up to the iptables-restore call.
void BM_IptablesRuleText(benchmark::State &state)
{
    const ServiceMap services = cluster(int(state.range(0)));
    std::set<std::string> all;
    for (const auto &[name, s] : services)
        all.insert(name);
    IptablesProxier proxier(nodeConfig());
    std::size_t bytes = 0;
    for (auto _ : state) {
        IptablesSync sync = proxier.sync(services, all, true, {});
        bytes = sync.payload.size();
        benchmark::DoNotOptimize(sync);
    }
    state.counters["payload_MB"] = double(bytes) / (1024.0 * 1024.0);
}

void BM_IptablesPartialRuleText(benchmark::State &state)
{
    ServiceMap services = cluster(int(state.range(0)));
    IptablesProxier proxier(nodeConfig());
    const IptablesSync first = proxier.sync(services, {}, true, {});
    // What iptables-save would list in nat after the first sync: every chain it declared.
    std::set<std::string> existing;
    for (std::size_t pos = first.payload.find("\n:"); pos != std::string::npos; pos = first.payload.find("\n:", pos + 1))
        existing.insert(first.payload.substr(pos + 2, first.payload.find(' ', pos) - pos - 2));
    std::size_t bytes = 0;
    int round = 0;
    for (auto _ : state) {
        const std::string changed = changeOneEndpoint(services, ++round);
        // In a large cluster upstream looks for stale chains at most once per syncPeriod.
        IptablesSync sync = proxier.sync(services, {changed}, false, state.range(1) ? &existing : nullptr);
        bytes = sync.payload.size();
        benchmark::DoNotOptimize(sync);
    }
    state.counters["payload_kB"] = double(bytes) / 1024.0;
}

/// A whole sync as the lab runs it: rules built and applied to the node's model.
void BM_FullSync(benchmark::State &state)
{
    const ProxyMode mode = kModes[std::size_t(state.range(0))];
    const ServiceMap services = cluster(int(state.range(1)));
    state.SetLabel(modeName(mode));
    std::size_t rules = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::unique_ptr<ProxyBackend> backend = makeBackend(mode, nodeConfig());
        state.ResumeTiming();
        Result<BackendSync> sync = backend->sync(services, {}, true);
        rules = sync.ok() ? sync->rules : 0;
        state.PauseTiming();
        backend.reset();
        state.ResumeTiming();
    }
    state.counters["rules"] = double(rules);
}

void BM_PartialSync(benchmark::State &state)
{
    const ProxyMode mode = kModes[std::size_t(state.range(0))];
    ServiceMap services = cluster(int(state.range(1)));
    state.SetLabel(modeName(mode));
    std::unique_ptr<ProxyBackend> backend = makeBackend(mode, nodeConfig());
    (void)backend->sync(services, {}, true);
    std::size_t bytes = 0;
    int round = 0;
    for (auto _ : state) {
        const std::string changed = changeOneEndpoint(services, ++round);
        Result<BackendSync> sync = backend->sync(services, {changed}, false);
        bytes = sync.ok() ? sync->payload.size() : 0;
    }
    state.counters["payload_kB"] = double(bytes) / 1024.0;
}

/// A pod's first packet to the ClusterIP of the service listed last in KUBE-SERVICES.
void BM_TraceClusterIP(benchmark::State &state)
{
    const ProxyMode mode = kModes[std::size_t(state.range(0))];
    const ServiceMap services = cluster(int(state.range(1)));
    state.SetLabel(modeName(mode));
    std::unique_ptr<ProxyBackend> backend = makeBackend(mode, nodeConfig());
    (void)backend->sync(services, {}, true);
    const std::string target = std::prev(services.end())->second.port.clusterIP;
    engine::Random random(1);
    int evaluated = 0;
    for (auto _ : state) {
        const PacketPath path = backend->trace({PacketOrigin::Pod, "10.244.1.9", target, 80, "tcp"}, random);
        evaluated = path.rulesEvaluated;
        benchmark::DoNotOptimize(path);
    }
    state.counters["rules_evaluated"] = evaluated;
}

} // namespace

BENCHMARK(BM_IptablesRuleText)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IptablesPartialRuleText)->ArgsProduct({{1000, 10000}, {0, 1}})->ArgNames({"services", "stale_scan"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullSync)->ArgsProduct({{0, 1, 2}, {10000}})->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_PartialSync)->ArgsProduct({{0, 1, 2}, {10000}})->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_TraceClusterIP)->ArgsProduct({{0, 1, 2}, {1000, 5000, 10000}})->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
