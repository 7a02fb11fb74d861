// The charts page offscreen, on a real lab session: its series are the trace's own
// numbers (kube-proxy syncs per node, scheduler attempts by result, restarts, an HPA's
// replicas and CPU utilization) and its bars the nodes' requests against allocatable.
#include "core/lab/lab_session.h"
#include "gui/charts_page.h"
#include "gui/cluster_state.h"
#include "gui/diagram_export.h"
#include "tests/gui/gui_lab.h"

#include <QGraphicsScene>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace k8slab;

namespace {

constexpr const char *kCrashing = R"(apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  restartPolicy: Always
  containers:
  - name: c
    image: busybox:1.36
    command: ["sh", "-c", "exit 1"]
)";

// A CPU burner at 200% of its request, under an HPA aiming for 50% with at most 3 pods.
constexpr const char *kAutoscaled = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: burn}
spec:
  selector: {matchLabels: {app: burn}}
  template:
    metadata: {labels: {app: burn}}
    spec:
      containers:
      - name: c
        image: polinux/stress
        command: [stress]
        args: [--cpu, "1"]
        resources: {requests: {cpu: 500m}, limits: {cpu: "1"}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: burn}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: burn}
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
)";

} // namespace

class TestChartsPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void seriesAreTheTracesNumbers();
    void barsAreRequestedOverAllocatable();
    void hpaSeriesFollowItsSyncs();
    void exportsAllSixCharts();

private:
    std::unique_ptr<test::GuiLab> m_gui;
    test::LabFixture *m_lab = nullptr;
    gui::ClusterState *m_state = nullptr;
    std::unique_ptr<gui::ChartsPage> m_page;
};

void TestChartsPage::initTestCase()
{
    m_gui = std::make_unique<test::GuiLab>(std::initializer_list<const char *>{test::kWebDeploymentAndService, kCrashing, kAutoscaled},
                                           std::chrono::seconds(120));
    m_lab = &m_gui->lab;
    m_state = m_gui->state.get();
    m_page = std::make_unique<gui::ChartsPage>(m_lab->session->traceIndex());
    m_page->setSource(m_state);
    m_page->resize(1200, 800);
    m_page->show();
    m_page->refresh();
}

void TestChartsPage::seriesAreTheTracesNumbers()
{
    std::map<std::string, int> syncs, attempts;
    std::map<std::string, int> starts;
    int restarts = 0;
    for (const proto::TraceEvent &e : m_lab->session->traceIndex().events()) {
        if (e.code() == "proxy.sync")
            ++syncs[e.object().name()];
        if (e.code() == "scheduler.attempt")
            ++attempts[e.params().at("result")];
        if (e.code() == "kubelet.start" && starts[e.object().name() + "/" + e.params().at("container")]++ > 0)
            ++restarts;
    }
    QCOMPARE(syncs.size(), std::size_t(3));
    for (const auto &[node, count] : syncs)
        QCOMPARE(m_page->proxySyncPoints(QString::fromStdString(node)), count);
    QCOMPARE(m_page->schedulerAttempts(QStringLiteral("Scheduled")), attempts["Scheduled"]);
    QCOMPARE(attempts["Scheduled"], 7); // web ×3, the crasher, burn ×3 (the HPA's doing)
    QVERIFY(restarts >= 2); // the crashing pod came back, with back-off
    QCOMPARE(m_page->restarts(), restarts);
}

void TestChartsPage::barsAreRequestedOverAllocatable()
{
    // Three web pods of 250m CPU and three burners of 500m on three nodes: each node's
    // share of what it offers.
    double cpu = 0;
    for (const api::Json *node : m_state->nodes()) {
        const QString name = QString::fromStdString((*node)["metadata"]["name"]);
        cpu += m_page->requestedPercent(name).first;
    }
    QVERIFY(cpu > 0);
    const api::Json allocatable = (*m_state->nodes().front())["status"]["allocatable"];
    QVERIFY(allocatable.contains("cpu"));
    // Summed over nodes of equal size: 3 × 250m + 3 × 500m of one node's CPU.
    const double cores = std::stod(allocatable["cpu"].get<std::string>());
    QVERIFY2(std::abs(cpu - 100.0 * 2.25 / cores) < 0.01, qPrintable(QString::number(cpu)));
}

void TestChartsPage::hpaSeriesFollowItsSyncs()
{
    int replicas = -1;
    int utilization = -1;
    int syncs = 0;
    for (const proto::TraceEvent &e : m_lab->session->traceIndex().events()) {
        if (e.code() != "controller.hpa.sync")
            continue;
        ++syncs;
        replicas = std::stoi(e.params().at("desiredReplicas"));
        if (!e.params().at("utilization").empty())
            utilization = std::stoi(e.params().at("utilization"));
    }
    QVERIFY(syncs >= 3);
    QCOMPARE(replicas, 3); // 200% of the request: as many as allowed
    QCOMPARE(m_page->hpaReplicas(QStringLiteral("burn")), replicas);
    QCOMPARE(utilization, 200);
    QCOMPARE(m_page->hpaUtilization(QStringLiteral("burn")), utilization);
}

void TestChartsPage::exportsAllSixCharts()
{
    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("charts.svg"));
    QVERIFY(gui::exportScene(m_page->scene(), svg).ok());
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    for (const char *title : {"kube-proxy", "Scheduler", "restarts", "allocatable", "desired replicas", "of request"})
        QVERIFY2(text.contains(title), title);
}

QTEST_MAIN(TestChartsPage)
#include "tst_charts_page.moc"
