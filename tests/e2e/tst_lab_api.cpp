// The lab-control API (/lab/v1) over HTTP: the clock and the trace, and a paused lab
// that still answers the Kubernetes API.
#include "core/api/json.h"
#include "tests/support/json_compare.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>

using k8slab::api::Json;

class TestLabApi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void clockReportsVirtualTime();
    void pausedLabStillAnswersAndSteps();
    void advanceMovesTheClockAndSpeedIsSet();
    void traceIsQueryableByObject();
    void historyTellsAPodsStory();
    void whatIfRescoresAndSuggests();
    void badRequestsAreStatuses();

private:
    Json call(const std::string &method, const std::string &path, int expectedCode = 200, const std::string &body = {});

    QTemporaryDir m_dir;
    QProcess m_server;
    std::unique_ptr<httplib::Client> m_client;
};

void TestLabApi::initTestCase()
{
    m_server.start(K8SLAB_SERVER, {"--data", m_dir.path(), "--listen", "127.0.0.1:0"});
    QVERIFY(m_server.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += m_server.readAllStandardOutput()).contains("ready"), 15000);
    const auto match = QRegularExpression("http://127\\.0\\.0\\.1:(\\d+)").match(QString::fromUtf8(out));
    QVERIFY(match.hasMatch());
    m_client = std::make_unique<httplib::Client>("127.0.0.1", match.captured(1).toInt());
}

void TestLabApi::cleanupTestCase()
{
    m_client.reset();
    if (m_server.state() == QProcess::Running) {
        ::kill(static_cast<pid_t>(m_server.processId()), SIGTERM);
        QVERIFY(m_server.waitForFinished(10000));
    }
}

Json TestLabApi::call(const std::string &method, const std::string &path, int expectedCode, const std::string &body)
{
    httplib::Result result = method == "GET" ? m_client->Get(path) : m_client->Post(path, body, "application/json");
    if (!result) {
        qWarning("%s %s: no answer", method.c_str(), path.c_str());
        return Json();
    }
    if (result->status != expectedCode)
        qWarning("%s %s: %d %s", method.c_str(), path.c_str(), result->status, result->body.c_str());
    return result->status == expectedCode ? Json::parse(result->body, nullptr, false) : Json();
}

void TestLabApi::clockReportsVirtualTime()
{
    const Json clock = call("GET", "/lab/v1/clock");
    QCOMPARE(clock["kind"], Json("Clock"));
    QCOMPARE(clock["mode"], Json("virtual"));
    QCOMPARE(clock["paused"], Json(false));
    // A new lab's virtual clock starts at the wall clock's second (so kubectl's own ages
    // read true), then runs at the lab's speed.
    const std::int64_t wallNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const std::int64_t labNs = clock["nowNs"];
    QVERIFY2(std::llabs(labNs - wallNs) < 60'000'000'000LL, clock.dump().c_str());
}

void TestLabApi::pausedLabStillAnswersAndSteps()
{
    QCOMPARE(call("POST", "/lab/v1/clock/pause")["paused"], Json(true));
    const std::int64_t frozen = call("GET", "/lab/v1/clock")["nowNs"];
    // The Kubernetes API answers while the lab is paused, and writes still land.
    const Json created = call("POST", "/api/v1/namespaces", 201, R"({"metadata":{"name":"while-paused"}})");
    QCOMPARE(created["metadata"]["name"], Json("while-paused"));
    QCOMPARE(call("GET", "/api/v1/namespaces/while-paused")["status"]["phase"], Json("Active"));
    QTest::qWait(200);
    QCOMPARE(call("GET", "/lab/v1/clock")["nowNs"].get<std::int64_t>(), frozen);
    QVERIFY(call("POST", "/lab/v1/clock/step").is_object());
    QCOMPARE(call("POST", "/lab/v1/clock/resume")["paused"], Json(false));
    QCOMPARE(call("POST", "/lab/v1/clock/step", 400)["reason"], Json("BadRequest"));
}

void TestLabApi::advanceMovesTheClockAndSpeedIsSet()
{
    QVERIFY(call("POST", "/lab/v1/clock/pause").is_object());
    const std::int64_t before = call("GET", "/lab/v1/clock")["nowNs"];
    const Json after = call("POST", "/lab/v1/clock/advance?by=5m");
    QCOMPARE(after["nowNs"].get<std::int64_t>() - before, std::int64_t(300) * 1000000000);
    QCOMPARE(call("POST", "/lab/v1/clock/speed?x=10")["speed"], Json(10.0));
    QVERIFY(call("POST", "/lab/v1/clock/resume").is_object());
}

void TestLabApi::traceIsQueryableByObject()
{
    const Json items = call("GET", "/lab/v1/trace?kind=Namespace&name=while-paused")["items"];
    QVERIFY(!items.empty());
    QCOMPARE(items[0]["code"], Json("store.create"));
    QCOMPARE(items[0]["storeWrite"]["key"], Json("/registry/namespaces/while-paused"));
    // The store write was caused by the API request that made it.
    const std::string cause = items[0]["causeId"];
    const Json all = call("GET", "/lab/v1/trace?limit=100000")["items"];
    bool found = false;
    for (const Json &e : all)
        if (e["id"] == cause)
            found = e["code"] == "apiserver.request" && e["params"]["verb"] == "POST";
    QVERIFY(found);
    const Json page = call("GET", "/lab/v1/trace?afterId=3&limit=2")["items"];
    QCOMPARE(page.size(), std::size_t(2));
    QCOMPARE(page[0]["id"], Json("4"));
}

void TestLabApi::historyTellsAPodsStory()
{
    call("POST", "/api/v1/namespaces/default/pods", 201,
         R"({"metadata":{"name":"solo"},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}})");
    const auto codes = [this] {
        std::vector<std::string> out;
        const Json h = call("GET", "/lab/v1/history?kind=Pod&namespace=default&name=solo");
        for (const Json &step : h.value("steps", Json::array()))
            out.push_back(step["code"]);
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(std::ranges::count(codes(), std::string("kubelet.start")) == 1, 15000);
    const Json h = call("GET", "/lab/v1/history?kind=Pod&namespace=default&name=solo");
    QCOMPARE(h["kind"], Json("History"));
    const Json &steps = h["steps"];
    // It starts at the request that created the pod (a root: nothing caused it) ...
    QCOMPARE(steps[0]["code"], Json("apiserver.request"));
    QVERIFY(!steps[0].contains("causeId"));
    QCOMPARE(steps[0]["response"]["code"], Json("201"));
    // ... and goes through the scheduler's binding to the kubelet, in order.
    std::vector<std::string> order;
    for (const Json &step : steps)
        order.push_back(step["code"]);
    const auto at = [&](const char *code) { return std::ranges::find(order, std::string(code)) - order.begin(); };
    QVERIFY(at("store.create") < at("scheduler.attempt"));
    QVERIFY(at("scheduler.attempt") < at("scheduler.bind"));
    QVERIFY(at("scheduler.bind") < at("kubelet.admit"));
    QVERIFY(at("kubelet.admit") < at("kubelet.start"));
    QVERIFY(at("kubelet.start") < long(order.size()));
    // Asking without a name is a Status with the missing field; an unknown object, 404.
    const Json bad = call("GET", "/lab/v1/history?kind=Pod", 400);
    QCOMPARE(bad["details"]["causes"][0]["field"], Json("name"));
    QCOMPARE(call("GET", "/lab/v1/history?kind=Pod&namespace=default&name=nope", 404)["reason"], Json("NotFound"));
}

void TestLabApi::whatIfRescoresAndSuggests()
{
    const std::string pod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"huge","namespace":"default"},
        "spec":{"containers":[{"name":"c","image":"nginx:1.27","resources":{"requests":{"cpu":"100"}}}]}})";
    const Json answer = call("POST", "/lab/v1/scheduler/whatif", 200, R"({"pod":)" + pod + "}");
    QCOMPARE(answer["kind"], Json("WhatIf"));
    QCOMPARE(answer["decision"]["result"], Json("Unschedulable"));
    QVERIFY(answer["decision"]["message"].get<std::string>().starts_with("0/3 nodes are available: 3 Insufficient cpu."));
    QVERIFY(!answer["suggestions"].empty());
    QCOMPARE(answer["suggestions"][0]["code"], Json("lowerRequests"));
    // Nothing was created: the pod does not exist.
    call("GET", "/api/v1/namespaces/default/pods/huge", 404);
    QCOMPARE(call("POST", "/lab/v1/scheduler/whatif", 400, "not json")["reason"], Json("BadRequest"));
}

void TestLabApi::badRequestsAreStatuses()
{
    QCOMPARE(call("POST", "/lab/v1/clock/advance?by=soon", 400)["details"]["causes"][0]["field"], Json("by"));
    QCOMPARE(call("POST", "/lab/v1/clock/speed?x=-1", 400)["reason"], Json("BadRequest"));
    QCOMPARE(call("GET", "/lab/v1/nothing", 404)["reason"], Json("NotFound"));
}

QTEST_GUILESS_MAIN(TestLabApi)
#include "tst_lab_api.moc"
