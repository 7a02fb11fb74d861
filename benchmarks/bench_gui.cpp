// The desktop app at scale (issue #8): building and updating the cluster map for 5,000
// nodes and 30,000 pods, drawing one frame of it zoomed out (level of detail) and at
// natural size, and jumping the timeline to a past revision of a store holding 10,000
// pods. See docs/benchmarks.md.
#include "bench_lab.h"

#include "core/apiserver/object_io.h"
#include "core/client/client.h"
#include "gui/cluster_map_scene.h"
#include "gui/cluster_snapshot.h"
#include "gui/cluster_view.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <benchmark/benchmark.h>

using namespace k8slab;
using api::Json;

namespace {

/// A synthetic cluster: `nodes` Ready nodes, `pods` Running pods spread over them.
class SyntheticCluster : public gui::ClusterView {
public:
    SyntheticCluster(int nodes, int pods)
    {
        for (int n = 0; n < nodes; ++n)
            m_nodes.push_back(
                {{"metadata", {{"name", "node-" + std::to_string(n)}}},
                 {"status",
                  {{"conditions", Json::array({{{"type", "Ready"}, {"status", "True"}}})},
                   {"allocatable", {{"cpu", "8"}, {"memory", "32Gi"}}}}}});
        for (int p = 0; p < pods; ++p)
            m_pods.push_back({{"metadata", {{"name", "pod-" + std::to_string(p)}, {"namespace", "default"}}},
                              {"spec",
                               {{"nodeName", "node-" + std::to_string(p % nodes)},
                                {"containers", Json::array({{{"name", "c"},
                                                             {"resources", {{"requests", {{"cpu", "100m"}, {"memory", "64Mi"}}}}}}})}}},
                              {"status", {{"phase", p % 17 == 0 ? "Pending" : "Running"}, {"qosClass", "Burstable"}}}});
    }
    std::vector<const Json *> list(gui::Watched kind) const override
    {
        return kind == gui::Watched::Nodes ? pointers(m_nodes) : kind == gui::Watched::Pods ? pointers(m_pods) : std::vector<const Json *>{};
    }
    Json fetch(const gui::ObjectKey &) override { return nullptr; }

private:
    static std::vector<const Json *> pointers(const std::vector<Json> &v)
    {
        std::vector<const Json *> out;
        for (const Json &j : v)
            out.push_back(&j);
        return out;
    }
    std::vector<Json> m_nodes, m_pods;
};

void BM_MapBuild(benchmark::State &state)
{
    const SyntheticCluster cluster(int(state.range(0)), int(state.range(1)));
    for (auto _ : state) {
        gui::ClusterMapScene scene;
        scene.sync(cluster);
        benchmark::DoNotOptimize(scene.podCount());
    }
}

void BM_MapUpdate(benchmark::State &state)
{
    const SyntheticCluster cluster(int(state.range(0)), int(state.range(1)));
    gui::ClusterMapScene scene;
    scene.sync(cluster);
    for (auto _ : state)
        scene.sync(cluster); // what every change in the cluster costs: items updated in place
}

/// One 1920×1080 frame of the whole map (zoomed out: every node a tile) or of a
/// natural-size window onto it (zoomed in: names, bars, pods).
void BM_MapFrame(benchmark::State &state)
{
    const SyntheticCluster cluster(int(state.range(0)), int(state.range(1)));
    gui::ClusterMapScene scene;
    scene.sync(cluster);
    QImage frame(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    const bool whole = state.range(2) == 0;
    const QRectF source = whole ? scene.sceneRect() : QRectF(scene.sceneRect().topLeft(), QSizeF(1920, 1080));
    for (auto _ : state) {
        QPainter painter(&frame);
        painter.setRenderHint(QPainter::Antialiasing);
        scene.render(&painter, QRectF(0, 0, 1920, 1080), source, Qt::KeepAspectRatio);
    }
    state.SetLabel(whole ? "whole map (zoomed out)" : "natural size");
    state.counters["fps"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

/// The timeline dragged to the middle of a history in which 10,000 pods were created.
void BM_TimelineJump(benchmark::State &state)
{
    bench::BenchLab lab("OFF");
    client::Client client(*lab.api, "bench");
    const apiserver::ResourceInfo &pods = client::resource("", "v1", "pods");
    store::Revision middle = 0;
    const int count = int(state.range(0));
    for (int i = 0; i < count; ++i) {
        const Json pod = {{"apiVersion", "v1"},
                          {"kind", "Pod"},
                          {"metadata", {{"name", "pod-" + std::to_string(i)}, {"namespace", "default"}}},
                          {"spec", {{"containers", Json::array({{{"name", "c"}, {"image", "nginx:1.27"}}})}}}};
        if (!client.create(pods, "default", pod).ok())
            std::abort();
        if (i == count / 2)
            middle = lab.rec->store().revision();
    }
    (void)lab.rec->store().sync();
    std::size_t seen = 0;
    for (auto _ : state) {
        auto snapshot = gui::ClusterSnapshot::read(lab.rec->store(), middle);
        seen = snapshot.ok() ? (*snapshot)->pods().size() : 0;
    }
    state.counters["pods_then"] = double(seen);
}

} // namespace

BENCHMARK(BM_MapBuild)->Args({5000, 30000})->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MapUpdate)->Args({5000, 30000})->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_MapFrame)->Args({5000, 30000, 0})->Args({5000, 30000, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TimelineJump)->Arg(10000)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv); // graphics scenes need the widgets application (style, fonts)
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
