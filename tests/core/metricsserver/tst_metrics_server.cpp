// metrics-server in a whole lab: what the kubelets report, the rates it computes from
// two scrapes, the metrics.k8s.io API behind its APIService (lists, label selectors,
// single objects, Tables, NotFound), a node whose kubelet stops dropping out, and the
// quantities in metrics-server's canonical forms.
#include "core/metricsserver/metrics_server.h"
#include "core/client/client.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {

const char *const kBurner = R"(
apiVersion: v1
kind: Pod
metadata: {name: burner, labels: {app: burn}}
spec:
  nodeName: worker-1
  containers:
  - name: stress
    image: polinux/stress
    command: [stress]
    args: [--cpu, "1"]
    resources: {limits: {cpu: 300m, memory: 64Mi}}
  - name: side
    image: busybox
    command: [sleep, infinity]
---
apiVersion: v1
kind: Pod
metadata: {name: idle, labels: {app: web}}
spec:
  nodeName: worker-2
  containers:
  - {name: web, image: nginx}
)";

apiserver::ApiResponse get(test::LabFixture &lab, const std::string &path, const std::string &query = {},
                           const std::string &accept = "application/json")
{
    apiserver::ApiRequest request;
    request.method = "GET";
    request.path = path;
    request.accept = accept;
    if (!query.empty())
        request.query.emplace(query.substr(0, query.find('=')), query.substr(query.find('=') + 1));
    return lab.session->api().handle(request);
}

Json body(const apiserver::ApiResponse &r) { return Json::parse(r.body); }

} // namespace

class TestMetricsServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void quantitiesAreCanonical();
    void kubeletReportsCumulativeCpuAndWorkingSets();
    void podMetricsAreRatesOverTheWindow();
    void nodeMetricsIncludeTheSystemDaemons();
    void labelSelectorsAndSingleObjects();
    void tablesForKubectlGet();
    void discoveryListsTheGroupWhileItsApiServiceExists();
    void aStoppedKubeletDropsOut();

private:
    std::unique_ptr<test::LabFixture> m_lab;
};

void TestMetricsServer::initTestCase()
{
    m_lab = std::make_unique<test::LabFixture>(2);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
    m_lab->create(kBurner);
    m_lab->run(60s);
}

void TestMetricsServer::quantitiesAreCanonical()
{
    using metricsserver::cpuQuantity;
    using metricsserver::memoryQuantity;
    QCOMPARE(QString::fromStdString(cpuQuantity(250'000'000)), QStringLiteral("250m"));
    QCOMPARE(QString::fromStdString(cpuQuantity(2'000'000'000)), QStringLiteral("2"));
    QCOMPARE(QString::fromStdString(cpuQuantity(1'234'567)), QStringLiteral("1234567n"));
    QCOMPARE(QString::fromStdString(cpuQuantity(5'000)), QStringLiteral("5u"));
    QCOMPARE(QString::fromStdString(memoryQuantity(10LL * 1024 * 1024)), QStringLiteral("10Mi"));
    QCOMPARE(QString::fromStdString(memoryQuantity(1536 * 1024)), QStringLiteral("1536Ki"));
    QCOMPARE(QString::fromStdString(memoryQuantity(1000)), QStringLiteral("1000"));
}

void TestMetricsServer::kubeletReportsCumulativeCpuAndWorkingSets()
{
    const kubelet::Kubelet *k = m_lab->session->nodeAgents()->kubelet("worker-1");
    Result<kubelet::NodeUsage> usage = k->resourceUsage();
    QVERIFY(usage.ok());
    QCOMPARE(usage->pods.size(), std::size_t(1));
    const kubelet::PodUsage &pod = usage->pods.front();
    QCOMPARE(QString::fromStdString(pod.name), QStringLiteral("burner"));
    QCOMPARE(pod.containers.size(), std::size_t(2));
    // 300m (the limit) since the container started, a few seconds after the pod.
    const auto &stress = pod.containers[0].name == "stress" ? pod.containers[0] : pod.containers[1];
    const double seconds = double(stress.cpuCoreNanoSeconds) / 0.3e9;
    QVERIFY2(seconds > 50 && seconds < 60, std::to_string(seconds).c_str());
    // The Prometheus text carries the same number, in core-seconds, with a timestamp.
    const QString text = QString::fromStdString(kubelet::resourceMetricsText(*usage));
    QVERIFY(text.contains(QStringLiteral("# TYPE container_cpu_usage_seconds_total counter")));
    QVERIFY(text.contains(QStringLiteral("container_memory_working_set_bytes{container=\"side\",namespace=\"default\",pod=\"burner\"} 524288 ")));
    QVERIFY(text.contains(QStringLiteral("\nresource_scrape_error 0\n")));
}

void TestMetricsServer::podMetricsAreRatesOverTheWindow()
{
    const Json list = body(get(*m_lab, "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods"));
    QCOMPARE(QString::fromStdString(list.value("kind", "")), QStringLiteral("PodMetricsList"));
    QCOMPARE(list["items"].size(), std::size_t(2));
    const Json &burner = list["items"][0];
    QCOMPARE(QString::fromStdString(burner["metadata"].value("name", "")), QStringLiteral("burner"));
    QCOMPARE(QString::fromStdString(burner.value("window", "")), QStringLiteral("15s"));
    std::map<std::string, std::string> cpu;
    for (const Json &c : burner["containers"])
        cpu[c.value("name", "")] = c["usage"].value("cpu", "");
    QCOMPARE(QString::fromStdString(cpu["stress"]), QStringLiteral("300m"));
    QCOMPARE(QString::fromStdString(cpu["side"]), QStringLiteral("0"));
    QCOMPARE(QString::fromStdString(list["items"][1]["containers"][0]["usage"].value("memory", "")), QStringLiteral("3Mi"));
}

void TestMetricsServer::nodeMetricsIncludeTheSystemDaemons()
{
    const Json node = body(get(*m_lab, "/apis/metrics.k8s.io/v1beta1/nodes/worker-1"));
    QCOMPARE(QString::fromStdString(node.value("kind", "")), QStringLiteral("NodeMetrics"));
    // 300m of stress, 20m of kubelet and runtime.
    QCOMPARE(QString::fromStdString(node["usage"].value("cpu", "")), QStringLiteral("320m"));
    QCOMPARE(QString::fromStdString(node["metadata"]["labels"].value("kubernetes.io/hostname", "")), QStringLiteral("worker-1"));
}

void TestMetricsServer::labelSelectorsAndSingleObjects()
{
    const Json web = body(get(*m_lab, "/apis/metrics.k8s.io/v1beta1/pods", "labelSelector=app=web"));
    QCOMPARE(web["items"].size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(web["items"][0]["metadata"].value("name", "")), QStringLiteral("idle"));
    const apiserver::ApiResponse missing = get(*m_lab, "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope");
    QCOMPARE(missing.code, 404);
    QCOMPARE(QString::fromStdString(body(missing).value("message", "")), QStringLiteral("podmetrics.metrics.k8s.io \"default/nope\" not found"));
    const apiserver::ApiResponse bad = get(*m_lab, "/apis/metrics.k8s.io/v1beta1/pods", "labelSelector=a in b");
    QCOMPARE(bad.code, 400);
    apiserver::ApiRequest post;
    post.method = "POST";
    post.path = "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods";
    post.body = "{}";
    QCOMPARE(m_lab->session->api().handle(post).code, 405);
}

void TestMetricsServer::tablesForKubectlGet()
{
    const Json table = body(get(*m_lab, "/apis/metrics.k8s.io/v1beta1/nodes", {},
                                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"));
    QCOMPARE(QString::fromStdString(table.value("kind", "")), QStringLiteral("Table"));
    QCOMPARE(table["columnDefinitions"].size(), std::size_t(4));
    QCOMPARE(table["rows"].size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(table["rows"][0]["cells"][1].get<std::string>()), QStringLiteral("320m"));
}

void TestMetricsServer::discoveryListsTheGroupWhileItsApiServiceExists()
{
    const auto groups = [this] {
        QStringList names;
        const Json list = body(get(*m_lab, "/apis"));
        for (const Json &g : list["groups"])
            names << QString::fromStdString(g.value("name", ""));
        return names;
    };
    QVERIFY(groups().contains(QStringLiteral("metrics.k8s.io")));
    QCOMPARE(get(*m_lab, "/apis/metrics.k8s.io/v1beta1").code, 200);
    const apiserver::ResourceInfo &services = client::resource("apiregistration.k8s.io", "v1", "apiservices");
    apiserver::ApiRequest del;
    del.method = "DELETE";
    del.path = "/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io";
    QCOMPARE(m_lab->session->api().handle(del).code, 200);
    QVERIFY(!groups().contains(QStringLiteral("metrics.k8s.io")));
    QCOMPARE(get(*m_lab, "/apis/metrics.k8s.io/v1beta1/nodes").code, 404);
    // Registered again (as an administrator re-applies metrics-server's manifest).
    QVERIFY(m_lab->session->api().get(services, "", "v1.apps").ok());
    apiserver::AggregatedApi again;
    again.group = "metrics.k8s.io";
    again.version = "v1beta1";
    again.serviceNamespace = "kube-system";
    again.serviceName = "metrics-server";
    QVERIFY(m_lab->session->api().create(services, "", apiserver::aggregatedApiService(again)).ok());
    // Without the availability check's verdict it is not Available yet: still not served.
    QCOMPARE(get(*m_lab, "/apis/metrics.k8s.io/v1beta1/nodes").code, 404);
}

void TestMetricsServer::aStoppedKubeletDropsOut()
{
    QVERIFY(m_lab->session->nodeAgents()->setAgentRunning("worker-2", false).ok());
    QVERIFY(!m_lab->session->nodeAgents()->kubelet("worker-2")->resourceUsage().ok());
    m_lab->run(20s);
    QVERIFY(m_lab->session->metricsServer()->nodeUsage("worker-1").has_value());
    QVERIFY(!m_lab->session->metricsServer()->nodeUsage("worker-2").has_value());
    QVERIFY(!m_lab->session->metricsServer()->podUsage("default", "idle").has_value());
}

QTEST_GUILESS_MAIN(TestMetricsServer)
#include "tst_metrics_server.moc"
