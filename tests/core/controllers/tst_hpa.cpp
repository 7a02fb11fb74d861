// The HorizontalPodAutoscaler: upstream's replica arithmetic table by table
// (tolerance, missing and unready pods, stabilisation, rate limits), and the
// controller scaling a Deployment out under load and back in after the five-minute
// stabilisation window, in a simulated cluster. Pod usage comes from a stand-in for
// metrics-server (the lab's metrics API is issue #4's).
#include "core/controllers/hpa_calculator.h"
#include "core/controllers/hpa_controller.h"
#include "core/api/time_format.h"
#include "tests/support/cluster_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;
namespace hpa = controllers::hpa;

namespace {
const engine::TimePoint kNow = engine::kDefaultVirtualEpoch + std::chrono::hours(1);

Json pod(const std::string &name, const std::string &phase = "Running", bool ready = true, std::chrono::seconds age = 600s)
{
    return {{"metadata", {{"name", name}}},
            {"spec", {{"containers", Json::array({{{"name", "c"}, {"resources", {{"requests", {{"cpu", "100m"}}}}}}})}}},
            {"status", {{"phase", phase},
                        {"startTime", api::formatTime(kNow - age)},
                        {"conditions", Json::array({{{"type", "Ready"}, {"status", ready ? "True" : "False"},
                                                     {"lastTransitionTime", api::formatTime(kNow - age + 10s)}}})}}}};
}
} // namespace

class TestHpa : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void utilization_data();
    void utilization();
    void missingPodsDampAScaleDown();
    void unreadyPodsDampAScaleUp();
    void errors();
    void legacyNormalization();
    void behaviorPolicies();
    void scalesOutAndBackIn();
};

void TestHpa::utilization_data()
{
    QTest::addColumn<int>("current");
    QTest::addColumn<QList<int>>("usage"); // millicores per pod, 100m requested each
    QTest::addColumn<int>("target");
    QTest::addColumn<int>("want");
    QTest::newRow("at target") << 2 << QList<int>{50, 50} << 50 << 2;
    QTest::newRow("within tolerance (ratio 1.08)") << 2 << QList<int>{54, 54} << 50 << 2;
    QTest::newRow("just outside (ratio 1.12)") << 2 << QList<int>{56, 56} << 50 << 3;
    QTest::newRow("double") << 3 << QList<int>{100, 100, 100} << 50 << 6;
    QTest::newRow("half") << 4 << QList<int>{25, 25, 25, 25} << 50 << 2;
    QTest::newRow("idle") << 4 << QList<int>{1, 1, 1, 1} << 50 << 1;
}

void TestHpa::utilization()
{
    QFETCH(int, current);
    QFETCH(QList<int>, usage);
    QFETCH(int, target);
    QFETCH(int, want);
    std::vector<Json> pods;
    std::map<std::string, hpa::PodUsage> metrics;
    for (int i = 0; i < usage.size(); ++i) {
        pods.push_back(pod("p" + std::to_string(i)));
        metrics["p" + std::to_string(i)] = {usage[i], kNow};
    }
    auto p = hpa::resourceReplicas(current, "cpu", target, std::nullopt, pods, metrics, kNow);
    QVERIFY(p.ok());
    QCOMPARE(p->replicas, want);
}

void TestHpa::missingPodsDampAScaleDown()
{
    // Two pods at 10% of a 50% target, one without metrics: the missing one counts as
    // using 100% of its request, so the scale-down is smaller than the fast path's.
    std::vector<Json> pods = {pod("a"), pod("b"), pod("c")};
    std::map<std::string, hpa::PodUsage> metrics = {{"a", {10, kNow}}, {"b", {10, kNow}}};
    auto p = hpa::resourceReplicas(3, "cpu", 50, std::nullopt, pods, metrics, kNow);
    QVERIFY(p.ok());
    QCOMPARE(p->utilization, 10); // reported from the pods with metrics
    QCOMPARE(p->replicas, 3);     // (10+10+100)/300 = 40% → ratio 0.8 → ceil(2.4) = 3
}

void TestHpa::unreadyPodsDampAScaleUp()
{
    // Scaling up, a Pending pod counts as using nothing.
    std::vector<Json> pods = {pod("a"), pod("b"), pod("c", "Pending", false)};
    std::map<std::string, hpa::PodUsage> metrics = {{"a", {100, kNow}}, {"b", {100, kNow}}};
    auto p = hpa::resourceReplicas(3, "cpu", 50, std::nullopt, pods, metrics, kNow);
    QVERIFY(p.ok());
    QCOMPARE(p->replicas, 4); // 200m of 300m = 66% → ratio 1.32 → ceil(1.32 × 3) = 4
    metrics = {{"a", {200, kNow}}, {"b", {200, kNow}}};
    p = hpa::resourceReplicas(3, "cpu", 50, std::nullopt, pods, metrics, kNow);
    QCOMPARE(p->replicas, 8); // 400m of 300m = 133% → ratio 2.66 → ceil(7.98) = 8, not the fast path's ceil(4 × 2) = 8 … nor more
}

void TestHpa::errors()
{
    auto none = hpa::resourceReplicas(1, "cpu", 50, std::nullopt, {}, {}, kNow);
    QCOMPARE(QString::fromStdString(none.status().message()), QString("no pods returned by selector while calculating replica count"));
    auto noMetrics = hpa::resourceReplicas(1, "cpu", 50, std::nullopt, {pod("a", "Pending", false)}, {}, kNow);
    QCOMPARE(QString::fromStdString(noMetrics.status().message()),
             QString("did not receive metrics for targeted pods (pods might be unready)"));
    Json noRequest = pod("a");
    noRequest["spec"]["containers"][0]["resources"] = Json::object();
    auto missing = hpa::resourceReplicas(1, "cpu", 50, std::nullopt, {noRequest}, {{"a", {10, kNow}}}, kNow);
    QCOMPARE(QString::fromStdString(missing.status().message()), QString("missing request for cpu in container c of Pod a"));
}

void TestHpa::legacyNormalization()
{
    hpa::History h;
    // Scale-up at most max(2 × current, 4) per sync.
    auto n = hpa::normalize(2, 20, 1, 10, Json(), h, kNow);
    QCOMPARE(n.replicas, 4);
    QCOMPARE(n.limitedReason, std::string("ScaleUpLimit"));
    QVERIFY(n.limited);
    n = hpa::normalize(8, 20, 1, 10, Json(), h, kNow + 15s);
    QCOMPARE(n.replicas, 10);
    QCOMPARE(n.limitedReason, std::string("TooManyReplicas"));
    // Down: the highest recommendation of the last five minutes wins.
    n = hpa::normalize(10, 2, 1, 10, Json(), h, kNow + 60s);
    QCOMPARE(n.replicas, 10); // 20 was recommended a minute ago: stay (clamped to max)
    QCOMPARE(n.ableReason, std::string("ScaleDownStabilized"));
    n = hpa::normalize(10, 2, 1, 10, Json(), h, kNow + 316s);
    QCOMPARE(n.replicas, 2); // the old recommendations are out of the window
    QCOMPARE(n.limitedReason, std::string("DesiredWithinRange"));
    QVERIFY(!n.limited);
    n = hpa::normalize(2, 0, 1, 10, Json(), h, kNow + 700s);
    QCOMPARE(n.replicas, 1);
    QCOMPARE(n.limitedReason, std::string("TooFewReplicas"));
}

void TestHpa::behaviorPolicies()
{
    // scaleDown: at most 1 pod per 60 s, no stabilisation; scaleUp: the defaults
    // (max of 4 pods and 100% per 15 s).
    const Json behavior = Json::parse(R"({"scaleDown":{"stabilizationWindowSeconds":0,"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}})");
    hpa::History h;
    auto n = hpa::normalize(10, 4, 1, 20, behavior, h, kNow);
    QCOMPARE(n.replicas, 9);
    QCOMPARE(n.limitedReason, std::string("ScaleDownLimit"));
    hpa::recordScale(h, 10, 9, kNow);
    n = hpa::normalize(9, 4, 1, 20, behavior, h, kNow + 30s);
    QCOMPARE(n.replicas, 9); // the minute's pod is spent
    n = hpa::normalize(9, 4, 1, 20, behavior, h, kNow + 61s);
    QCOMPARE(n.replicas, 8);
    hpa::History up;
    n = hpa::normalize(3, 50, 1, 100, behavior, up, kNow);
    QCOMPARE(n.replicas, 7); // max(3 + 4, ceil(3 × 2)) = 7
    QCOMPARE(n.limitedReason, std::string("ScaleUpLimit"));
}

void TestHpa::scalesOutAndBackIn()
{
    std::map<std::string, std::int64_t> load; // millicores per pod, by the test
    std::int64_t perPod = 200;
    test::ClusterFixture *cluster = nullptr;
    const controllers::PodMetricsSource metrics = [&](const std::string &, const std::string &, const std::string &) {
        std::map<std::string, hpa::PodUsage> out;
        const Json pods = cluster->get("/api/v1/namespaces/default/pods?labelSelector=app=web");
        for (const Json &p : pods["items"])
            out[p["metadata"]["name"]] = {perPod, cluster->f.loop.now()};
        return Result<std::map<std::string, hpa::PodUsage>>(out);
    };
    controllers::ControllerManagerOptions options;
    options.disabled = {"horizontalpodautoscaling"}; // this test runs its own, with the stand-in metrics
    test::ClusterFixture c(3, options);
    cluster = &c;
    client::Client hpaClient(*c.f.api, "kube-controller-manager/horizontalpodautoscaling");
    client::InformerFactory informers(hpaClient);
    controllers::HpaController controller(hpaClient, informers, metrics);
    controller.start();
    QVERIFY(informers.start().ok());
    c.must("POST", "/apis/apps/v1/namespaces/default/deployments",
           R"({"metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","resources":{"requests":{"cpu":"100m"}}}]}}}})",
           201);
    c.run(45s); // running and ready for longer than the metric window
    c.must("POST", "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers",
           R"({"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":10,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}})",
           201);
    const auto replicas = [&] { return c.get("/apis/apps/v1/namespaces/default/deployments/web")["spec"]["replicas"].get<int>(); };
    c.run(1s);
    QCOMPARE(replicas(), 4); // 2 pods at 400% of 50% want 8; at most max(2 × 2, 4) = 4 at once
    QVERIFY(c.runUntil([&] { return replicas() == 10; }, 120s));
    const Json h = c.get("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web");
    QCOMPARE(h["status"]["desiredReplicas"], Json(10));
    QCOMPARE(h["status"]["currentMetrics"][0]["resource"]["current"]["averageUtilization"], Json(200));
    const Json events = c.get("/api/v1/namespaces/default/events?fieldSelector=reason=SuccessfulRescale")["items"];
    QVERIFY(!events.empty());
    QCOMPARE(events[0]["message"], Json("New size: 4; reason: cpu resource utilization (percentage of request) above target"));
    // Load drops: it stays at 10 for the five-minute stabilisation window, then scales in.
    perPod = 5;
    const engine::TimePoint dropped = c.f.loop.now();
    c.run(4min);
    QCOMPARE(replicas(), 10);
    QVERIFY(c.runUntil([&] { return replicas() == 1; }, 3min));
    QVERIFY(c.f.loop.now() - dropped >= 5min);
    const Json after = c.get("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web");
    std::map<std::string, std::string> reasons;
    for (const Json &cond : after["status"]["conditions"])
        reasons[cond["type"]] = cond["reason"];
    QCOMPARE(reasons["ScalingActive"], std::string("ValidMetricFound"));
    QVERIFY(after["status"].contains("lastScaleTime"));
}

QTEST_GUILESS_MAIN(TestHpa)
#include "tst_hpa.moc"
