// The simulated runtime's resource accounting: CPU burners under their limit and under
// contention (CFS quota and weights), cumulative CPU, memory hogs growing at their rate,
// the memory cgroup's OOM kill and the kernel's choice under global OOM; dd filling the
// writable layer, and the logs' size, as the container's ephemeral storage.
#include "tests/runtime/sim/sim_test_node.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using runtime::sim::Machine;
using runtime::sim::SimRuntime;

namespace {

constexpr std::int64_t MiB = 1024 * 1024;
using Node = test::SimTestNode;
using test::simContainer;

} // namespace

class TestSimUsage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cpuBurnerIsThrottledAtItsLimit();
    void busyNodeSharesCpuByRequest();
    void stressNgLoadIsAFraction();
    void cumulativeCpuSurvivesRemoval();
    void memoryHogOverItsLimitIsOOMKilled();
    void vishStressGrowsAtItsRate();
    void globalOomKillsTheHighestScore();
    void stressTimeoutEndsTheRun();
    void idleServersUseAlittle();
    void ddFillsTheWritableLayer();
};

void TestSimUsage::cpuBurnerIsThrottledAtItsLimit()
{
    Node node;
    auto config = simContainer("burn", "polinux/stress", {"stress"}, {"--cpu", "2"});
    config.cpuLimitMilli = 500;
    const std::string id = node.start(config);
    QVERIFY(!id.empty());
    QCOMPARE(node.runtime.cpuMilliNow(id), 500.0);
    node.loop.advance(10s);
    // 0.5 cores for 10 s: 5 core-seconds.
    QCOMPARE(node.runtime.containerStats(id)->cpuUsageCoreNanoSeconds, 5'000'000'000LL);
}

void TestSimUsage::busyNodeSharesCpuByRequest()
{
    // One core, two containers wanting a core each, requests 100m and 300m: CFS gives
    // 1/4 and 3/4; a third that wants only 50m keeps it and the rest is shared.
    Node node(Machine{1000, 8LL * 1024 * MiB});
    auto a = simContainer("a", "polinux/stress", {"stress"}, {"--cpu", "1"});
    a.cpuRequestMilli = 100;
    auto b = simContainer("b", "polinux/stress", {"stress"}, {"--cpu", "1"});
    b.cpuRequestMilli = 300;
    const std::string ia = node.start(a);
    const std::string ib = node.start(b);
    QCOMPARE(node.runtime.cpuMilliNow(ia), 250.0);
    QCOMPARE(node.runtime.cpuMilliNow(ib), 750.0);
    auto c = simContainer("c", "polinux/stress", {"stress-ng"}, {"--cpu", "1", "--cpu-load", "5"});
    c.cpuRequestMilli = 600;
    const std::string ic = node.start(c);
    QCOMPARE(node.runtime.cpuMilliNow(ic), 50.0);
    QCOMPARE(node.runtime.cpuMilliNow(ia), 237.5);
    QCOMPARE(node.runtime.cpuMilliNow(ib), 712.5);
}

void TestSimUsage::stressNgLoadIsAFraction()
{
    Node node;
    const std::string id = node.start(simContainer("ng", "polinux/stress", {"stress-ng"}, {"--cpu", "2", "--cpu-load=30"}));
    QCOMPARE(node.runtime.cpuMilliNow(id), 600.0);
}

void TestSimUsage::cumulativeCpuSurvivesRemoval()
{
    Node node;
    const std::string id = node.start(simContainer("burn", "polinux/stress", {"stress"}, {"--cpu", "1"}));
    node.loop.advance(4s);
    bool stopped = false;
    node.runtime.stopContainer(id, 1s, [&] { stopped = true; });
    node.loop.advance(2s);
    QVERIFY(stopped);
    const std::int64_t used = node.runtime.containerStats(id)->cpuUsageCoreNanoSeconds;
    QCOMPARE(used, 5'000'000'000LL); // SIGTERM ignored: killed after the 1 s grace
    QVERIFY(node.runtime.removeContainer(id).ok());
    // The pods' cgroup still counts what the container used.
    QCOMPARE(node.runtime.podsStats()->cpuUsageCoreNanoSeconds, used);
    QCOMPARE(node.runtime.podsStats()->memoryWorkingSetBytes, 0LL);
}

void TestSimUsage::memoryHogOverItsLimitIsOOMKilled()
{
    // Kubernetes' "Assign Memory Resources" example: 150M in a 100Mi container.
    Node node;
    auto config = simContainer("hog", "polinux/stress", {"stress"}, {"--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"});
    config.memoryLimitBytes = 100 * MiB;
    const std::string id = node.start(config);
    node.loop.advance(200ms);
    QCOMPARE(node.runtime.containerStatus(id)->state, kubelet::ContainerState::Running);
    node.loop.advance(1s);
    const auto status = node.runtime.containerStatus(id);
    QCOMPARE(status->state, kubelet::ContainerState::Exited);
    QCOMPARE(status->exitCode, 137);
    QCOMPARE(QString::fromStdString(status->reason), QStringLiteral("OOMKilled"));
}

void TestSimUsage::vishStressGrowsAtItsRate()
{
    Node node;
    const std::string id = node.start(simContainer("ramp", "vish/stress", {},
                                                {"-mem-total", "100Mi", "-mem-alloc-size", "10Mi", "-mem-alloc-sleep", "1s"}));
    node.loop.advance(5s);
    // Half of it after half the time, plus the process itself (0.5 MiB).
    QCOMPARE(node.runtime.containerStats(id)->memoryWorkingSetBytes, 50 * MiB + MiB / 2);
    node.loop.advance(10s);
    QCOMPARE(node.runtime.containerStats(id)->memoryWorkingSetBytes, 100 * MiB + MiB / 2);
    const std::vector<std::string> log = node.runtime.logs(id);
    QVERIFY(!log.empty());
    QVERIFY(QString::fromStdString(log.front()).contains(QStringLiteral("Allocating \"100Mi\" memory, in \"10Mi\" chunks")));
}

void TestSimUsage::globalOomKillsTheHighestScore()
{
    // 1 GiB machine: a BestEffort container (adj 1000) holding 400 MiB, then a
    // Burstable one (adj 2) taking 700 MiB. Together they do not fit; the kernel kills
    // the task with the highest oom_score, which adj makes the BestEffort one.
    Node node(Machine{4000, 1024 * MiB});
    auto bestEffort = simContainer("best-effort", "polinux/stress", {"stress"}, {"--vm", "1", "--vm-bytes", "400M", "--vm-hang", "1"});
    bestEffort.oomScoreAdj = 1000;
    const std::string victim = node.start(bestEffort);
    node.loop.advance(1s);
    auto burstable = simContainer("burstable", "polinux/stress", {"stress"}, {"--vm", "1", "--vm-bytes", "700M", "--vm-hang", "1"});
    burstable.oomScoreAdj = 2;
    const std::string big = node.start(burstable);
    node.loop.advance(1s);
    QCOMPARE(QString::fromStdString(node.runtime.containerStatus(victim)->reason), QStringLiteral("OOMKilled"));
    QCOMPARE(node.runtime.containerStatus(victim)->exitCode, 137);
    QCOMPARE(node.runtime.containerStatus(big)->state, kubelet::ContainerState::Running);
}

void TestSimUsage::stressTimeoutEndsTheRun()
{
    Node node;
    const std::string id = node.start(simContainer("t", "polinux/stress", {"stress"}, {"--cpu", "1", "--timeout", "30s"}));
    node.loop.advance(31s);
    const auto status = node.runtime.containerStatus(id);
    QCOMPARE(status->state, kubelet::ContainerState::Exited);
    QCOMPARE(status->exitCode, 0);
    QCOMPARE(node.runtime.containerStats(id)->cpuUsageCoreNanoSeconds, 30'000'000'000LL);
    const std::vector<std::string> log = node.runtime.logs(id);
    QVERIFY(QString::fromStdString(log.back()).endsWith(QStringLiteral("successful run completed in 30s")));
}

void TestSimUsage::idleServersUseAlittle()
{
    Node node;
    const std::string id = node.start(simContainer("web", "nginx", {}));
    QCOMPARE(node.runtime.cpuMilliNow(id), 1.0);
    QCOMPARE(node.runtime.containerStats(id)->memoryWorkingSetBytes, 3 * MiB);
}

void TestSimUsage::ddFillsTheWritableLayer()
{
    Node node;
    const std::string id = node.start(simContainer(
        "fill", "busybox", {"sh", "-c"},
        {"dd if=/dev/zero of=/dev/null bs=1M count=10; dd if=/dev/zero of=/data/big bs=1M count=100; sleep 3600"}));
    node.loop.advance(1s);
    const auto stats = node.runtime.containerStats(id);
    QVERIFY(stats);
    QCOMPARE(stats->rootfsUsedBytes, 100 * MiB); // /dev/null kept nothing
    // busybox's words, on stderr; the logs count too.
    const std::vector<std::string> log = node.runtime.logs(id);
    QCOMPARE(log.size(), std::size_t(6));
    QVERIFY2(QString::fromStdString(log[3]).endsWith(QStringLiteral(" stderr F 100+0 records in")), log[3].c_str());
    QVERIFY2(QString::fromStdString(log[5]).contains(QStringLiteral(" stderr F 104857600 bytes (104.9MB) copied, 0.209715 seconds, 500.0MB/s")),
             log[5].c_str());
    std::int64_t logBytes = 0;
    for (const std::string &line : log)
        logBytes += static_cast<std::int64_t>(line.size()) + 1;
    QCOMPARE(stats->logsUsedBytes, logBytes);
    // A new container starts with an empty writable layer.
    const std::string fresh = node.start(simContainer("fresh", "busybox", {"sleep"}, {"3600"}));
    QCOMPARE(node.runtime.containerStats(fresh)->rootfsUsedBytes, 0);
}

QTEST_GUILESS_MAIN(TestSimUsage)
#include "tst_sim_usage.moc"
