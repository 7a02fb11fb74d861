// The kubelet's pure rules: getPhase's table, the conditions it owns, QoS classes and
// oom_score_adj (with the Burstable formula's clamps), and the back-off schedule.
#include "core/client/backoff.h"
#include "core/kubelet/pod_status.h"
#include "core/kubelet/qos.h"
#include "tests/support/json_compare.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::kubelet;
using api::Json;

Q_DECLARE_METATYPE(api::Json)

namespace {

Json running(const std::string &name, bool ready = true)
{
    return {{"name", name}, {"ready", ready}, {"started", true}, {"state", {{"running", {{"startedAt", "t"}}}}}};
}
Json terminated(const std::string &name, int code)
{
    return {{"name", name}, {"ready", code == 0}, {"state", {{"terminated", {{"exitCode", code}}}}}};
}
Json waiting(const std::string &name, const std::string &reason, int lastExit = -1)
{
    Json s = {{"name", name}, {"ready", false}, {"state", {{"waiting", {{"reason", reason}}}}}};
    if (lastExit >= 0)
        s["lastState"] = {{"terminated", {{"exitCode", lastExit}}}};
    return s;
}
Json spec(const std::string &policy, int init = 0, int containers = 1)
{
    Json s = {{"restartPolicy", policy}, {"containers", Json::array()}};
    for (int i = 0; i < init; ++i)
        s["initContainers"].push_back({{"name", "i" + std::to_string(i)}});
    for (int i = 0; i < containers; ++i)
        s["containers"].push_back({{"name", "c" + std::to_string(i)}});
    return s;
}
Json container(const Json &requests, const Json &limits)
{
    Json c = {{"name", "c"}, {"resources", Json::object()}};
    if (!requests.is_null())
        c["resources"]["requests"] = requests;
    if (!limits.is_null())
        c["resources"]["limits"] = limits;
    return c;
}

} // namespace

class TestPodStatus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void phase_data();
    void phase();
    void conditions();
    void qos_data();
    void qos();
    void oomScoreAdj_data();
    void oomScoreAdj();
    void backoffSchedule();
};

void TestPodStatus::phase_data()
{
    QTest::addColumn<api::Json>("spec");
    QTest::addColumn<api::Json>("init");
    QTest::addColumn<api::Json>("containers");
    QTest::addColumn<bool>("terminal");
    QTest::addColumn<QString>("phase");
    const Json none = Json::array();
    QTest::newRow("no statuses yet: Pending") << spec("Always") << none << none << false << "Pending";
    QTest::newRow("creating: Pending") << spec("Always") << none << Json::array({waiting("c0", "ContainerCreating")}) << false << "Pending";
    QTest::newRow("running: Running") << spec("Always") << none << Json::array({running("c0")}) << false << "Running";
    QTest::newRow("init running: Pending") << spec("Always", 1) << Json::array({running("i0")}) << Json::array({waiting("c0", "PodInitializing")}) << false << "Pending";
    QTest::newRow("init failed under Never: Failed") << spec("Never", 1) << Json::array({terminated("i0", 1)}) << Json::array({waiting("c0", "PodInitializing")}) << false << "Failed";
    QTest::newRow("init failed under Always: Pending (it retries)") << spec("Always", 1) << Json::array({waiting("i0", "CrashLoopBackOff", 1)}) << Json::array({waiting("c0", "PodInitializing")}) << false << "Pending";
    QTest::newRow("exited 0 under Always: Running (restarting)") << spec("Always") << none << Json::array({terminated("c0", 0)}) << false << "Running";
    QTest::newRow("exited 0 under OnFailure: Succeeded") << spec("OnFailure") << none << Json::array({terminated("c0", 0)}) << false << "Succeeded";
    QTest::newRow("exited 1 under OnFailure: Running") << spec("OnFailure") << none << Json::array({terminated("c0", 1)}) << false << "Running";
    QTest::newRow("exited 1 under Never: Failed") << spec("Never") << none << Json::array({terminated("c0", 1)}) << false << "Failed";
    QTest::newRow("crash loop: waiting with last state counts as stopped → Running") << spec("Always") << none << Json::array({waiting("c0", "CrashLoopBackOff", 1)}) << false << "Running";
    QTest::newRow("deleted, all exited 0: Succeeded") << spec("Always") << none << Json::array({terminated("c0", 0)}) << true << "Succeeded";
    QTest::newRow("deleted, one failed: Failed") << spec("Always", 0, 2) << none << Json::array({terminated("c0", 0), terminated("c1", 137)}) << true << "Failed";
    QTest::newRow("one running, one unknown: Pending") << spec("Always", 0, 2) << none << Json::array({running("c0")}) << false << "Pending";
}

// getPhase (reference §1.1), row by row.
void TestPodStatus::phase()
{
    QFETCH(api::Json, spec);
    QFETCH(api::Json, init);
    QFETCH(api::Json, containers);
    QFETCH(bool, terminal);
    QFETCH(QString, phase);
    QCOMPARE(QString::fromStdString(podPhase(spec, init, containers, terminal)), phase);
}

// Reasons and messages of Initialized, ContainersReady and Ready.
void TestPodStatus::conditions()
{
    const Json pod = {{"spec", spec("Always", 2, 2)}, {"status", Json::object()}};
    Json c = kubeletConditions(pod, Json::array({terminated("i0", 0), running("i1", false)}),
                               Json::array({waiting("c0", "PodInitializing"), waiting("c1", "PodInitializing")}), "Pending", true);
    QCOMPARE(c[0]["type"], Json("PodReadyToStartContainers"));
    QCOMPARE(c[0]["status"], Json("True"));
    QCOMPARE(c[1]["reason"], Json("ContainersNotInitialized"));
    QCOMPARE(c[1]["message"], Json("containers with incomplete status: [i1]"));
    QCOMPARE(c[2]["reason"], Json("ContainersNotReady"));
    QCOMPARE(c[2]["message"], Json("containers with unready status: [c0 c1]"));
    QCOMPARE(c[3]["type"], Json("Ready"));
    QCOMPARE(c[3]["message"], Json("containers with unready status: [c0 c1]"));
    c = kubeletConditions(pod, Json::array({terminated("i0", 0), terminated("i1", 0)}),
                          Json::array({terminated("c0", 0), terminated("c1", 0)}), "Succeeded", false);
    QCOMPARE(c[0]["status"], Json("False"));
    QCOMPARE(c[1]["reason"], Json("PodCompleted"));
    QCOMPARE(c[2]["reason"], Json("PodCompleted"));
    Json gated = {{"spec", spec("Always")}, {"status", Json::object()}};
    gated["spec"]["readinessGates"] = Json::array({{{"conditionType", "example.com/lb"}}});
    c = kubeletConditions(gated, Json::array(), Json::array({running("c0")}), "Running", true);
    QCOMPARE(c[3]["reason"], Json("ReadinessGatesNotReady"));
    QCOMPARE(c[3]["message"], Json("corresponding condition of pod readiness gate \"example.com/lb\" does not exist."));
}

void TestPodStatus::qos_data()
{
    QTest::addColumn<api::Json>("container");
    QTest::addColumn<QString>("qos");
    QTest::newRow("nothing set: BestEffort") << container(nullptr, nullptr) << "BestEffort";
    QTest::newRow("requests equal limits: Guaranteed")
        << container({{"cpu", "1"}, {"memory", "1Gi"}}, {{"cpu", "1"}, {"memory", "1Gi"}}) << "Guaranteed";
    QTest::newRow("requests below limits: Burstable")
        << container({{"cpu", "500m"}, {"memory", "1Gi"}}, {{"cpu", "1"}, {"memory", "1Gi"}}) << "Burstable";
    QTest::newRow("only a cpu limit: Burstable") << container(nullptr, {{"cpu", "1"}}) << "Burstable";
    QTest::newRow("only requests: Burstable") << container({{"memory", "64Mi"}}, nullptr) << "Burstable";
    QTest::newRow("a zero request is ignored") << container({{"cpu", "0"}}, nullptr) << "BestEffort";
}

// GetPodQOS over cpu and memory.
void TestPodStatus::qos()
{
    QFETCH(api::Json, container);
    QFETCH(QString, qos);
    const Json pod = {{"spec", {{"containers", Json::array({container})}}}};
    QCOMPARE(QString::fromStdString(qosClass(pod)), qos);
}

void TestPodStatus::oomScoreAdj_data()
{
    QTest::addColumn<api::Json>("container");
    QTest::addColumn<qint64>("nodeMemory");
    QTest::addColumn<int>("adj");
    const qint64 gi = 1024LL * 1024 * 1024;
    QTest::newRow("Guaranteed: -997") << container({{"cpu", "1"}, {"memory", "1Gi"}}, {{"cpu", "1"}, {"memory", "1Gi"}}) << 8 * gi << -997;
    QTest::newRow("BestEffort: 1000") << container(nullptr, nullptr) << 8 * gi << 1000;
    QTest::newRow("Burstable 10% of the node: 900") << container({{"memory", "800Mi"}}, nullptr) << 8000LL * 1024 * 1024 << 900;
    QTest::newRow("Burstable with no memory request: 999, not 1000") << container({{"cpu", "100m"}}, nullptr) << 8 * gi << 999;
    QTest::newRow("Burstable asking for all memory: clamped to 3") << container({{"memory", "8Gi"}}, {{"memory", "9Gi"}}) << 8 * gi << 3;
}

// pkg/kubelet/qos/policy.go's values and clamps.
void TestPodStatus::oomScoreAdj()
{
    QFETCH(api::Json, container);
    QFETCH(qint64, nodeMemory);
    QFETCH(int, adj);
    const Json pod = {{"spec", {{"containers", Json::array({container})}}}};
    QCOMPARE(kubelet::oomScoreAdj(pod, container, nodeMemory), adj);
}

// 10 s, doubling to 300 s; an entry older than 10 minutes starts over.
void TestPodStatus::backoffSchedule()
{
    using namespace std::chrono;
    client::Backoff b;
    engine::TimePoint t{seconds(1000)};
    QVERIFY(!b.isInBackOffSince("c", t, t));
    std::vector<int> delays;
    for (int i = 0; i < 8; ++i) {
        b.next("c", t);
        delays.push_back(static_cast<int>(duration_cast<seconds>(b.get("c")).count()));
        t += b.get("c");
    }
    QCOMPARE(delays, (std::vector<int>{10, 20, 40, 80, 160, 300, 300, 300}));
    QVERIFY(b.isInBackOffSince("c", t, t + seconds(299)));
    QVERIFY(!b.isInBackOffSince("c", t, t + seconds(300)));
    b.next("c", t + minutes(11)); // ran for more than ten minutes: back to 10 s
    QCOMPARE(duration_cast<seconds>(b.get("c")).count(), 10);
}

QTEST_APPLESS_MAIN(TestPodStatus)
#include "tst_pod_status.moc"
