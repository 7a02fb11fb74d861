// The lab's faults as the simulated runtime stages them: a container killed from
// outside (exit 137, reason Error, not OOMKilled), a process outside the pods holding
// memory (part of the machine the global OOM killer weighs, and a candidate itself),
// and the image registries cut off (every pull fails as containerd's does when the
// registry's host does not resolve), then back.
#include "tests/runtime/sim/sim_test_node.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using runtime::sim::Machine;
using runtime::sim::SimNetwork;
using runtime::sim::SimRuntime;

namespace {

constexpr std::int64_t MiB = 1024 * 1024;
using test::simContainer;

struct Node : test::SimTestNode {
    using SimTestNode::SimTestNode;
    kubelet::PullResult pull(const std::string &image)
    {
        std::optional<kubelet::PullResult> got;
        runtime.pullImage(image, "linux/amd64", [&got](const kubelet::PullResult &r) { got = r; });
        loop.advance(60s);
        return got.value_or(kubelet::PullResult{});
    }
};

} // namespace

class TestSimFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedContainerExitsWith137();
    void killingNeedsARunningContainer();
    void heldMemoryCountsForTheGlobalOomKiller();
    void heldMemoryIsACandidateItself();
    void negativeMemoryIsRefused();
    void brokenRegistryFailsEveryPull();
};

void TestSimFaults::killedContainerExitsWith137()
{
    Node node;
    std::vector<std::string> changed;
    node.runtime.setContainerListener([&changed](const std::string &id) { changed.push_back(id); });
    const std::string id = node.start(simContainer("web", "nginx", {}));
    QVERIFY(!id.empty());
    node.loop.advance(5s);
    QVERIFY(node.runtime.killContainer(id).ok());
    const auto status = node.runtime.containerStatus(id);
    QCOMPARE(status->state, kubelet::ContainerState::Exited);
    QCOMPARE(status->exitCode, 137);
    QCOMPARE(QString::fromStdString(status->reason), QStringLiteral("Error")); // SIGKILL, but not the OOM killer
    QCOMPARE(changed.back(), id); // the kubelet hears of it as of any exit
    QCOMPARE(node.runtime.containerStats(id)->memoryWorkingSetBytes, 0);
}

void TestSimFaults::killingNeedsARunningContainer()
{
    Node node;
    QCOMPARE(node.runtime.killContainer("nope").code(), StatusCode::NotFound);
    const std::string id = node.start(simContainer("once", "busybox", {"true"}));
    node.loop.advance(1s);
    QCOMPARE(node.runtime.containerStatus(id)->state, kubelet::ContainerState::Exited);
    QCOMPARE(node.runtime.killContainer(id).code(), StatusCode::FailedPrecondition);
    QCOMPARE(node.runtime.containerStatus(id)->exitCode, 0); // unchanged
}

void TestSimFaults::heldMemoryCountsForTheGlobalOomKiller()
{
    // 1 GiB machine; a BestEffort hog of 300 MiB (adj 1000) runs. Something outside the
    // pods takes 800 MiB: the machine is short and the kernel kills the highest
    // oom_score — the BestEffort container (its adj outweighs the bigger process).
    Node node(Machine{4000, 1024 * MiB});
    auto hog = simContainer("hog", "polinux/stress", {"stress"}, {"--vm", "1", "--vm-bytes", "300M", "--vm-hang", "1"});
    hog.oomScoreAdj = 1000;
    const std::string id = node.start(hog);
    node.loop.advance(1s);
    QVERIFY(node.runtime.setHostMemoryHog(800 * MiB).ok());
    QCOMPARE(node.runtime.hostMemoryHog(), 800 * MiB);
    QCOMPARE(QString::fromStdString(node.runtime.containerStatus(id)->reason), QStringLiteral("OOMKilled"));
    QCOMPARE(node.runtime.containerStatus(id)->exitCode, 137);
    // The pods' cgroup does not count it; the node does (through hostMemoryHog).
    QCOMPARE(node.runtime.podsStats()->memoryWorkingSetBytes, 0);
    QVERIFY(node.runtime.setHostMemoryHog(0).ok());
    QCOMPARE(node.runtime.hostMemoryHog(), 0);
}

void TestSimFaults::heldMemoryIsACandidateItself()
{
    // A Guaranteed container (adj -997) of 200 MiB and 900 MiB held outside the pods on
    // a 1 GiB machine: the process outside is the worst and is killed; the pod lives.
    Node node(Machine{4000, 1024 * MiB});
    auto steady = simContainer("steady", "polinux/stress", {"stress"}, {"--vm", "1", "--vm-bytes", "200M", "--vm-hang", "1"});
    steady.oomScoreAdj = -997;
    const std::string id = node.start(steady);
    node.loop.advance(1s);
    QVERIFY(node.runtime.setHostMemoryHog(900 * MiB).ok());
    QCOMPARE(node.runtime.hostMemoryHog(), 0);
    QCOMPARE(node.runtime.containerStatus(id)->state, kubelet::ContainerState::Running);
}

void TestSimFaults::negativeMemoryIsRefused()
{
    Node node;
    QCOMPARE(node.runtime.setHostMemoryHog(-1).code(), StatusCode::Invalid);
    QCOMPARE(node.runtime.hostMemoryHog(), 0);
}

void TestSimFaults::brokenRegistryFailsEveryPull()
{
    Node node;
    SimRuntime other(node.loop, "linux/amd64", "10.244.2.", runtime::sim::ImageCatalog::builtin(), {}, node.network);
    QVERIFY(node.runtime.setRegistryReachable(false).ok());
    QVERIFY(!node.network->registryReachable()); // one network: every node of the lab at once
    const kubelet::PullResult failed = node.pull("redis:7");
    QVERIFY(!failed.image);
    QCOMPARE(QString::fromStdString(failed.failure->reason), QStringLiteral("ErrImagePull"));
    QCOMPARE(QString::fromStdString(failed.failure->message),
             QStringLiteral("rpc error: code = Unknown desc = failed to pull and unpack image \"docker.io/library/redis:7\": "
                            "failed to resolve reference \"docker.io/library/redis:7\": failed to do request: Head "
                            "\"https://registry-1.docker.io/v2/library/redis/manifests/7\": dial tcp: lookup "
                            "registry-1.docker.io: no such host"));
    const kubelet::PullResult k8s = node.pull("registry.k8s.io/pause:3.10");
    QVERIFY(QString::fromStdString(k8s.failure->message)
                .contains(QStringLiteral("Head \"https://registry.k8s.io/v2/pause/manifests/3.10\"")));
    // Images the node has still run: only pulls need the registry.
    QVERIFY(!node.start(simContainer("web", "nginx", {})).empty());
    QVERIFY(other.setRegistryReachable(true).ok());
    const kubelet::PullResult back = node.pull("redis:7");
    QVERIFY(back.image.has_value());
    QVERIFY(!back.failure);
}

QTEST_GUILESS_MAIN(TestSimFaults)
#include "tst_sim_faults.moc"
