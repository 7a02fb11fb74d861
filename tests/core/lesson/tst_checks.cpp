// Checks ask the cluster, never what was typed; actions change it through the API.
#include "core/lesson/action.h"
#include "core/lesson/action_runner.h"
#include "core/lesson/check.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

using namespace k8slab::lesson;
using k8slab::api::Json;

class TestChecks : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void answers_data();
    void answers();
    void leavesNoTraceStep();
    void actionsChangeTheCluster();
    void aWaitTimesOutWithWhatItSaw();
    void aFailedActionStopsTheRest();
    void kubectlWithoutAServerSaysSo();
    void appendedActionsRunAfterTheQueuedOnes();

private:
    std::unique_ptr<k8slab::test::LabFixture> m_lab;
};

void TestChecks::initTestCase()
{
    m_lab = std::make_unique<k8slab::test::LabFixture>(3);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
    m_lab->create(k8slab::test::kWebDeploymentAndService);
    m_lab->create("apiVersion: v1\nkind: Pod\nmetadata: {name: pinned}\nspec:\n  nodeSelector: {kubernetes.io/hostname: worker-2}\n"
                  "  containers: [{name: c, image: nginx:1.27}]\n");
    m_lab->run(std::chrono::seconds(60));
}

void TestChecks::answers_data()
{
    QTest::addColumn<QString>("check");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<QString>("detail");
    QTest::newRow("field equals") << R"({"field":{"kind":"Deployment","name":"web","path":"{.status.readyReplicas}","equals":3}})"
                                  << true << "is 3";
    QTest::newRow("field equals, wrong value")
        << R"({"field":{"kind":"Deployment","name":"web","path":"{.status.readyReplicas}","equals":4}})" << false
        << "Deployment web: {.status.readyReplicas} is 3; wants \"4\"";
    QTest::newRow("field of a missing object") << R"({"field":{"kind":"Deployment","name":"nope","path":".spec","exists":true}})"
                                               << false << "Deployment default/nope: none exists";
    QTest::newRow("field over a selector: every pod") << R"({"field":{"kind":"Pod","selector":"app=web","path":"{.status.phase}","equals":"Running"}})"
                                                      << true << "Pods in default with app=web";
    QTest::newRow("field matches") << R"({"field":{"kind":"po","name":"pinned","path":"{.spec.nodeName}","matches":"^worker-[0-9]$"}})"
                                   << true << "\"worker-2\"";
    QTest::newRow("field absent") << R"({"field":{"kind":"Pod","name":"pinned","path":"{.spec.priorityClassName}","exists":false}})"
                                  << true << "missing";
    QTest::newRow("field atLeast") << R"({"field":{"kind":"Pod","name":"pinned","path":"{.status.containerStatuses[0].restartCount}","atMost":0}})"
                                   << true << "is 0";
    QTest::newRow("count") << R"({"count":{"kind":"Pod","selector":"app=web","equals":3}})" << true << "count is 3";
    QTest::newRow("count by phase") << R"({"count":{"kind":"Pod","phase":"Pending","equals":1}})" << false << "count is 0";
    QTest::newRow("count of a cluster-scoped kind") << R"({"count":{"kind":"nodes","atLeast":3}})" << true << "Nodes: count is 3";
    QTest::newRow("condition") << R"({"condition":{"kind":"Deployment","name":"web","type":"Available"}})" << true
                               << "Available=True";
    QTest::newRow("condition with another status") << R"({"condition":{"kind":"Node","name":"worker-1","type":"Ready","status":"False"}})"
                                                   << false << "Node worker-1: Ready is True (KubeletReady); wants False";
    QTest::newRow("condition that is not there") << R"({"condition":{"kind":"Pod","name":"pinned","type":"Frozen"}})" << false
                                                 << "no condition Frozen";
    QTest::newRow("event") << R"({"event":{"reason":"Scheduled","kind":"Pod","name":"pinned","message":"to worker-2$"}})" << true
                           << "count is 1";
    QTest::newRow("event that never happened") << R"({"event":{"reason":"FailedScheduling"}})" << false << "count is 0";
    QTest::newRow("placement") << R"({"placement":{"name":"pinned","nodeSelector":"kubernetes.io/hostname=worker-2"}})" << true
                               << "count is 1";
    QTest::newRow("placement on the wrong nodes") << R"({"placement":{"selector":"app=web","nodeSelector":"kubernetes.io/hostname=worker-9"}})"
                                                  << false << "which does not match kubernetes.io/hostname=worker-9";
    QTest::newRow("endpoints") << R"({"endpoints":{"service":"web","equals":3}})" << true << "ready endpoints 3";
    QTest::newRow("endpoints of a service without pods") << R"({"endpoints":{"service":"none","equals":0}})" << true << "0";
    QTest::newRow("rules") << R"({"rules":{"node":"worker-1","line":"-A KUBE-SVC-[A-Z0-9]+ .*default/web:http.* -j KUBE-SEP-","equals":3}})"
                           << true << "iptables rules of worker-1";
    QTest::newRow("rules of another mode") << R"({"rules":{"node":"worker-1","mode":"ipvs","line":"->\\s+10\\.244\\.[0-9.]+:80\\s+Masq","equals":3}})"
                                           << true << "ipvs rules";
    QTest::newRow("rules of a node without a proxy") << R"({"rules":{"node":"worker-9","line":"x"}})" << false
                                                     << "no kube-proxy runs on node worker-9";
    QTest::newRow("trace") << R"({"trace":{"code":"scheduler.bind","kind":"Pod","name":"pinned","params":{"node":"worker-2"}}})" << true
                           << "count is 1";
    QTest::newRow("trace over the whole record") << R"({"trace":{"code":"kubelet.register","equals":3}})" << true << "count is 3";
    QTest::newRow("metric") << R"({"metric":{"name":"apiserver_storage_objects","labels":{"resource":"deployments.apps"},"equals":1}})"
                            << true << R"(metric apiserver_storage_objects{resource="deployments.apps"}: 1)";
    QTest::newRow("metric summed over series") << R"({"metric":{"name":"apiserver_request_total","labels":{"resource":"pods"},"atLeast":1}})"
                                               << true << "(the sum of";
    QTest::newRow("metric that does not exist") << R"({"metric":{"name":"no_such_metric","atLeast":0}})" << false
                                                << "no such series";
    QTest::newRow("all") << R"({"all":[{"count":{"kind":"Pod","atLeast":1}},{"count":{"kind":"Pod","atLeast":9}}]})" << false
                         << "count is 4";
    QTest::newRow("any") << R"({"any":[{"count":{"kind":"Pod","atLeast":9}},{"count":{"kind":"Pod","atLeast":1}}]})" << true
                         << "count is 4";
    QTest::newRow("not") << R"({"not":{"count":{"kind":"Pod","atLeast":9}}})" << true << "not: ";
}

void TestChecks::answers()
{
    QFETCH(QString, check);
    QFETCH(bool, passed);
    QFETCH(QString, detail);
    const Json spec = Json::parse(check.toStdString());
    QVERIFY2(validateCheck(spec, "check").ok(), validateCheck(spec, "check").message().c_str());
    const CheckResult result = evaluateCheck(spec, *m_lab->session);
    QVERIFY2(QString::fromStdString(result.detail).contains(detail), result.detail.c_str());
    QCOMPARE(result.passed, passed);
}

void TestChecks::leavesNoTraceStep()
{
    const auto before = m_lab->session->traceIndex().lastId();
    const auto revision = m_lab->session->store().revision();
    (void)evaluateCheck(Json::parse(R"({"count":{"kind":"Pod","atLeast":1}})"), *m_lab->session);
    QCOMPARE(m_lab->session->traceIndex().lastId(), before);
    QCOMPARE(m_lab->session->store().revision(), revision);
}

void TestChecks::actionsChangeTheCluster()
{
    auto &session = *m_lab->session;
    auto action = [](const char *json) {
        auto read = readAction(Json::parse(json), "test", ".");
        if (!read.ok())
            qFatal("%s", read.status().message().c_str());
        return *read;
    };
    ActionRunner runner(session, {});
    runner.start({action(R"({"scale":{"kind":"deploy","name":"web","replicas":4}})"),
                  action(R"({"label":{"kind":"Node","name":"worker-3","labels":{"disktype":"ssd"}}})"),
                  action(R"({"patch":{"kind":"Service","name":"web","patch":{"metadata":{"annotations":{"lesson":"yes"}}}}})"),
                  action(R"({"apply":{"yaml":"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: note}\ndata: {a: b}\n"}})"),
                  action(R"({"apply":{"yaml":"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: note}\ndata: {a: c}\n"}})"),
                  action(R"({"wait":{"for":{"field":{"kind":"Deployment","name":"web","path":"{.status.readyReplicas}","equals":4}},"timeout":"1m"}})"),
                  action(R"({"advance":"10s"})"),
                  action(R"({"delete":{"kind":"ConfigMap","name":"note"}})")});
    const auto started = session.loop().now();
    QCOMPARE(drive(runner, session), ActionRunner::State::Done);
    QVERIFY(session.loop().now() - started >= std::chrono::seconds(10));
    std::vector<std::string> log;
    for (const LogLine &line : runner.takeLog())
        log.push_back(line.text);
    QCOMPARE(log.at(0), "deployment.apps/web scaled");
    QCOMPARE(log.at(1), "node/worker-3 labeled");
    QCOMPARE(log.at(2), "service/web patched");
    QCOMPARE(log.at(3), "configmap/note created");
    QCOMPARE(log.at(4), "configmap/note configured");
    QVERIFY2(log.at(5).starts_with("waited until Deployment default/web"), log.at(5).c_str());
    QCOMPARE(log.at(6), "advance the clock by 10s");
    QCOMPARE(log.at(7), "configmap \"note\" deleted");
    QVERIFY(evaluateCheck(Json::parse(R"({"field":{"kind":"Node","name":"worker-3","path":"{.metadata.labels.disktype}","equals":"ssd"}})"),
                          session).passed);
    QVERIFY(evaluateCheck(Json::parse(R"({"count":{"kind":"ConfigMap","namePrefix":"note","equals":0}})"), session).passed);
    // The lesson's writes are the user's: their requests are drawn on kubectl's lane.
    bool fromKubectl = false;
    for (const auto &event : session.traceIndex().events())
        fromKubectl |= event.code() == "apiserver.request" && event.params().at("client") == "kubectl" &&
                       event.params().at("path").find("/scale") != std::string::npos;
    QVERIFY(fromKubectl);
    runner.start({action(R"({"scale":{"kind":"deploy","name":"web","replicas":3}})")});
    QCOMPARE(drive(runner, session), ActionRunner::State::Done);
}

void TestChecks::aWaitTimesOutWithWhatItSaw()
{
    auto &session = *m_lab->session;
    auto wait = readAction(Json::parse(R"({"wait":{"for":{"count":{"kind":"Pod","atLeast":50}},"timeout":"20s"}})"), "steps[0].actions[0]", ".");
    QVERIFY(wait.ok());
    ActionRunner runner(session, {});
    runner.start({*wait});
    const auto started = session.loop().now();
    QCOMPARE(drive(runner, session), ActionRunner::State::Failed);
    QCOMPARE(std::chrono::duration_cast<std::chrono::seconds>(session.loop().now() - started), std::chrono::seconds(20));
    QVERIFY2(runner.error().starts_with("steps[0].actions[0]: still not so when the wait timed out: Pods in default: count is 4; wants >= 50"),
             runner.error().c_str());
}

void TestChecks::aFailedActionStopsTheRest()
{
    auto &session = *m_lab->session;
    auto bad = readAction(Json::parse(R"({"apply":{"yaml":"apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\nspec: {containers: [{name: c, image: x}]}\n"}})"),
                          "steps[2].actions[0]", ".");
    auto next = readAction(Json::parse(R"({"delete":{"kind":"Service","name":"web"}})"), "steps[2].actions[1]", ".");
    QVERIFY(bad.ok() && next.ok());
    ActionRunner runner(session, {});
    runner.start({*bad, *next});
    QCOMPARE(drive(runner, session), ActionRunner::State::Failed);
    QVERIFY2(runner.error().starts_with("steps[2].actions[0]: pod/Bad_Name: Pod \"Bad_Name\" is invalid: metadata.name"),
             runner.error().c_str());
    QVERIFY(evaluateCheck(Json::parse(R"({"count":{"kind":"Service","name":"web","equals":1}})"), session).passed);
}

void TestChecks::kubectlWithoutAServerSaysSo()
{
    auto action = readAction(Json::parse(R"({"kubectl":"get pods"})"), "steps[0].actions[0]", ".");
    QVERIFY(action.ok());
    ActionRunner runner(*m_lab->session, {});
    runner.start({*action});
    QCOMPARE(drive(runner, *m_lab->session), ActionRunner::State::Failed);
    QVERIFY2(runner.error().find("kubectl actions need the lab's API server over HTTP") != std::string::npos,
             runner.error().c_str());
}

void TestChecks::appendedActionsRunAfterTheQueuedOnes()
{
    auto &session = *m_lab->session;
    auto action = [](const char *json) { return *readAction(Json::parse(json), "test", "."); };
    ActionRunner runner(session, {});
    const auto started = session.loop().now();
    runner.start({action(R"({"advance":"10s"})")});
    QCOMPARE(runner.poll(), ActionRunner::State::Busy);
    // Appended while the advance waits: it runs after it, and nothing is abandoned.
    runner.append({action(R"({"label":{"kind":"Node","name":"worker-1","labels":{"appended":"yes"}}})")});
    QVERIFY(!evaluateCheck(Json::parse(R"({"field":{"kind":"Node","name":"worker-1","path":"{.metadata.labels.appended}","exists":true}})"),
                           session).passed);
    QCOMPARE(drive(runner, session), ActionRunner::State::Done);
    QVERIFY(session.loop().now() - started >= std::chrono::seconds(10));
    QVERIFY(evaluateCheck(Json::parse(R"({"field":{"kind":"Node","name":"worker-1","path":"{.metadata.labels.appended}","equals":"yes"}})"),
                          session).passed);
    // Appended to a finished runner: they simply start.
    runner.append({action(R"({"label":{"kind":"Node","name":"worker-1","labels":{"appended":null}}})")});
    QCOMPARE(drive(runner, session), ActionRunner::State::Done);
    QVERIFY(evaluateCheck(Json::parse(R"({"field":{"kind":"Node","name":"worker-1","path":"{.metadata.labels.appended}","exists":false}})"),
                          session).passed);
}

QTEST_GUILESS_MAIN(TestChecks)
#include "tst_checks.moc"
