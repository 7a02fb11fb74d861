// The ReplicaSet controller: creates, adopts, deletes most-deletable first, writes status.
#include "core/api/time_format.h"
#include "core/controllers/replicaset_controller.h"
#include "tests/support/api_fixture.h"
#include "tests/support/controller_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {
const std::string kRs = "/apis/apps/v1/namespaces/default/replicasets";
const std::string kPods = "/api/v1/namespaces/default/pods";

std::string replicaSet(int replicas)
{
    return R"({"metadata":{"name":"web"},"spec":{"replicas":)" + std::to_string(replicas)
           + R"(,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})";
}

struct Controlled : test::ControllerFixture<controllers::ReplicaSetController> {
    Controlled() : ControllerFixture("kube-controller-manager/replicaset") {}
    Json pods(const std::string &selector = "app=web")
    {
        return ApiFixture::json(f.send("GET", kPods + "?labelSelector=" + selector))["items"];
    }
};

Json pod(const std::string &name, const std::string &phase, bool assigned, bool isReady, int restarts, int ageSeconds)
{
    Json p = {{"metadata", {{"name", name}, {"uid", name},
                            {"creationTimestamp", api::formatTime(engine::kDefaultVirtualEpoch + std::chrono::hours(1)
                                                                  - std::chrono::seconds(ageSeconds))}}},
              {"spec", Json::object()},
              {"status", {{"phase", phase},
                          {"conditions", Json::array({{{"type", "Ready"}, {"status", isReady ? "True" : "False"}}})},
                          {"containerStatuses", Json::array({{{"restartCount", restarts}}})}}}};
    if (assigned)
        p["spec"]["nodeName"] = "worker-1";
    return p;
}
} // namespace

class TestReplicaSetController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsTheMissingPods();
    void scalingDownDeletesTheSurplus();
    void aDeletedPodIsReplaced();
    void orphansThatMatchAreAdopted();
    void failedCreatesStopTheSlowStart();
    void deletionOrder_data();
    void deletionOrder();
};

void TestReplicaSetController::createsTheMissingPods()
{
    Controlled c;
    QCOMPARE(c.f.send("POST", kRs, replicaSet(3)).code, 201);
    c.f.loop.runAll();
    const Json pods = c.pods();
    QCOMPARE(pods.size(), std::size_t(3));
    for (const Json &p : pods) {
        QVERIFY(p["metadata"]["name"].get<std::string>().starts_with("web-"));
        QCOMPARE(p["metadata"]["ownerReferences"][0]["kind"], Json("ReplicaSet"));
        QCOMPARE(p["metadata"]["ownerReferences"][0]["controller"], Json(true));
        QCOMPARE(p["spec"]["containers"][0]["image"], Json("nginx:1.27"));
    }
    const Json rs = ApiFixture::json(c.f.send("GET", kRs + "/web"));
    QCOMPARE(rs["status"]["replicas"], Json(3));
    QCOMPARE(rs["status"]["fullyLabeledReplicas"], Json(3));
    QCOMPARE(rs["status"]["observedGeneration"], Json(1));
    const Json events = ApiFixture::json(c.f.send("GET", "/api/v1/namespaces/default/events?fieldSelector=reason=SuccessfulCreate"))["items"];
    QCOMPARE(events.size(), std::size_t(3));
    QVERIFY(events[0]["message"].get<std::string>().starts_with("Created pod: web-"));
    QCOMPARE(events[0]["source"]["component"], Json("replicaset-controller"));
}

void TestReplicaSetController::scalingDownDeletesTheSurplus()
{
    Controlled c;
    QCOMPARE(c.f.send("POST", kRs, replicaSet(3)).code, 201);
    c.f.loop.runAll();
    QCOMPARE(c.f.send("PATCH", kRs + "/web/scale", R"({"spec":{"replicas":1}})", "application/merge-patch+json").code, 200);
    c.f.loop.runAll();
    QCOMPARE(c.pods().size(), std::size_t(1));
    QCOMPARE(ApiFixture::json(c.f.send("GET", kRs + "/web"))["status"]["replicas"], Json(1));
}

void TestReplicaSetController::aDeletedPodIsReplaced()
{
    Controlled c;
    QCOMPARE(c.f.send("POST", kRs, replicaSet(2)).code, 201);
    c.f.loop.runAll();
    const std::string victim = c.pods()[0]["metadata"]["name"];
    QCOMPARE(c.f.send("DELETE", kPods + "/" + victim).code, 200);
    c.f.loop.runAll();
    const Json pods = c.pods();
    QCOMPARE(pods.size(), std::size_t(2));
    for (const Json &p : pods)
        QVERIFY(p["metadata"]["name"] != victim);
}

void TestReplicaSetController::orphansThatMatchAreAdopted()
{
    Controlled c;
    QCOMPARE(c.f.send("POST", kPods, R"({"metadata":{"name":"stray","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}})").code, 201);
    QCOMPARE(c.f.send("POST", kRs, replicaSet(2)).code, 201);
    c.f.loop.runAll();
    QCOMPARE(c.pods().size(), std::size_t(2)); // the stray one counts: only one new pod
    const Json stray = ApiFixture::json(c.f.send("GET", kPods + "/stray"));
    QCOMPARE(stray["metadata"]["ownerReferences"][0]["name"], Json("web"));
}

void TestReplicaSetController::failedCreatesStopTheSlowStart()
{
    Controlled c;
    QCOMPARE(c.f.send("POST", "/api/v1/namespaces/default/resourcequotas", R"({"metadata":{"name":"two"},"spec":{"hard":{"pods":"2"}}})").code, 201);
    QCOMPARE(c.f.send("POST", kRs, replicaSet(10)).code, 201);
    c.f.loop.advance(std::chrono::milliseconds(1)); // a failed sync comes back with back-off, for ever
    const Json rs = ApiFixture::json(c.f.send("GET", kRs + "/web"));
    QCOMPARE(rs["status"]["conditions"][0]["type"], Json("ReplicaFailure"));
    QCOMPARE(rs["status"]["conditions"][0]["reason"], Json("FailedCreate"));
    QCOMPARE(c.pods().size(), std::size_t(2));
    // Batches of 1 then 2: the second batch hits the quota once, so the slow start stops
    // there instead of trying all ten.
    const Json failed = ApiFixture::json(c.f.send("GET", "/api/v1/namespaces/default/events?fieldSelector=reason=FailedCreate"))["items"];
    QVERIFY(!failed.empty());
    QVERIFY(failed[0]["message"].get<std::string>().starts_with("Error creating: pods"));
    QVERIFY(failed[0]["message"].get<std::string>().find("exceeded quota: two") != std::string::npos);
}

void TestReplicaSetController::deletionOrder_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    // name, phase, assigned, ready, restarts, age in seconds
    QTest::newRow("unassigned before assigned") << "unassigned" << "assigned";
    QTest::newRow("pending before running") << "pending" << "running";
    QTest::newRow("not ready before ready") << "notready" << "ready";
    QTest::newRow("more restarts first") << "restarted" << "steady";
    QTest::newRow("newer first") << "young" << "old";
}

void TestReplicaSetController::deletionOrder()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    const std::map<QString, Json> pods = {
        {"unassigned", pod("unassigned", "Running", false, true, 0, 100)},
        {"assigned", pod("assigned", "Running", true, true, 0, 100)},
        {"pending", pod("pending", "Pending", true, false, 0, 100)},
        {"running", pod("running", "Running", true, false, 0, 100)},
        {"notready", pod("notready", "Running", true, false, 0, 100)},
        {"ready", pod("ready", "Running", true, true, 0, 100)},
        {"restarted", pod("restarted", "Running", true, true, 5, 100)},
        {"steady", pod("steady", "Running", true, true, 0, 100)},
        {"young", pod("young", "Running", true, true, 0, 10)},
        {"old", pod("old", "Running", true, true, 0, 3000)},
    };
    // Feed them in the wrong order; the sort must put `first` before `second`.
    const auto sorted = controllers::sortForDeletion({pods.at(second), pods.at(first)},
                                                     engine::kDefaultVirtualEpoch + std::chrono::hours(1));
    QCOMPARE(QString::fromStdString(sorted[0]["metadata"]["name"]), first);
}

QTEST_GUILESS_MAIN(TestReplicaSetController)
#include "tst_replicaset_controller.moc"
