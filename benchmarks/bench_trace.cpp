// The step views' source: indexing the trace as it is published, and walking it into a
// pod's story or a Deployment's creation, on a synthetic trace shaped like the lab's
// (each pod: its creation by the ReplicaSet controller, the scheduler's attempt and
// binding, the kubelet's steps and status writes, the EndpointSlice controller answering
// ten pods at a time, three kube-proxy syncs; lease renewals in between).
#include "core/recording/causal_history.h"
#include "core/recording/trace_index.h"
#include "benchmarks/bench_support.h"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

using namespace k8slab;

namespace {

struct TraceBuilder {
    std::vector<proto::TraceEvent> events;
    std::uint64_t next = 1;

    std::uint64_t add(std::uint64_t cause, const char *component, proto::TraceKind kind, const char *code,
                      const char *objectKind, const std::string &name, std::vector<std::uint64_t> also = {})
    {
        proto::TraceEvent e;
        e.set_id(next++);
        e.set_cause_id(cause);
        e.set_component(component);
        e.set_kind(kind);
        e.set_code(code);
        e.set_revision(std::int64_t(e.id()));
        e.set_time_ns(std::int64_t(e.id()) * 1'000'000);
        e.mutable_object()->set_kind(objectKind);
        e.mutable_object()->set_namespace_("default");
        e.mutable_object()->set_name(name);
        for (std::uint64_t a : also)
            e.add_also_caused_by(a);
        (*e.mutable_params())["verb"] = "POST";
        events.push_back(std::move(e));
        return next - 1;
    }
    /// A request, its store write and the answer; returns the write.
    std::uint64_t call(std::uint64_t cause, const char *kind, const std::string &name)
    {
        const std::uint64_t request = add(cause, "apiserver", proto::TRACE_KIND_REQUEST, "apiserver.request", kind, name);
        const std::uint64_t write = add(request, "store", proto::TRACE_KIND_STORE_WRITE, "store.update", kind, name);
        add(write, "apiserver", proto::TRACE_KIND_REQUEST, "apiserver.response", "", "");
        return write;
    }
};

/// A Deployment of `pods` pods and everything they lead to.
std::vector<proto::TraceEvent> deploymentTrace(int pods)
{
    TraceBuilder t;
    const std::uint64_t root = t.add(0, "apiserver", proto::TRACE_KIND_REQUEST, "apiserver.request", "Deployment", "");
    const std::uint64_t dep = t.add(root, "store", proto::TRACE_KIND_STORE_WRITE, "store.create", "Deployment", "web");
    const std::uint64_t sync = t.add(dep, "kube-controller-manager/deployment", proto::TRACE_KIND_RECONCILE,
                                     "controller.deployment.newReplicaSet", "Deployment", "web");
    const std::uint64_t rs = t.call(sync, "ReplicaSet", "web-abc");
    std::uint64_t rsSync = t.add(rs, "kube-controller-manager/replicaset", proto::TRACE_KIND_RECONCILE,
                                 "controller.replicaset.sync", "ReplicaSet", "web-abc");
    std::vector<std::uint64_t> ready;
    for (int p = 0; p < pods; ++p) {
        const std::string name = "web-abc-" + std::to_string(p);
        const std::uint64_t created = t.call(rsSync, "Pod", name);
        const std::uint64_t attempt = t.add(created, "scheduler", proto::TRACE_KIND_DECISION, "scheduler.attempt", "Pod", name);
        const std::uint64_t bound = t.call(attempt, "Pod", name);
        std::uint64_t step = t.add(bound, "kubelet/worker-1", proto::TRACE_KIND_ACTION, "kubelet.admit", "Pod", name);
        for (const char *code : {"kubelet.sandbox", "kubelet.pull", "kubelet.start"})
            step = t.add(step, "kubelet/worker-1", proto::TRACE_KIND_ACTION, code, "Pod", name);
        const std::uint64_t status = t.call(step, "Pod", name);
        t.add(status, "kubelet/worker-1", proto::TRACE_KIND_ACTION, "kubelet.status", "Pod", name);
        ready.push_back(status);
        if (ready.size() == 10) { // the EndpointSlice controller answers ten pods at once
            const std::uint64_t es = t.add(ready.front(), "kube-controller-manager/endpointslice", proto::TRACE_KIND_RECONCILE,
                                           "controller.endpointslice.sync", "Service", "web",
                                           std::vector<std::uint64_t>(ready.begin() + 1, ready.end()));
            const std::uint64_t slice = t.call(es, "EndpointSlice", "web-x");
            for (const char *proxy : {"kube-proxy/worker-1", "kube-proxy/worker-2", "kube-proxy/worker-3"})
                t.add(slice, proxy, proto::TRACE_KIND_ACTION, "proxy.sync", "Node", proxy);
            ready.clear();
        }
        for (int l = 0; l < 2; ++l) // lease renewals: other stories
            t.call(0, "Lease", "worker-" + std::to_string(l));
    }
    return std::move(t.events);
}

void BM_TraceIndexAdd(benchmark::State &state)
{
    const std::vector<proto::TraceEvent> trace = deploymentTrace(int(state.range(0)));
    for (auto _ : state) {
        recording::TraceIndex index(trace.size()); // room for all of it: nothing dropped
        for (const proto::TraceEvent &e : trace)
            index.add(e);
        benchmark::DoNotOptimize(index.lastId());
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(trace.size()));
    state.counters["events"] = double(trace.size());
}
BENCHMARK(BM_TraceIndexAdd)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);

void BM_TraceIndexMemory(benchmark::State &state)
{
    const std::vector<proto::TraceEvent> trace = deploymentTrace(int(state.range(0)));
    for (auto _ : state) {
        const std::int64_t before = bench::residentBytes();
        auto index = std::make_unique<recording::TraceIndex>(trace.size());
        for (const proto::TraceEvent &e : trace)
            index->add(e);
        state.counters["bytesPerEvent"] = double(bench::residentBytes() - before) / double(trace.size());
        benchmark::DoNotOptimize(index->lastId());
    }
}
BENCHMARK(BM_TraceIndexMemory)->Arg(5000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_PodHistory(benchmark::State &state)
{
    const int pods = int(state.range(0));
    const std::vector<proto::TraceEvent> trace = deploymentTrace(pods);
    recording::TraceIndex index(trace.size());
    for (const proto::TraceEvent &e : trace)
        index.add(e);
    const std::string pod = "web-abc-" + std::to_string(pods / 2 + 3);
    std::size_t steps = 0;
    for (auto _ : state)
        steps = recording::podHistory(index, "default", pod).steps.size();
    state.counters["steps"] = double(steps);
}
BENCHMARK(BM_PodHistory)->Arg(1000)->Arg(5000)->Unit(benchmark::kMicrosecond);

void BM_CreationHistory(benchmark::State &state)
{
    const std::vector<proto::TraceEvent> trace = deploymentTrace(int(state.range(0)));
    recording::TraceIndex index(trace.size());
    for (const proto::TraceEvent &e : trace)
        index.add(e);
    std::size_t steps = 0;
    for (auto _ : state)
        steps = recording::creationHistory(index, "Deployment", "default", "web").steps.size();
    state.counters["steps"] = double(steps);
}
BENCHMARK(BM_CreationHistory)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
