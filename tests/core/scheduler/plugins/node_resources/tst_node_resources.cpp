// NodeResourcesFit (the filter's checks in upstream's order, the pod request with init
// containers, sidecars and overhead, the three scoring strategies with the non-zero
// defaults) and NodeResourcesBalancedAllocation.
#include "core/scheduler/plugins/node_resources/fit.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using api::Json;
using test::NodeBuilder;
using test::PodBuilder;

Q_DECLARE_METATYPE(api::Json)

class TestNodeResources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void podRequest_data();
    void podRequest();
    void fit_data();
    void fit();
    void scoring_data();
    void scoring();
    void balancedAllocation();
    void badStrategy();
};

void TestNodeResources::podRequest_data()
{
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<qint64>("cpu");
    QTest::addColumn<qint64>("nonZeroCpu");
    QTest::addColumn<qint64>("nonZeroMemory");
    const qint64 defMem = 200LL * 1024 * 1024;
    QTest::newRow("no requests: 0, scoring defaults 100m and 200Mi") << PodBuilder("p").build() << 0LL << 100LL << defMem;
    QTest::newRow("two containers add up")
        << PodBuilder("p").req("cpu", "250m").container("busybox", {{"cpu", "500m"}}).build() << 750LL << 750LL << 2 * defMem;
    QTest::newRow("a larger init container wins")
        << PodBuilder("p").req("cpu", "500m").initContainer("busybox", {{"cpu", "1500m"}}).build() << 1500LL << 1500LL << defMem;
    QTest::newRow("a sidecar adds to the containers")
        << PodBuilder("p").req("cpu", "600m").initContainer("proxy", {{"cpu", "600m"}}, true).build() << 1200LL << 1200LL
        << 2 * defMem;
    QTest::newRow("an explicit zero stays zero")
        << PodBuilder("p").req("cpu", "0").build() << 0LL << 0LL << defMem;
    Json withOverhead = PodBuilder("p").req("cpu", "900m").build();
    withOverhead["spec"]["overhead"] = {{"cpu", "200m"}};
    QTest::newRow("overhead adds") << withOverhead << 1100LL << 1100LL << defMem;
}

// The effective request as upstream's computePodResourceRequest (and its non-zero twin).
void TestNodeResources::podRequest()
{
    QFETCH(api::Json, pod);
    QFETCH(qint64, cpu);
    QFETCH(qint64, nonZeroCpu);
    QFETCH(qint64, nonZeroMemory);
    const PodInfoPtr info = parsePod(pod);
    QCOMPARE(info->requests.milliCpu, cpu);
    QCOMPARE(info->nonZeroMilliCpu, nonZeroCpu);
    QCOMPARE(info->nonZeroMemory, nonZeroMemory);
}

void TestNodeResources::fit_data()
{
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<QString>("reasons"); // node: 2 CPUs, 4Gi, 3 pods; 1 pod using 1 CPU and 1Gi
    QTest::newRow("fits") << PodBuilder("p").req("cpu", "1").req("memory", "1Gi").build() << "";
    QTest::newRow("Insufficient cpu") << PodBuilder("p").req("cpu", "1100m").build() << "Insufficient cpu";
    QTest::newRow("cpu then memory, each named")
        << PodBuilder("p").req("cpu", "3").req("memory", "5Gi").build() << "Insufficient cpu, Insufficient memory";
    QTest::newRow("an extended resource the node lacks")
        << PodBuilder("p").req("nvidia.com/gpu", "1").build() << "Insufficient nvidia.com/gpu";
    QTest::newRow("ephemeral storage") << PodBuilder("p").req("ephemeral-storage", "20Gi").build()
                                       << "Insufficient ephemeral-storage";
    QTest::newRow("a best-effort pod needs only a pod slot") << PodBuilder("p").build() << "";
    QTest::newRow("the init rule counts")
        << PodBuilder("p").req("cpu", "500m").initContainer("busybox", {{"cpu", "1500m"}}).build() << "Insufficient cpu";
}

// Upstream's fitsRequest order and strings (Unschedulable).
void TestNodeResources::fit()
{
    QFETCH(api::Json, pod);
    QFETCH(QString, reasons);
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("n").cpu("2").memory("4Gi").pods("3").resource("ephemeral-storage", "10Gi").build());
    h.addPod(PodBuilder("running").req("cpu", "1").req("memory", "1Gi").nodeName("n").build());
    const PluginStatus s = h.filter(pod).front().second;
    QCOMPARE(QString::fromStdString(s.message()), reasons);
    QCOMPARE(s.code(), reasons.isEmpty() ? Code::Success : Code::Unschedulable);
}

void TestNodeResources::scoring_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<qint64>("big");   // 4 CPUs, 8Gi, a pod of 1 CPU/2Gi there; the new pod 1 CPU/2Gi
    QTest::addColumn<qint64>("small"); // 2 CPUs, 8Gi, empty
    QTest::addColumn<qint64>("bare");  // the big node, for a pod without requests
    // LeastAllocated: big (2000 of 4000 → 50, 4 of 8Gi → 50) = 50; small (50, 75) = 62;
    // bare pod on big: cpu (4000-1000-100)/4000 → 72, memory (8Gi-2Gi-200Mi)/8Gi → 72.
    QTest::newRow("LeastAllocated") << "LeastAllocated" << 50LL << 62LL << 72LL;
    // MostAllocated: big 50; small (50, 25) = 37; bare: cpu 1100/4000 → 27, memory 2248Mi/8192Mi → 27.
    QTest::newRow("MostAllocated") << "MostAllocated" << 50LL << 37LL << 27LL;
    // RequestedToCapacityRatio, shape (0,0)-(100,10): big 50; small round((50+25)/2) = 38;
    // bare: round((27+27)/2) = 27.
    QTest::newRow("RequestedToCapacityRatio") << "RequestedToCapacityRatio" << 50LL << 38LL << 27LL;
}

// The three strategies' formulas with the 100m/200Mi defaults for the scored pods.
void TestNodeResources::scoring()
{
    QFETCH(QString, strategy);
    QFETCH(qint64, big);
    QFETCH(qint64, small);
    QFETCH(qint64, bare);
    ProfileConfig profile;
    Json args = {{"scoringStrategy", {{"type", strategy.toStdString()}}}};
    if (strategy == "RequestedToCapacityRatio")
        args["scoringStrategy"]["requestedToCapacityRatio"] = {
            {"shape", {{{"utilization", 0}, {"score", 0}}, {{"utilization", 100}, {"score", 10}}}}};
    profile.pluginArgs["NodeResourcesFit"] = args;
    test::SchedulerHarness h(profile);
    h.addNode(NodeBuilder("big").cpu("4").memory("8Gi").build());
    h.addNode(NodeBuilder("small").cpu("2").memory("8Gi").build());
    h.addPod(PodBuilder("there").req("cpu", "1").req("memory", "2Gi").nodeName("big").build());
    const auto scores = h.score("NodeResourcesFit", PodBuilder("p").req("cpu", "1").req("memory", "2Gi").build());
    QCOMPARE(scores[0].first, big);
    QCOMPARE(scores[1].first, small);
    QCOMPARE(scores[0].second, big); // no normalization
    QCOMPARE(h.score("NodeResourcesFit", PodBuilder("bare").build())[0].first, bare);
}

// (1 - |f_cpu - f_mem| / 2) * 100 on actual requests, truncated.
void TestNodeResources::balancedAllocation()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("big").cpu("4").memory("8Gi").build());
    h.addNode(NodeBuilder("small").cpu("2").memory("8Gi").build());
    h.addPod(PodBuilder("there").req("cpu", "1").req("memory", "2Gi").nodeName("big").build());
    const auto scores = h.score("NodeResourcesBalancedAllocation", PodBuilder("p").req("cpu", "1").req("memory", "2Gi").build());
    QCOMPARE(scores[0].first, std::int64_t{100}); // 0.5 and 0.5
    QCOMPARE(scores[1].first, std::int64_t{87});  // 0.5 and 0.25: std 0.125 → 87.5 → 87
    // A best-effort pod on an empty node: 0 and 0 → 100.
    QCOMPARE(h.score("NodeResourcesBalancedAllocation", PodBuilder("bare").build())[1].first, std::int64_t{100});
}

// A configuration with an unknown strategy is refused with the field named.
void TestNodeResources::badStrategy()
{
    Result<plugins::ScoringStrategy> s = plugins::parseScoringStrategy({{"scoringStrategy", {{"type", "Cheapest"}}}});
    QVERIFY(!s.ok());
    QCOMPARE(s.status().code(), StatusCode::Invalid);
    QVERIFY(s.status().message().starts_with("scoringStrategy.type: Unsupported value: \"Cheapest\""));
}

QTEST_APPLESS_MAIN(TestNodeResources)
#include "tst_node_resources.moc"
