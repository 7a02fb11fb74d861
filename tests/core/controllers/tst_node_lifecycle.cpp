// The node lifecycle and taint eviction controllers with real kubelets on the virtual
// clock: a node whose agent stops goes Unknown after the grace period, is tainted, and
// its pods are evicted 300 s later (the default tolerations) and replaced elsewhere;
// when the agent comes back the taints go. Eviction delays from tolerations, table by table.
#include "core/controllers/taint_eviction_controller.h"
#include "tests/support/cluster_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {
const std::string kNodes = "/api/v1/nodes";
const std::string kPods = "/api/v1/namespaces/default/pods";

std::string readyOf(const Json &node)
{
    for (const Json &c : node["status"]["conditions"])
        if (c["type"] == "Ready")
            return c["status"];
    return "";
}

int available(test::ClusterFixture &c)
{
    const Json d = c.get("/apis/apps/v1/namespaces/default/deployments/web");
    return d.contains("status") ? d["status"].value("availableReplicas", 0) : 0;
}

std::set<std::string> taintsOf(const Json &node)
{
    std::set<std::string> out;
    for (const Json &t : node["spec"].value("taints", Json::array()))
        out.insert(t["key"].get<std::string>() + ":" + t["effect"].get<std::string>());
    return out;
}
} // namespace

class TestNodeLifecycle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aSilentNodeIsMarkedTaintedAndEmptied();
    void podsOfADeletedNodeAreCollected();
    void evictionDelay_data();
    void evictionDelay();
};

void TestNodeLifecycle::aSilentNodeIsMarkedTaintedAndEmptied()
{
    test::ClusterFixture c(3);
    c.must("POST", "/apis/apps/v1/namespaces/default/deployments",
           R"({"metadata":{"name":"web"},"spec":{"replicas":6,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})",
           201);
    QVERIFY(c.runUntil([&] { return available(c) == 6; }, 60s));
    const auto podsOn = [&](const std::string &node, bool terminating) {
        int n = 0;
        const Json list = c.get(kPods);
        for (const Json &p : list["items"])
            if (p["spec"].value("nodeName", "") == node && p["metadata"].contains("deletionTimestamp") == terminating)
                ++n;
        return n;
    };
    const int onFirst = podsOn("worker-1", false);
    QVERIFY(onFirst > 0);

    QVERIFY(c.agents->setAgentRunning("worker-1", false).ok());
    const engine::TimePoint stopped = c.f.loop.now();
    QVERIFY(c.runUntil([&] { return readyOf(c.get(kNodes + "/worker-1")) == "Unknown"; }, 120s));
    const auto unknownAfter = c.f.loop.now() - stopped;
    QVERIFY2(unknownAfter >= 50s && unknownAfter <= 70s, "the grace period is 50 s (v1.32), checked every 5 s");
    const Json node = c.get(kNodes + "/worker-1");
    for (const Json &cond : node["status"]["conditions"])
        if (cond["type"] == "Ready") {
            QCOMPARE(cond["reason"], Json("NodeStatusUnknown"));
            QCOMPARE(cond["message"], Json("Kubelet stopped posting node status."));
        }
    QVERIFY(c.runUntil([&] { return taintsOf(c.get(kNodes + "/worker-1")).contains("node.kubernetes.io/unreachable:NoExecute"); }, 30s));
    QVERIFY(taintsOf(c.get(kNodes + "/worker-1")).contains("node.kubernetes.io/unreachable:NoSchedule"));
    // The pods there are no longer Ready, but stay until their 300 s toleration runs out.
    const Json all = c.get(kPods);
    for (const Json &p : all["items"])
        if (p["spec"].value("nodeName", "") == "worker-1")
            for (const Json &cond : p["status"]["conditions"])
                if (cond["type"] == "Ready")
                    QCOMPARE(cond["status"], Json("False"));
    const engine::TimePoint tainted = c.f.loop.now();
    c.run(280s);
    QCOMPARE(podsOn("worker-1", true), 0);
    QVERIFY(c.runUntil([&] { return podsOn("worker-1", true) == onFirst; }, 40s));
    const auto evictedAfter = c.f.loop.now() - tainted;
    QVERIFY(evictedAfter >= 295s && evictedAfter <= 310s);
    const Json events = c.get("/api/v1/namespaces/default/events?fieldSelector=reason=TaintManagerEviction")["items"];
    QVERIFY(!events.empty());
    QVERIFY(events[0]["message"].get<std::string>().starts_with("Marking for deletion Pod default/web-"));
    // The Deployment replaces them on the nodes that are up.
    QVERIFY(c.runUntil([&] { return available(c) == 6; }, 60s));
    QCOMPARE(podsOn("worker-1", false), 0);

    QVERIFY(c.agents->setAgentRunning("worker-1", true).ok());
    QVERIFY(c.runUntil([&] { return readyOf(c.get(kNodes + "/worker-1")) == "True" && taintsOf(c.get(kNodes + "/worker-1")).empty(); }, 60s));
    // Back, the kubelet finishes the evicted pods' termination.
    QVERIFY(c.runUntil([&] { return podsOn("worker-1", true) == 0; }, 60s));
}

void TestNodeLifecycle::podsOfADeletedNodeAreCollected()
{
    test::ClusterFixture c(3);
    c.must("POST", "/apis/apps/v1/namespaces/default/deployments",
           R"({"metadata":{"name":"web"},"spec":{"replicas":6,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})",
           201);
    QVERIFY(c.runUntil([&] { return available(c) == 6; }, 60s));
    const auto onThird = [&] {
        int n = 0;
        const Json list = c.get(kPods);
        for (const Json &p : list["items"])
            n += p["spec"].value("nodeName", "") == "worker-3" ? 1 : 0;
        return n;
    };
    QVERIFY(onThird() > 0);
    QVERIFY(c.agents->setAgentRunning("worker-3", false).ok()); // the machine is gone
    c.must("DELETE", kNodes + "/worker-3", "", 200);
    c.run(30s);
    QVERIFY(onThird() > 0); // quarantined for 40 s first
    QVERIFY(c.runUntil([&] { return onThird() == 0; }, 60s));
    QVERIFY(c.runUntil([&] { return available(c) == 6; }, 60s)); // replaced on the other nodes
}

void TestNodeLifecycle::evictionDelay_data()
{
    QTest::addColumn<QString>("tolerations");
    QTest::addColumn<QString>("taints");
    QTest::addColumn<int>("delay");
    const QString unreachable = R"([{"key":"node.kubernetes.io/unreachable","effect":"NoExecute"}])";
    QTest::newRow("the default toleration") << R"([{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}])"
                                            << unreachable << 300;
    QTest::newRow("not tolerated") << "[]" << unreachable << 0;
    QTest::newRow("tolerated for ever") << R"([{"operator":"Exists"}])" << unreachable << -1;
    QTest::newRow("the smallest of several") << R"([{"operator":"Exists","tolerationSeconds":60},{"key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":30}])"
                                             << unreachable << 30;
    QTest::newRow("NoSchedule taints do not evict") << "[]" << R"([{"key":"x","effect":"NoSchedule"}])" << -1;
    QTest::newRow("one of two taints untolerated")
        << R"([{"key":"a","operator":"Exists","tolerationSeconds":60}])"
        << R"([{"key":"a","effect":"NoExecute"},{"key":"b","effect":"NoExecute"}])" << 0;
}

void TestNodeLifecycle::evictionDelay()
{
    QFETCH(QString, tolerations);
    QFETCH(QString, taints);
    QFETCH(int, delay);
    const Json pod = {{"spec", {{"tolerations", Json::parse(tolerations.toStdString())}}}};
    QCOMPARE(controllers::evictionDelaySeconds(pod, Json::parse(taints.toStdString())), delay);
}

QTEST_GUILESS_MAIN(TestNodeLifecycle)
#include "tst_node_lifecycle.moc"
