// The DaemonSet controller: which nodes a daemon pod belongs on (table), one pod per
// node in a simulated cluster — including a node added later — and a rolling update
// that never has more than maxUnavailable nodes without an available pod.
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

QTEST_GUILESS_MAIN(TestDaemonSetController)
#include "tst_daemonset_controller.moc"
