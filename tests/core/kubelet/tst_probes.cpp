// The kubelet's probes: upstream's defaults, what each handler reports, and what the
// kubelet does with the results on a live lab (simulated runtime, virtual clock).
#include "core/apiserver/resource_registry.h"
#include "core/kubelet/probes.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using kubelet::ProbeKind;

class TestProbes : public QObject {
    Q_OBJECT
private slots:
    void probesGetUpstreamDefaults();
    void namedPortsResolve();
    void livenessFailuresRestartTheContainer();
    void readinessDecidesReadyAndEndpoints();
    void startupHoldsLivenessBack();
};

void TestProbes::probesGetUpstreamDefaults()
{
    const Json container = Json::parse(R"({"name":"c","livenessProbe":{"exec":{"command":["cat","/tmp/ok"]}}})");
    const auto probe = kubelet::probeOf(container, ProbeKind::Liveness);
    QVERIFY(probe);
    QCOMPARE(probe->handler, kubelet::ProbeSpec::Handler::Exec);
    QCOMPARE(probe->command, (std::vector<std::string>{"cat", "/tmp/ok"}));
    QCOMPARE(probe->initialDelay.count(), 0);
    QCOMPARE(probe->period.count(), 10);
    QCOMPARE(probe->timeout.count(), 1);
    QCOMPARE(probe->successThreshold, 1);
    QCOMPARE(probe->failureThreshold, 3);
    QVERIFY(!kubelet::probeOf(container, ProbeKind::Readiness));
}

void TestProbes::namedPortsResolve()
{
    const Json container = Json::parse(R"({"name":"c","ports":[{"name":"http","containerPort":8080}],
        "readinessProbe":{"httpGet":{"path":"/ready","port":"http"},"periodSeconds":2,"successThreshold":2}})");
    const auto probe = kubelet::probeOf(container, ProbeKind::Readiness);
    QVERIFY(probe);
    QCOMPARE(probe->handler, kubelet::ProbeSpec::Handler::HttpGet);
    QCOMPARE(probe->port, 8080);
    QCOMPARE(probe->path, "/ready");
    QCOMPARE(probe->period.count(), 2);
    QCOMPARE(probe->successThreshold, 2);
}

void TestProbes::livenessFailuresRestartTheContainer()
{
    test::LabFixture lab(1);
    QVERIFY2(lab.ok(), lab.error().c_str());
    lab.create(R"(apiVersion: v1
kind: Pod
metadata: {name: live}
spec:
  containers:
  - name: web
    image: nginx:1.27
    livenessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 5, failureThreshold: 3}
)");
    lab.run(std::chrono::seconds(40));
    const auto *pods = apiserver::builtinResources().findKind("v1", "Pod");
    const Json p = *lab.session->api().get(*pods, "default", "live");
    QVERIFY2(p["status"]["containerStatuses"][0]["restartCount"].get<int>() >= 1, p["status"].dump().c_str());
    const auto *events = apiserver::builtinResources().findKind("v1", "Event");
    std::vector<std::string> seen;
    for (const Json &e : lab.session->api().objects(*events, "default"))
        seen.push_back(e.value("reason", "") + ": " + e.value("message", ""));
    const auto has = [&](const std::string &line) { return std::find(seen.begin(), seen.end(), line) != seen.end(); };
    QVERIFY(has("Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404"));
    QVERIFY(has("Killing: Container web failed liveness probe, will be restarted"));
    bool traced = false;
    for (const auto &e : lab.session->traceIndex().events())
        traced |= e.code() == "kubelet.probe.failed" && e.params().at("probe") == "Liveness" && e.params().at("failures") == "3";
    QVERIFY(traced);
}

void TestProbes::readinessDecidesReadyAndEndpoints()
{
    test::LabFixture lab(1);
    QVERIFY2(lab.ok(), lab.error().c_str());
    lab.create(R"(apiVersion: v1
kind: Pod
metadata: {name: ready, labels: {app: r}}
spec:
  containers:
  - {name: web, image: nginx:1.27, readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}}
---
apiVersion: v1
kind: Pod
metadata: {name: unready, labels: {app: r}}
spec:
  containers:
  - {name: web, image: nginx:1.27, readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 5}}
---
apiVersion: v1
kind: Service
metadata: {name: r}
spec:
  selector: {app: r}
  ports: [{port: 80}]
)");
    lab.run(std::chrono::seconds(30));
    const auto *pods = apiserver::builtinResources().findKind("v1", "Pod");
    Json ready = *lab.session->api().get(*pods, "default", "ready");
    Json unready = *lab.session->api().get(*pods, "default", "unready");
    QCOMPARE(ready["status"]["containerStatuses"][0].value("ready", !true), true);
    QCOMPARE(unready["status"]["containerStatuses"][0].value("ready", !false), false);
    QCOMPARE(unready["status"].value("phase", ""), "Running");
    // Only the ready pod receives traffic.
    const auto *slices = apiserver::builtinResources().findKind("discovery.k8s.io/v1", "EndpointSlice");
    int readyEndpoints = 0, endpoints = 0;
    for (const Json &slice : lab.session->api().objects(*slices, "default"))
        if (slice["metadata"]["labels"].value("kubernetes.io/service-name", "") == "r")
            for (const Json &e : slice.value("endpoints", Json::array())) {
                ++endpoints;
                readyEndpoints += e["conditions"].value("ready", false) ? 1 : 0;
            }
    QCOMPARE(endpoints, 2);
    QCOMPARE(readyEndpoints, 1);
}

void TestProbes::startupHoldsLivenessBack()
{
    test::LabFixture lab(1);
    QVERIFY2(lab.ok(), lab.error().c_str());
    // The startup probe never passes (nothing on 9999): liveness, which would pass, never
    // runs, and the container is killed once the startup probe gives up (3 × 2 s).
    lab.create(R"(apiVersion: v1
kind: Pod
metadata: {name: stuck}
spec:
  containers:
  - name: web
    image: nginx:1.27
    startupProbe: {tcpSocket: {port: 9999}, periodSeconds: 2, failureThreshold: 3}
    livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
)");
    lab.run(std::chrono::seconds(5));
    const auto *pods = apiserver::builtinResources().findKind("v1", "Pod");
    Json p = *lab.session->api().get(*pods, "default", "stuck");
    QCOMPARE(p["status"]["containerStatuses"][0].value("started", !false), false);
    QCOMPARE(p["status"]["containerStatuses"][0].value("ready", !false), false);
    lab.run(std::chrono::seconds(20));
    p = *lab.session->api().get(*pods, "default", "stuck");
    QVERIFY(p["status"]["containerStatuses"][0]["restartCount"].get<int>() >= 1);
    int liveness = 0, startup = 0;
    for (const auto &e : lab.session->traceIndex().events())
        if (e.code() == "kubelet.probe.failed")
            (e.params().at("probe") == "Startup" ? startup : liveness)++;
    QVERIFY(startup >= 1);
    QCOMPARE(liveness, 0);
}

QTEST_GUILESS_MAIN(TestProbes)
#include "tst_probes.moc"
