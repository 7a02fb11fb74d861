// Who goes first when memory runs out: the kernel's oom_score (mm/oom_kill.c) and the
// kubelet eviction manager's ranking, as the reference states them.
#include "core/kubelet/memory_pressure.h"

#include <QTest>

using namespace k8slab;
using kubelet::PodMemory;

class TestMemoryPressure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oomScoreFollowsTheKernelsFormula_data();
    void oomScoreFollowsTheKernelsFormula();
    void evictionRanksOverRequestThenPriorityThenExcess();
    void criticalPodsAreNeverRanked();
};

void TestMemoryPressure::oomScoreFollowsTheKernelsFormula_data()
{
    QTest::addColumn<qint64>("usage");
    QTest::addColumn<int>("adj");
    QTest::addColumn<int>("score");
    constexpr qint64 GiB = 1024LL * 1024 * 1024;
    // 4 GiB node: 1,048,576 pages; adj counts in units of 1,048 pages.
    QTest::newRow("nothing used, adj 0") << qint64(0) << 0 << 666;
    QTest::newRow("half the node, adj 0") << 2 * GiB << 0 << 1000;
    QTest::newRow("BestEffort, 100 MiB") << 100LL * 1024 * 1024 << 1000 << 1348;
    QTest::newRow("Guaranteed, 1 GiB") << GiB << -997 << 169;
    QTest::newRow("never: adj -1000") << 2 * GiB << -1000 << 0;
    QTest::newRow("all of it, BestEffort") << 4 * GiB << 1000 << 1999;
}

void TestMemoryPressure::oomScoreFollowsTheKernelsFormula()
{
    QFETCH(qint64, usage);
    QFETCH(int, adj);
    QFETCH(int, score);
    constexpr std::int64_t total = 4LL * 1024 * 1024 * 1024;
    // (1000 + (pages + adj × (totalpages/1000)) × 1000 / totalpages) × 2/3
    const std::int64_t pages = total / 4096;
    const std::int64_t badness = usage / 4096 + std::int64_t(adj) * (pages / 1000);
    const int expected = adj <= -1000 ? 0 : int(std::clamp<std::int64_t>((1000 + badness * 1000 / pages) * 2 / 3, 0, 2000));
    QCOMPARE(expected, score);
    QCOMPARE(kubelet::kernelOomScore(usage, adj, total), score);
}

void TestMemoryPressure::evictionRanksOverRequestThenPriorityThenExcess()
{
    const std::vector<PodMemory> pods = {
        {"default/guaranteed", 0, 512, 500, true, false},   // under its request
        {"default/besteffort", 0, 0, 100, true, false},     // over (request 0)
        {"default/important", 1000, 100, 400, true, false}, // over, but higher priority
        {"default/bursting", 0, 100, 900, true, false},     // over by more than besteffort
        {"default/unknown", 5000, 100, 0, false, false},    // no stats: first of all at its priority
    };
    std::vector<std::string> order;
    for (const PodMemory &p : kubelet::rankForMemoryEviction(pods))
        order.push_back(p.pod);
    QCOMPARE(order, (std::vector<std::string>{"default/bursting", "default/besteffort", "default/important", "default/unknown",
                                              "default/guaranteed"}));
}

void TestMemoryPressure::criticalPodsAreNeverRanked()
{
    const auto ranked = kubelet::rankForMemoryEviction(
        {{"kube-system/static", 0, 0, 900, true, true}, {"kube-system/node-critical", 2'000'001'000, 0, 900, true, false},
         {"default/plain", 0, 0, 10, true, false}});
    QCOMPARE(ranked.size(), std::size_t(1));
    QCOMPARE(ranked[0].pod, std::string("default/plain"));
}

QTEST_GUILESS_MAIN(TestMemoryPressure)
#include "tst_memory_pressure.moc"
