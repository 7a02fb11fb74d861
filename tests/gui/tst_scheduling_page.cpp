// The scheduling-decisions page offscreen, on a real lab session: the matrix shows the
// scheduler's own record, a what-if re-scores with the scheduler's code and changes
// nothing, and a pending pod gets the smallest changes that would place it.
#include "core/lab/lab_session.h"
#include "core/scheduler/scheduler.h"
#include "gui/cluster_state.h"
#include "gui/decision_matrix_model.h"
#include "gui/diagram_export.h"
#include "gui/scheduling_page.h"
#include "tests/gui/gui_lab.h"

#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QImage>
#include <QListWidget>
#include <QTemporaryDir>
#include <QPlainTextEdit>
#include <QTest>

using namespace k8slab;

namespace {

constexpr const char *kTooBig = R"(apiVersion: v1
kind: Pod
metadata:
  name: too-big
spec:
  containers:
  - name: big
    image: nginx:1.27
    resources:
      requests: {cpu: "64"}
)";

} // namespace

class TestSchedulingPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matrixShowsTheSchedulersRecord();
    void pendingPodGetsProvenSuggestions();
    void editedWhatIfRescoresLikeTheScheduler();
    void badWhatIfIsRefused();
    void whatIfChangesNothing();
    void followsTheTimeline();
    void exportsTheMatrix();

private:
    gui::ObjectKey webPod();

    std::unique_ptr<test::GuiLab> m_gui;
    test::LabFixture *m_lab = nullptr;
    gui::ClusterState *m_state = nullptr;
    std::unique_ptr<gui::SchedulingPage> m_page;
    std::int64_t m_revision = 0;
};

void TestSchedulingPage::initTestCase()
{
    m_gui = std::make_unique<test::GuiLab>(std::initializer_list<const char *>{test::kWebDeploymentAndService, kTooBig},
                                           std::chrono::seconds(60));
    m_lab = &m_gui->lab;
    m_state = m_gui->state.get();
    m_page = std::make_unique<gui::SchedulingPage>(m_lab->session->scheduler());
    m_page->setSource(m_state);
    m_page->resize(1200, 700);
    m_page->show();
    m_revision = m_lab->session->store().revision();
}

gui::ObjectKey TestSchedulingPage::webPod()
{
    for (const api::Json *pod : m_state->pods())
        if ((*pod)["metadata"]["name"].get<std::string>().starts_with("web-"))
            return {QStringLiteral("Pod"), QStringLiteral("default"), QString::fromStdString((*pod)["metadata"]["name"])};
    return {};
}

void TestSchedulingPage::matrixShowsTheSchedulersRecord()
{
    const gui::ObjectKey pod = webPod();
    QVERIFY(pod.isValid());
    m_page->showPod(pod);
    const scheduler::DecisionRecord *record =
        m_lab->session->scheduler()->decisions().latest((pod.ns + QLatin1Char('/') + pod.name).toStdString());
    QVERIFY(record);
    gui::DecisionMatrixModel &m = m_page->matrix();
    QCOMPARE(m.rowCount(), int(record->nodes.size()));
    QCOMPARE(m.columnCount(), 3 + int(record->scorePlugins.size()));
    for (int row = 0; row < m.rowCount(); ++row) {
        const scheduler::NodeDecision &d = record->nodes[row];
        QCOMPARE(m.index(row, 0).data().toString(), QString::fromStdString(d.node));
        QCOMPARE(m.index(row, m.columnCount() - 1).data().toString(), QString::number(d.total));
        for (std::size_t p = 0; p < record->scorePlugins.size(); ++p) {
            const std::int64_t w = record->scorePlugins[p].weight;
            const QString expected = record->scorePlugins[p].skipped
                                         ? QStringLiteral("skipped")
                                         : QStringLiteral("%1 → %2 ×%3 = %4").arg(d.raw[p]).arg(d.normalized[p]).arg(w).arg(d.normalized[p] * w);
            QCOMPARE(m.index(row, 2 + int(p)).data().toString(), expected);
        }
        // The chosen node's row is bold.
        QCOMPARE(m.index(row, 0).data(Qt::FontRole).isValid(), d.node == record->selectedNode);
    }
    QVERIFY(m_page->summaryText().contains(QString::fromStdString(record->selectedNode)));
}

void TestSchedulingPage::pendingPodGetsProvenSuggestions()
{
    m_page->showPod({QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("too-big")});
    QVERIFY(m_page->summaryText().contains(QLatin1String("FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.")));
    QCOMPARE(m_page->matrix().index(0, 1).data().toString(), QStringLiteral("✗ NodeResourcesFit: Insufficient cpu"));
    QVERIFY(m_page->suggestions().count() >= 1);
    QVERIFY2(m_page->suggestions().item(0)->text().startsWith(QLatin1String("Lower the pod's requests to CPU")),
             qPrintable(m_page->suggestions().item(0)->text()));
    m_page->applySuggestion(0);
    QCOMPARE(m_page->matrix().record()->result, std::string("Scheduled"));
    // The filter cells changed from the real attempt are highlighted.
    QVERIFY(m_page->matrix().changed(0, 1));
    QVERIFY(m_page->summaryText().contains(QLatin1String("What-if")));
    m_page->showRealAttempt();
    QCOMPARE(m_page->matrix().record()->result, std::string("Unschedulable"));
}

void TestSchedulingPage::editedWhatIfRescoresLikeTheScheduler()
{
    m_page->showPod({QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("too-big")});
    QString yaml = m_page->whatIfEditor().toPlainText();
    QVERIFY(yaml.contains(QLatin1String("cpu: \"64\"")));
    yaml.replace(QLatin1String("cpu: \"64\""), QLatin1String("cpu: 500m"));
    m_page->whatIfEditor().setPlainText(yaml);
    QVERIFY(m_page->rescore());
    const scheduler::DecisionRecord &shown = *m_page->matrix().record();
    QCOMPARE(shown.result, std::string("Scheduled"));
    // The same pod through Scheduler::evaluate gives the same scores.
    api::Json pod = m_state->fetch({QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("too-big")});
    pod["spec"]["containers"][0]["resources"]["requests"]["cpu"] = "500m";
    const auto direct = m_lab->session->scheduler()->evaluate(pod);
    QVERIFY(direct.ok());
    QCOMPARE(shown.nodes.size(), direct->nodes.size());
    for (std::size_t i = 0; i < shown.nodes.size(); ++i) {
        QCOMPARE(shown.nodes[i].node, direct->nodes[i].node);
        QCOMPARE(shown.nodes[i].total, direct->nodes[i].total);
    }
    QCOMPARE(shown.selectedNode, direct->selectedNode);
}

void TestSchedulingPage::badWhatIfIsRefused()
{
    m_page->showPod({QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("too-big")});
    m_page->whatIfEditor().setPlainText(QStringLiteral("pod: [unclosed"));
    QVERIFY(!m_page->rescore());
    QVERIFY(m_page->summaryText().contains(QLatin1String("not valid YAML")));
    m_page->whatIfEditor().setPlainText(QStringLiteral("nodes:\n  ghost: {labels: {}}\n"));
    QVERIFY(!m_page->rescore());
    QVERIFY(m_page->summaryText().contains(QLatin1String("no node ghost")));
}

void TestSchedulingPage::whatIfChangesNothing()
{
    QCOMPARE(m_lab->session->store().revision(), m_revision);
    QVERIFY(m_lab->session->scheduler()->snapshot().node("worker-1"));
}

void TestSchedulingPage::followsTheTimeline()
{
    const gui::ObjectKey pod{QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("too-big")};
    const api::Json attempts = m_lab->session->scheduler()->decisions().forPod("default/too-big")["history"];
    QVERIFY(attempts.size() >= 2); // the pod was retried after its backoff
    m_page->showPod(pod);
    const QString latest = m_page->summaryText();
    QVERIFY(latest.contains(QStringLiteral("Attempt %1").arg(attempts.back()["attempt"].get<int>())));
    // Looking back to the first attempt's time shows that attempt.
    m_page->followTime(attempts[0]["time"].get<std::int64_t>());
    QVERIFY2(m_page->summaryText().contains(QLatin1String("Attempt 1")), qPrintable(m_page->summaryText()));
    m_page->followTime(0);
    QCOMPARE(m_page->summaryText(), latest);
}

void TestSchedulingPage::exportsTheMatrix()
{
    m_page->showPod(webPod());
    QGraphicsScene &scene = m_page->diagramScene();
    // Every cell's text is drawn, the summary above it.
    QStringList texts;
    for (QGraphicsItem *item : scene.items())
        if (auto *t = dynamic_cast<QGraphicsSimpleTextItem *>(item))
            texts << t->text();
        else if (auto *rich = dynamic_cast<QGraphicsTextItem *>(item))
            texts << rich->toPlainText();
    const gui::DecisionMatrixModel &m = m_page->matrix();
    for (int r = 0; r < m.rowCount(); ++r)
        QVERIFY2(texts.contains(m.index(r, 0).data().toString()), qPrintable(m.index(r, 0).data().toString()));
    QVERIFY(texts.contains(QStringLiteral("Total")));
    QVERIFY(texts.join(QLatin1Char(' ')).contains(QLatin1String("Attempt")));
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("matrix.png"));
    gui::ExportOptions options;
    options.slide = true;
    options.title = QStringLiteral("Why here?");
    QVERIFY(gui::exportScene(scene, png, options).ok());
    QImage image(png);
    QCOMPARE(image.size(), QSize(1920, 1080));
}

QTEST_MAIN(TestSchedulingPage)
#include "tst_scheduling_page.moc"
