// The Deployment controller in a whole simulated cluster (scheduler, kubelets, the
// ReplicaSet controller): rollouts within their bounds at every step, Recreate,
// rollbacks, pause, history cleanup, the progress deadline, and the trace.
#include "core/controllers/deployment_util.h"
#include "tests/support/cluster_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {
const std::string kDeployments = "/apis/apps/v1/namespaces/default/deployments";
const std::string kReplicaSets = "/apis/apps/v1/namespaces/default/replicasets";
const std::string kPods = "/api/v1/namespaces/default/pods";

std::string deployment(int replicas, const std::string &strategy, const std::string &image = "nginx:1.27")
{
    return R"({"metadata":{"name":"web"},"spec":{"replicas":)" + std::to_string(replicas) + R"(,"strategy":)" + strategy
           + R"(,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":")"
           + image + R"("}]}}}})";
}

bool isReady(const Json &pod)
{
    for (const Json &c : pod["status"].value("conditions", Json::array()))
        if (c["type"] == "Ready")
            return c["status"] == "True";
    return false;
}

struct Rollout : test::ClusterFixture {
    Rollout() : ClusterFixture(3) {}

    Json d() { return get(kDeployments + "/web"); }
    bool complete()
    {
        const Json dep = d();
        const Json s = dep.value("status", Json::object());
        return s.value("observedGeneration", 0) >= dep["metadata"]["generation"].get<int>()
               && s.value("updatedReplicas", 0) == dep["spec"]["replicas"] && s.value("replicas", 0) == dep["spec"]["replicas"]
               && s.value("availableReplicas", 0) == dep["spec"]["replicas"];
    }
    Json pods() { return get(kPods + "?labelSelector=app=web")["items"]; }
    void setImage(const std::string &image)
    {
        must("PATCH", kDeployments + "/web",
             R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":")" + image + R"("}]}}}})", 200,
             "application/strategic-merge-patch+json");
    }
};
} // namespace

class TestDeploymentController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aDeploymentRollsOutThroughAReplicaSet();
    void rollingUpdateStaysWithinItsBounds_data();
    void rollingUpdateStaysWithinItsBounds();
    void recreateStopsTheOldPodsFirst();
    void goingBackToAnOldTemplateReusesItsReplicaSet();
    void aPausedDeploymentOnlyScales();
    void oldReplicaSetsBeyondTheHistoryLimitGo();
    void aStuckRolloutPassesItsDeadline();
    void eachSyncIsTraced();
};

void TestDeploymentController::aDeploymentRollsOutThroughAReplicaSet()
{
    Rollout c;
    c.must("POST", kDeployments, deployment(3, R"({"type":"RollingUpdate"})"), 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 60s));
    const Json rsList = c.get(kReplicaSets)["items"];
    QCOMPARE(rsList.size(), std::size_t(1));
    const Json &rs = rsList[0];
    const std::string hash = rs["metadata"]["labels"]["pod-template-hash"];
    QCOMPARE(rs["metadata"]["name"], Json("web-" + hash));
    QCOMPARE(rs["spec"]["selector"]["matchLabels"]["pod-template-hash"], Json(hash));
    QCOMPARE(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"], Json("1"));
    QCOMPARE(rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"], Json("3"));
    QCOMPARE(rs["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"], Json("4"));
    QCOMPARE(rs["metadata"]["ownerReferences"][0]["kind"], Json("Deployment"));
    const Json dep = c.d();
    QCOMPARE(dep["metadata"]["annotations"]["deployment.kubernetes.io/revision"], Json("1"));
    std::map<std::string, std::pair<std::string, std::string>> conditions;
    for (const Json &cond : dep["status"]["conditions"])
        conditions[cond["type"]] = {cond["status"], cond["reason"]};
    QCOMPARE(conditions["Available"], std::make_pair(std::string("True"), std::string("MinimumReplicasAvailable")));
    QCOMPARE(conditions["Progressing"], std::make_pair(std::string("True"), std::string("NewReplicaSetAvailable")));
    for (const Json &pod : c.pods())
        QCOMPARE(pod["metadata"]["labels"]["pod-template-hash"], Json(hash));
    const Json events = c.get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind=Deployment")["items"];
    QVERIFY(!events.empty());
    QCOMPARE(events[0]["message"], Json("Scaled up replica set web-" + hash + " from 0 to 3"));
}

void TestDeploymentController::rollingUpdateStaysWithinItsBounds_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("surge");
    QTest::addColumn<QString>("unavailable");
    QTest::newRow("10 at 25%/25%") << 10 << "\"25%\"" << "\"25%\"";
    QTest::newRow("4 with surge 1, none unavailable") << 4 << "1" << "0";
    QTest::newRow("5 without surge, 1 unavailable") << 5 << "0" << "1";
    QTest::newRow("3 with 100% surge") << 3 << "\"100%\"" << "0";
    QTest::newRow("6 at 2/2") << 6 << "2" << "2";
}

void TestDeploymentController::rollingUpdateStaysWithinItsBounds()
{
    QFETCH(int, replicas);
    QFETCH(QString, surge);
    QFETCH(QString, unavailable);
    Rollout c;
    const std::string strategy = R"({"type":"RollingUpdate","rollingUpdate":{"maxSurge":)" + surge.toStdString()
                                 + R"(,"maxUnavailable":)" + unavailable.toStdString() + "}}";
    c.must("POST", kDeployments, deployment(replicas, strategy), 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 120s));
    const Json dep = c.d();
    const auto bounds = controllers::deployment::resolveFenceposts(
        dep["spec"]["strategy"]["rollingUpdate"]["maxSurge"], dep["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"], replicas);
    c.setImage("nginx:1.26");
    int mostPods = 0, fewestReady = replicas, steps = 0;
    const bool done = c.runUntil(
        [&] {
            ++steps;
            int live = 0, ready = 0;
            for (const Json &pod : c.pods()) {
                if (pod["metadata"].contains("deletionTimestamp"))
                    continue;
                ++live;
                ready += isReady(pod) ? 1 : 0;
            }
            mostPods = std::max(mostPods, live);
            fewestReady = std::min(fewestReady, ready);
            return c.complete() && c.d()["status"].value("updatedReplicas", 0) == replicas && live == replicas;
        },
        300s);
    if (!done)
        for (const Json &pod : c.pods())
            qWarning("%s %s %s ready=%d", pod["metadata"]["name"].get<std::string>().c_str(),
                     pod["spec"]["containers"][0]["image"].get<std::string>().c_str(),
                     pod["metadata"].value("deletionTimestamp", "-").c_str(), isReady(pod));
    QVERIFY2(done, "the rollout did not finish");
    QVERIFY2(mostPods <= replicas + bounds.surge,
             qPrintable(QString("%1 pods at once; the bound is %2").arg(mostPods).arg(replicas + bounds.surge)));
    QVERIFY2(fewestReady >= replicas - bounds.unavailable,
             qPrintable(QString("only %1 ready at one point; the bound is %2").arg(fewestReady).arg(replicas - bounds.unavailable)));
    QVERIFY(steps > 10); // it was watched step by step, not just at the end
    for (const Json &pod : c.pods())
        if (!pod["metadata"].contains("deletionTimestamp"))
            QCOMPARE(pod["spec"]["containers"][0]["image"], Json("nginx:1.26"));
}

void TestDeploymentController::recreateStopsTheOldPodsFirst()
{
    Rollout c;
    c.must("POST", kDeployments, deployment(3, R"({"type":"Recreate"})"), 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 60s));
    c.setImage("nginx:1.26");
    bool mixed = false;
    QVERIFY(c.runUntil(
        [&] {
            std::set<std::string> images;
            for (const Json &pod : c.pods())
                images.insert(pod["spec"]["containers"][0]["image"]);
            mixed = mixed || images.size() > 1;
            return c.complete() && images == std::set<std::string>{"nginx:1.26"};
        },
        120s));
    QVERIFY2(!mixed, "old and new pods existed at the same time");
}

void TestDeploymentController::goingBackToAnOldTemplateReusesItsReplicaSet()
{
    Rollout c;
    c.must("POST", kDeployments, deployment(2, R"({"type":"RollingUpdate"})"), 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 60s));
    const std::string first = c.get(kReplicaSets)["items"][0]["metadata"]["name"];
    c.setImage("nginx:1.26");
    QVERIFY(c.runUntil([&] { return c.complete() && c.d()["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"; }, 120s));
    c.setImage("nginx:1.27"); // what `kubectl rollout undo` sends: the old template back
    QVERIFY(c.runUntil([&] { return c.complete() && c.d()["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"; }, 120s));
    const Json rs = c.get(kReplicaSets + "/" + first);
    QCOMPARE(rs["spec"]["replicas"], Json(2));
    QCOMPARE(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"], Json("3"));
    QCOMPARE(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"], Json("1"));
    QCOMPARE(c.get(kReplicaSets)["items"].size(), std::size_t(2));
}

void TestDeploymentController::aPausedDeploymentOnlyScales()
{
    Rollout c;
    c.must("POST", kDeployments, deployment(2, R"({"type":"RollingUpdate"})"), 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 60s));
    c.must("PATCH", kDeployments + "/web", R"({"spec":{"paused":true}})", 200, "application/merge-patch+json");
    c.setImage("nginx:1.26");
    c.must("PATCH", kDeployments + "/web", R"({"spec":{"replicas":4}})", 200, "application/merge-patch+json");
    c.run(20s);
    const Json rsList = c.get(kReplicaSets)["items"];
    QCOMPARE(rsList.size(), std::size_t(1)); // no new ReplicaSet while paused
    QCOMPARE(rsList[0]["spec"]["replicas"], Json(4)); // but scaled
    const Json *progressing = nullptr;
    const Json dep = c.d();
    for (const Json &cond : dep["status"]["conditions"])
        if (cond["type"] == "Progressing")
            progressing = &cond;
    QVERIFY(progressing);
    QCOMPARE((*progressing)["status"], Json("Unknown"));
    QCOMPARE((*progressing)["reason"], Json("DeploymentPaused"));
    c.must("PATCH", kDeployments + "/web", R"({"spec":{"paused":false}})", 200, "application/merge-patch+json");
    QVERIFY(c.runUntil([&] { return c.complete() && c.get(kReplicaSets)["items"].size() == 2; }, 120s));
}

void TestDeploymentController::oldReplicaSetsBeyondTheHistoryLimitGo()
{
    Rollout c;
    std::string body = deployment(1, R"({"type":"RollingUpdate"})");
    body.insert(body.find("\"strategy\""), R"("revisionHistoryLimit":1,)");
    c.must("POST", kDeployments, body, 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 60s));
    for (const char *image : {"nginx:1.26", "nginx:1.25", "nginx:latest"}) {
        c.setImage(image);
        QVERIFY(c.runUntil([&] { return c.complete() && c.pods().size() == 1 && c.pods()[0]["spec"]["containers"][0]["image"] == image; }, 120s));
    }
    c.run(5s);
    QCOMPARE(c.get(kReplicaSets)["items"].size(), std::size_t(2)); // the current one and one old
}

void TestDeploymentController::aStuckRolloutPassesItsDeadline()
{
    Rollout c;
    std::string body = deployment(2, R"({"type":"RollingUpdate"})");
    body.insert(body.find("\"strategy\""), R"("progressDeadlineSeconds":30,)");
    c.must("POST", kDeployments, body, 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 60s));
    c.setImage("nginx:9.99"); // not in the catalog: ImagePullBackOff for ever
    const auto reason = [&] {
        const Json dep = c.d(); // named: a loop over a temporary's member would dangle
        for (const Json &cond : dep["status"]["conditions"])
            if (cond["type"] == "Progressing")
                return cond["reason"].get<std::string>();
        return std::string();
    };
    c.run(10s);
    QCOMPARE(reason(), std::string("ReplicaSetUpdated"));
    QVERIFY(c.runUntil([&] { return reason() == "ProgressDeadlineExceeded"; }, 60s));
    const Json dep = c.d();
    for (const Json &cond : dep["status"]["conditions"])
        if (cond["type"] == "Progressing") {
            QCOMPARE(cond["status"], Json("False"));
            QVERIFY(cond["message"].get<std::string>().ends_with("\" has timed out progressing."));
        }
}

void TestDeploymentController::eachSyncIsTraced()
{
    Rollout c;
    std::vector<proto::TraceEvent> seen;
    c.f.trace.subscribe([&](const proto::TraceEvent &e) {
        if (e.code().starts_with("controller.deployment") || e.code().starts_with("controller.replicaset"))
            seen.push_back(e);
    });
    c.must("POST", kDeployments, deployment(3, R"({"type":"RollingUpdate"})"), 201);
    QVERIFY(c.runUntil([&] { return c.complete(); }, 60s));
    bool newRs = false, rsCreate = false;
    for (const proto::TraceEvent &e : seen) {
        QCOMPARE(e.kind(), proto::TRACE_KIND_RECONCILE);
        if (e.code() == "controller.deployment.newReplicaSet") {
            newRs = true;
            QCOMPARE(e.params().at("replicas"), std::string("3"));
            QCOMPARE(e.component(), std::string("kube-controller-manager/deployment"));
        }
        if (e.code() == "controller.replicaset.sync" && e.params().at("action") == "create") {
            rsCreate = true;
            QCOMPARE(e.params().at("observed"), std::string("0"));
            QCOMPARE(e.params().at("desired"), std::string("3"));
            QCOMPARE(e.params().at("count"), std::string("3"));
        }
    }
    QVERIFY(newRs);
    QVERIFY(rsCreate);
}

QTEST_GUILESS_MAIN(TestDeploymentController)
#include "tst_deployment_controller.moc"
