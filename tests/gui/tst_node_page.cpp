// The node-memory page offscreen, on a real lab session: three pods of the three QoS
// classes on one node get the kubelet's oom_score_adj, the kernel's oom_score and the
// eviction manager's order, and the page names who goes first.
#include "gui/node_page.h"
#include "tests/gui/gui_lab.h"

#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QTableWidget>
#include <QTest>

using namespace k8slab;

namespace {

constexpr const char *kThreeClasses = R"(apiVersion: v1
kind: Pod
metadata: {name: besteffort}
spec:
  nodeName: worker-1
  containers: [{name: c, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata: {name: guaranteed}
spec:
  nodeName: worker-1
  containers:
  - name: c
    image: nginx:1.27
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: 100m, memory: 256Mi}
---
apiVersion: v1
kind: Pod
metadata: {name: burstable}
spec:
  nodeName: worker-1
  containers:
  - name: c
    image: nginx:1.27
    resources:
      requests: {memory: 1Gi}
)";

} // namespace

class TestNodePage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyContainerGetsTheKubeletsAdjustment();
    void theOomKillerAndTheEvictionManagerPickTheBestEffortPod();

private:
    QString cell(const QString &pod, int column);

    std::unique_ptr<test::GuiLab> m_gui;
    std::unique_ptr<gui::NodePage> m_page;
};

void TestNodePage::initTestCase()
{
    m_gui = std::make_unique<test::GuiLab>(std::initializer_list<const char *>{kThreeClasses}, std::chrono::seconds(30));
    m_page = std::make_unique<gui::NodePage>(m_gui->lab.session->nodeAgents());
    m_page->setSource(m_gui->state.get());
    m_page->showNode(QStringLiteral("worker-1"));
}

QString TestNodePage::cell(const QString &pod, int column)
{
    QTableWidget &t = m_page->table();
    for (int r = 0; r < t.rowCount(); ++r)
        if (t.item(r, gui::NodePage::PodColumn)->text() == pod)
            return t.item(r, column)->text();
    return {};
}

void TestNodePage::everyContainerGetsTheKubeletsAdjustment()
{
    QCOMPARE(m_page->table().rowCount(), 3);
    QCOMPARE(cell(QStringLiteral("default/besteffort"), gui::NodePage::QosColumn), QStringLiteral("BestEffort"));
    QCOMPARE(cell(QStringLiteral("default/besteffort"), gui::NodePage::AdjColumn), QStringLiteral("1000"));
    QCOMPARE(cell(QStringLiteral("default/guaranteed"), gui::NodePage::AdjColumn), QStringLiteral("-997"));
    // Burstable: 1000 − 1000 × 1Gi / 8Gi (the simulated node's memory) = 875.
    QCOMPARE(cell(QStringLiteral("default/burstable"), gui::NodePage::AdjColumn), QStringLiteral("875"));
    QCOMPARE(cell(QStringLiteral("default/burstable"), gui::NodePage::RequestColumn), QStringLiteral("1024 Mi"));
    // Usage is the runtime's working set: an idle nginx keeps 3 MiB.
    QCOMPARE(cell(QStringLiteral("default/guaranteed"), gui::NodePage::UsageColumn), QStringLiteral("3 Mi"));
}

void TestNodePage::theOomKillerAndTheEvictionManagerPickTheBestEffortPod()
{
    QTableWidget &t = m_page->table();
    QCOMPARE(t.item(0, gui::NodePage::PodColumn)->text(), QStringLiteral("default/besteffort")); // highest oom_score first
    QVERIFY(t.item(0, gui::NodePage::ScoreColumn)->text().toInt() > t.item(1, gui::NodePage::ScoreColumn)->text().toInt());
    QCOMPARE(cell(QStringLiteral("default/besteffort"), gui::NodePage::EvictionColumn), QStringLiteral("1"));
    QCOMPARE(cell(QStringLiteral("default/burstable"), gui::NodePage::EvictionColumn), QStringLiteral("3"));
    QVERIFY(m_page->summaryText().contains(QLatin1String("would kill default/besteffort/c first")));
    QVERIFY(m_page->summaryText().contains(QLatin1String("would evict default/besteffort first")));
    // Exported as a diagram: every row's pod is drawn.
    QStringList texts;
    for (QGraphicsItem *item : m_page->diagramScene().items())
        if (auto *t = dynamic_cast<QGraphicsSimpleTextItem *>(item))
            texts << t->text();
    for (const char *pod : {"default/besteffort", "default/guaranteed", "default/burstable"})
        QVERIFY2(texts.contains(QLatin1String(pod)), pod);
}

QTEST_MAIN(TestNodePage)
#include "tst_node_page.moc"
