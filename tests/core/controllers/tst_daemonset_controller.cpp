// The DaemonSet controller: which nodes a daemon pod belongs on (table), one pod per
// node in a simulated cluster — including a node added later — and a rolling update
// that never has more than maxUnavailable nodes without an available pod, or with
// maxSurge starts the new pod beside the old one and never leaves a node without an
// available pod; the rolling-update planner's steps as a table.
#include "core/controllers/daemonset_controller.h"
#include "tests/support/cluster_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {
const std::string kDaemonSets = "/apis/apps/v1/namespaces/default/daemonsets";

int available(test::ClusterFixture &c)
{
    const Json ds = c.get(kDaemonSets + "/agent");
    return ds.contains("status") ? ds["status"].value("numberAvailable", 0) : 0;
}

Json daemonPods(test::ClusterFixture &c)
{
    Json live = Json::array();
    const Json all = c.get("/api/v1/namespaces/default/pods?labelSelector=app=agent");
    for (const Json &p : all["items"])
        if (!p["metadata"].contains("deletionTimestamp"))
            live.push_back(p);
    return live;
}
} // namespace

class TestDaemonSetController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void placement_data();
    void placement();
    void onePodPerNodeIncludingNewOnes();
    void aRollingUpdateKeepsWithinMaxUnavailable();
    void aSurgingUpdateKeepsEveryNodeServed();
    void failedPodsAreReplacedWithBackOff();
    void rolloutPlan_data();
    void rolloutPlan();
    void fenceposts_data();
    void fenceposts();
};

void TestDaemonSetController::placement_data()
{
    QTest::addColumn<QString>("podSpec");
    QTest::addColumn<QString>("node");
    QTest::addColumn<bool>("shouldRun");
    QTest::addColumn<bool>("shouldContinue");
    const QString plain = R"({"containers":[{"name":"a","image":"busybox"}]})";
    QTest::newRow("any node") << plain << R"({"metadata":{"name":"n1"}})" << true << true;
    QTest::newRow("nodeSelector matches")
        << R"({"nodeSelector":{"disk":"ssd"},"containers":[]})" << R"({"metadata":{"name":"n1","labels":{"disk":"ssd"}}})" << true << true;
    QTest::newRow("nodeSelector does not match")
        << R"({"nodeSelector":{"disk":"ssd"},"containers":[]})" << R"({"metadata":{"name":"n1","labels":{"disk":"hdd"}}})" << false << false;
    QTest::newRow("untolerated NoSchedule") << plain << R"({"metadata":{"name":"n1"},"spec":{"taints":[{"key":"gpu","effect":"NoSchedule"}]}})"
                                            << false << true;
    QTest::newRow("untolerated NoExecute") << plain << R"({"metadata":{"name":"n1"},"spec":{"taints":[{"key":"gpu","effect":"NoExecute"}]}})"
                                           << false << false;
    QTest::newRow("daemon pods tolerate unschedulable")
        << plain << R"({"metadata":{"name":"n1"},"spec":{"taints":[{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule"}]}})"
        << true << true;
    QTest::newRow("and an unreachable node")
        << plain << R"({"metadata":{"name":"n1"},"spec":{"taints":[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute"}]}})"
        << true << true;
    QTest::newRow("required affinity")
        << R"({"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]}}},"containers":[]})"
        << R"({"metadata":{"name":"n1","labels":{"zone":"b"}}})" << false << false; // a pod there must go
    QTest::newRow("resources are not checked") << R"({"containers":[{"name":"a","resources":{"requests":{"cpu":"100"}}}]})"
                                               << R"({"metadata":{"name":"n1"},"status":{"allocatable":{"cpu":"1"}}})" << true << true;
}

void TestDaemonSetController::placement()
{
    QFETCH(QString, podSpec);
    QFETCH(QString, node);
    QFETCH(bool, shouldRun);
    QFETCH(bool, shouldContinue);
    const Json ds = {{"spec", {{"template", {{"spec", Json::parse(podSpec.toStdString())}}}}}};
    const auto p = controllers::daemonPlacement(ds, Json::parse(node.toStdString()));
    QCOMPARE(p.shouldRun, shouldRun);
    QCOMPARE(p.shouldContinueRunning, shouldContinue);
}

void TestDaemonSetController::onePodPerNodeIncludingNewOnes()
{
    test::ClusterFixture c(3);
    c.must("POST", kDaemonSets,
           R"({"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"busybox:1.36","command":["sleep","3600"]}]}}}})",
           201);
    QVERIFY(c.runUntil([&] { return available(c) == 3; }, 60s));
    std::set<std::string> nodes;
    for (const Json &p : daemonPods(c)) {
        nodes.insert(p["spec"]["nodeName"]);
        // Placed by the scheduler through a required affinity to one node.
        QCOMPARE(p["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"][0]["matchFields"][0]["values"][0],
                 p["spec"]["nodeName"]);
        QVERIFY(p["metadata"]["labels"].contains("controller-revision-hash"));
    }
    QCOMPARE(nodes, (std::set<std::string>{"worker-1", "worker-2", "worker-3"}));
    kubelet::NodeSpec fourth;
    fourth.name = "worker-4";
    QVERIFY(c.agents->addNode(fourth).ok());
    QVERIFY(c.runUntil([&] { return available(c) == 4; }, 60s));
    const Json ds = c.get(kDaemonSets + "/agent");
    QCOMPARE(ds["status"]["desiredNumberScheduled"], Json(4));
    QCOMPARE(ds["status"]["updatedNumberScheduled"], Json(4));
    QCOMPARE(daemonPods(c).size(), std::size_t(4));
}

void TestDaemonSetController::aRollingUpdateKeepsWithinMaxUnavailable()
{
    test::ClusterFixture c(4);
    c.must("POST", kDaemonSets,
           R"({"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"nginx:1.27"}]}}}})",
           201);
    QVERIFY(c.runUntil([&] { return available(c) == 4; }, 60s));
    c.must("PATCH", kDaemonSets + "/agent", R"({"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"nginx:1.26"}]}}}})",
           200, "application/strategic-merge-patch+json");
    int fewestReady = 4;
    QVERIFY(c.runUntil(
        [&] {
            int ready = 0, updated = 0;
            for (const Json &p : daemonPods(c)) {
                bool isReady = false;
                for (const Json &cond : p["status"].value("conditions", Json::array()))
                    isReady = isReady || (cond["type"] == "Ready" && cond["status"] == "True");
                ready += isReady ? 1 : 0;
                updated += isReady && p["spec"]["containers"][0]["image"] == "nginx:1.26" ? 1 : 0;
            }
            fewestReady = std::min(fewestReady, ready);
            return updated == 4;
        },
        300s));
    QVERIFY2(fewestReady >= 3, qPrintable(QString("%1 ready at one point; maxUnavailable is 1").arg(fewestReady)));
    QCOMPARE(c.get("/apis/apps/v1/namespaces/default/controllerrevisions")["items"].size(), std::size_t(2));
}

void TestDaemonSetController::aSurgingUpdateKeepsEveryNodeServed()
{
    test::ClusterFixture c(4);
    c.must("POST", kDaemonSets,
           R"({"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"nginx:1.27"}]}}}})",
           201);
    QVERIFY(c.runUntil([&] { return available(c) == 4; }, 60s));
    c.must("PATCH", kDaemonSets + "/agent", R"({"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"nginx:1.26"}]}}}})",
           200, "application/strategic-merge-patch+json");
    std::size_t mostPods = 0;
    int fewestServed = 4;
    bool sawTwoOnANode = false;
    QVERIFY(c.runUntil(
        [&] {
            const Json live = daemonPods(c);
            mostPods = std::max(mostPods, live.size());
            std::map<std::string, int> readyOn, podsOn;
            int updated = 0;
            for (const Json &p : live) {
                bool isReady = false;
                for (const Json &cond : p["status"].value("conditions", Json::array()))
                    isReady = isReady || (cond["type"] == "Ready" && cond["status"] == "True");
                const std::string node = p["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
                                          ["nodeSelectorTerms"][0]["matchFields"][0]["values"][0];
                readyOn[node] += isReady ? 1 : 0;
                sawTwoOnANode = sawTwoOnANode || ++podsOn[node] == 2;
                updated += isReady && p["spec"]["containers"][0]["image"] == "nginx:1.26" ? 1 : 0;
            }
            int served = 0;
            for (const auto &[node, ready] : readyOn)
                served += ready > 0 ? 1 : 0;
            fewestServed = std::min(fewestServed, served);
            return updated == 4 && live.size() == 4;
        },
        300s));
    QVERIFY2(fewestServed == 4, qPrintable(QString("a node had no ready pod (%1 of 4 served); maxUnavailable is 0").arg(fewestServed)));
    QVERIFY2(mostPods <= 5, qPrintable(QString("%1 pods at once; maxSurge is 1").arg(mostPods)));
    QVERIFY(sawTwoOnANode);
    QVERIFY(c.runUntil([&] { return c.get(kDaemonSets + "/agent")["status"].value("updatedNumberScheduled", 0) == 4; }, 30s));
    QCOMPARE(c.get(kDaemonSets + "/agent")["status"]["numberAvailable"], Json(4));
}

void TestDaemonSetController::failedPodsAreReplacedWithBackOff()
{
    // The node's kubelet is stopped, so the status written here (Failed, as a kubelet
    // rejecting the pod writes it) stays; the controller deletes each failed pod and
    // makes a new one, the second time after 1 s, then 2 s, then 4 s.
    test::ClusterFixture c(1);
    QVERIFY(c.agents->setAgentRunning("worker-1", false).ok());
    c.must("POST", kDaemonSets,
           R"({"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"nginx:1.27"}]}}}})",
           201);
    std::vector<double> waited;
    for (int round = 0; round < 4; ++round) {
        QVERIFY(c.runUntil([&] { return daemonPods(c).size() == 1; }, 30s));
        Json pod = daemonPods(c)[0];
        const std::string name = pod["metadata"]["name"];
        pod["status"]["phase"] = "Failed";
        pod["status"]["reason"] = "OutOfcpu";
        c.must("PUT", "/api/v1/namespaces/default/pods/" + name + "/status", pod.dump(), 200);
        const engine::TimePoint failedAt = c.f.loop.now();
        QVERIFY(c.runUntil(
            [&] {
                const Json live = daemonPods(c);
                return live.empty() || live[0]["metadata"]["name"] != name;
            },
            60s));
        waited.push_back(std::chrono::duration<double>(c.f.loop.now() - failedAt).count());
    }
    QVERIFY2(waited[0] < 0.5, qPrintable(QString::number(waited[0])));
    for (int i = 1; i < 4; ++i) {
        const double expected = 1 << (i - 1); // 1 s, 2 s, 4 s
        QVERIFY2(waited[static_cast<std::size_t>(i)] >= expected - 0.5 && waited[static_cast<std::size_t>(i)] <= expected + 1.0,
                 qPrintable(QString("round %1 waited %2 s").arg(i).arg(waited[static_cast<std::size_t>(i)])));
    }
    const Json events = c.get("/api/v1/namespaces/default/events?fieldSelector=reason=FailedDaemonPod")["items"];
    QVERIFY(!events.empty());
    QVERIFY(events[0]["message"].get<std::string>().ends_with("on node worker-1, will try to kill it"));
}

namespace {
// "node:new:old" with a '+' after a pod that is available, '!' after the node when it no
// longer admits the DaemonSet: "n1:b+:a+" has new pod b and old pod a, both available.
std::vector<controllers::DaemonNodeState> nodesOf(const QStringList &specs)
{
    std::vector<controllers::DaemonNodeState> nodes;
    for (const QString &spec : specs) {
        const QStringList parts = spec.split(':');
        controllers::DaemonNodeState n;
        n.node = parts[0].toStdString();
        if (n.node.ends_with('!')) {
            n.node.pop_back();
            n.shouldRun = false;
        }
        const auto pod = [](QString text, std::string &name, bool &available) {
            available = text.endsWith('+');
            if (available)
                text.chop(1);
            name = text.toStdString();
        };
        pod(parts[1], n.newPod, n.newAvailable);
        pod(parts[2], n.oldPod, n.oldAvailable);
        nodes.push_back(n);
    }
    return nodes;
}
} // namespace

void TestDaemonSetController::rolloutPlan_data()
{
    QTest::addColumn<QStringList>("nodes");
    QTest::addColumn<int>("surge");
    QTest::addColumn<int>("unavailable");
    QTest::addColumn<QStringList>("deleted");
    QTest::addColumn<QStringList>("surgeOnto");
    // Without surge: available old pods go while fewer than maxUnavailable nodes lack one.
    QTest::newRow("unavailable 1, start") << QStringList{"n1::a+", "n2::b+", "n3::c+"} << 0 << 1
                                          << QStringList{"a"} << QStringList{};
    QTest::newRow("unavailable 2, start") << QStringList{"n1::a+", "n2::b+", "n3::c+"} << 0 << 2
                                          << QStringList{"a", "b"} << QStringList{};
    QTest::newRow("a new pod not yet available holds the budget")
        << QStringList{"n1:x:", "n2::b+", "n3::c+"} << 0 << 1 << QStringList{} << QStringList{};
    QTest::newRow("an available new pod frees it") << QStringList{"n1:x+:", "n2::b+", "n3::c+"} << 0 << 1
                                                   << QStringList{"b"} << QStringList{};
    QTest::newRow("an unavailable old pod goes whatever the budget")
        << QStringList{"n1:x:", "n2::b", "n3::c+"} << 0 << 1 << QStringList{"b"} << QStringList{};
    QTest::newRow("a node with old and new counts as unavailable")
        << QStringList{"n1:x+:a+", "n2::b+"} << 0 << 1 << QStringList{} << QStringList{};
    // With surge: new pods start beside old ones; old ones go when the new is available.
    QTest::newRow("surge 1, start") << QStringList{"n1::a+", "n2::b+", "n3::c+"} << 1 << 0 << QStringList{}
                                    << QStringList{"n1"};
    QTest::newRow("surge 2, start") << QStringList{"n1::a+", "n2::b+", "n3::c+"} << 2 << 0 << QStringList{}
                                    << QStringList{"n1", "n2"};
    QTest::newRow("surge 1, waiting for the new pod") << QStringList{"n1:x:a+", "n2::b+", "n3::c+"} << 1 << 0
                                                      << QStringList{} << QStringList{};
    QTest::newRow("surge 1, new pod available: the old goes, the next surges")
        << QStringList{"n1:x+:a+", "n2::b+", "n3::c+"} << 1 << 0 << QStringList{"a"} << QStringList{"n2"};
    QTest::newRow("surge: an unavailable old pod gets its new one at once")
        << QStringList{"n1:x:a+", "n2::b", "n3::c+"} << 1 << 0 << QStringList{} << QStringList{"n2"};
    QTest::newRow("surge: a node that no longer admits it keeps its pod while needed")
        << QStringList{"n1!::a+", "n2:y:"} << 1 << 0 << QStringList{} << QStringList{};
    QTest::newRow("surge: … and loses it once more are available than desired")
        << QStringList{"n1!::a+", "n2:y+:", "n3:z+:"} << 1 << 0 << QStringList{"a"} << QStringList{};
    QTest::newRow("surge: an unavailable pod on such a node goes at once")
        << QStringList{"n1!::a", "n2:y+:"} << 1 << 0 << QStringList{"a"} << QStringList{};
}

void TestDaemonSetController::rolloutPlan()
{
    QFETCH(QStringList, nodes);
    QFETCH(int, surge);
    QFETCH(int, unavailable);
    QFETCH(QStringList, deleted);
    QFETCH(QStringList, surgeOnto);
    const std::int64_t desired = std::count_if(nodes.begin(), nodes.end(), [](const QString &n) { return !n.contains('!'); });
    const controllers::DaemonRolloutPlan plan = controllers::planDaemonRollout(nodesOf(nodes), {surge, unavailable}, desired);
    QStringList gotDeleted, gotSurge;
    for (const auto &d : plan.deletions)
        gotDeleted << QString::fromStdString(d.pod);
    for (const std::string &n : plan.surgeNodes)
        gotSurge << QString::fromStdString(n);
    QCOMPARE(gotDeleted, deleted);
    QCOMPARE(gotSurge, surgeOnto);
}

void TestDaemonSetController::fenceposts_data()
{
    QTest::addColumn<QString>("rollingUpdate");
    QTest::addColumn<int>("desired");
    QTest::addColumn<int>("surge");
    QTest::addColumn<int>("unavailable");
    QTest::newRow("defaults") << "{}" << 10 << 0 << 1;
    QTest::newRow("percent rounds up") << R"({"maxUnavailable":"25%"})" << 10 << 0 << 3;
    QTest::newRow("surge percent rounds up") << R"({"maxSurge":"10%","maxUnavailable":0})" << 15 << 2 << 0;
    QTest::newRow("both zero: one unavailable") << R"({"maxSurge":0,"maxUnavailable":0})" << 5 << 0 << 1;
}

void TestDaemonSetController::fenceposts()
{
    QFETCH(QString, rollingUpdate);
    QFETCH(int, desired);
    QFETCH(int, surge);
    QFETCH(int, unavailable);
    const Json ds = {{"spec", {{"updateStrategy", {{"type", "RollingUpdate"}, {"rollingUpdate", Json::parse(rollingUpdate.toStdString())}}}}}};
    const controllers::DaemonFenceposts f = controllers::daemonFenceposts(ds, desired);
    QCOMPARE(f.surge, surge);
    QCOMPARE(f.unavailable, unavailable);
}

QTEST_GUILESS_MAIN(TestDaemonSetController)
#include "tst_daemonset_controller.moc"
