// The controllers page offscreen, on a real lab session: the ownership graph of a
// Deployment and its Service, the reconciles that made it, focused on one pod, and the
// same page looking back in time.
#include "core/lab/lab_session.h"
#include "gui/cluster_snapshot.h"
#include "gui/cluster_state.h"
#include "gui/controllers_page.h"
#include "gui/ownership_scene.h"
#include "tests/gui/gui_lab.h"

#include <QTest>
#include <QTreeWidget>

using namespace k8slab;

class TestControllersPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void graphLinksOwnersToPodsToNodes();
    void servicesLinkThroughEndpointSlicesToPods();
    void reconcilesShowWhatEachControllerDid();
    void focusKeepsAPodsOwnersAndService();
    void looksBackInTime();

private:
    QStringList rows(int column);
    QString pod();
    QString replicaSet();

    std::unique_ptr<test::GuiLab> m_gui;
    test::LabFixture *m_lab = nullptr;
    gui::ClusterState *m_state = nullptr;
    std::unique_ptr<gui::ControllersPage> m_page;
};

void TestControllersPage::initTestCase()
{
    m_gui = std::make_unique<test::GuiLab>(std::initializer_list<const char *>{test::kWebDeploymentAndService},
                                           std::chrono::seconds(60));
    m_lab = &m_gui->lab;
    m_state = m_gui->state.get();
    m_page = std::make_unique<gui::ControllersPage>(m_lab->session->traceIndex());
    m_page->setSource(m_state);
    m_page->showNamespace(QStringLiteral("default"));
    m_page->resize(1200, 800);
    m_page->show();
}

QStringList TestControllersPage::rows(int column)
{
    QStringList out;
    for (int i = 0; i < m_page->reconciles().topLevelItemCount(); ++i)
        out << m_page->reconciles().topLevelItem(i)->text(column);
    return out;
}

QString TestControllersPage::replicaSet()
{
    for (const QString &o : m_page->graph().objects())
        if (o.startsWith(QLatin1String("ReplicaSet/")))
            return o.mid(11);
    return {};
}

QString TestControllersPage::pod()
{
    for (const QString &o : m_page->graph().objects())
        if (o.startsWith(QLatin1String("Pod/")))
            return o.mid(4);
    return {};
}

void TestControllersPage::graphLinksOwnersToPodsToNodes()
{
    const QStringList objects = m_page->graph().objects();
    QVERIFY(objects.contains(QStringLiteral("Deployment/web")));
    const QString rs = replicaSet();
    QVERIFY(rs.startsWith(QLatin1String("web-")));
    const QStringList links = m_page->graph().links();
    QVERIFY(links.contains(QStringLiteral("Deployment/web -> ReplicaSet/") + rs));
    int pods = 0;
    for (const QString &o : objects)
        if (o.startsWith(QLatin1String("Pod/"))) {
            ++pods;
            QVERIFY(links.contains(QStringLiteral("ReplicaSet/") + rs + QStringLiteral(" -> ") + o));
            bool placed = false;
            for (const QString &l : links)
                placed = placed || (l.startsWith(o + QStringLiteral(" -> Node/worker-")));
            QVERIFY2(placed, qPrintable(o));
        }
    QCOMPARE(pods, 3);
}

void TestControllersPage::servicesLinkThroughEndpointSlicesToPods()
{
    const QStringList links = m_page->graph().links();
    QString slice;
    for (const QString &l : links)
        if (l.startsWith(QLatin1String("Service/web -> EndpointSlice/")))
            slice = l.section(QStringLiteral(" -> "), 1);
    QVERIFY(!slice.isEmpty());
    int endpoints = 0;
    for (const QString &l : links)
        endpoints += l.startsWith(slice + QStringLiteral(" -> Pod/")) ? 1 : 0;
    QCOMPARE(endpoints, 3);
}

void TestControllersPage::reconcilesShowWhatEachControllerDid()
{
    const QStringList controllers = rows(1);
    for (const char *c : {"deployment", "replicaset", "endpointslice", "endpoint"})
        QVERIFY2(controllers.contains(QLatin1String(c)), c);
    QVERIFY(rows(3).contains(QStringLiteral("New ReplicaSet ") + replicaSet()));
    bool desired = false;
    for (const QString &d : rows(4))
        desired = desired || d.contains(QLatin1String("desired 3"));
    QVERIFY(desired);
}

void TestControllersPage::focusKeepsAPodsOwnersAndService()
{
    const int all = m_page->reconciles().topLevelItemCount();
    m_page->focus({QStringLiteral("Pod"), QStringLiteral("default"), pod()});
    const QStringList objects = rows(2);
    QVERIFY(m_page->reconciles().topLevelItemCount() < all);
    QVERIFY(objects.contains(QStringLiteral("Deployment web")));
    QVERIFY(objects.contains(QStringLiteral("ReplicaSet ") + replicaSet()));
    QVERIFY(objects.contains(QStringLiteral("Service web")));
    for (const QString &o : objects)
        QVERIFY2(o == QLatin1String("Deployment web") || o == QLatin1String("Service web") || o.startsWith(QLatin1String("ReplicaSet ")) ||
                     o == QStringLiteral("Pod ") + pod(),
                 qPrintable(o));
    m_page->focus({});
    QCOMPARE(m_page->reconciles().topLevelItemCount(), all);
}

void TestControllersPage::looksBackInTime()
{
    // At the revision the Deployment was written, no ReplicaSet existed yet.
    const auto &ids = m_lab->session->traceIndex().about("Deployment", "default", "web");
    qint64 created = 0;
    for (auto id : ids)
        if (const auto *e = m_lab->session->traceIndex().find(id); e && e->code() == "store.create")
            created = e->revision();
    QVERIFY(created > 0);
    auto past = gui::ClusterSnapshot::read(m_lab->session->store(), created);
    QVERIFY(past.ok());
    QCOMPARE((*past)->list(gui::Watched::Deployments).size(), std::size_t(1));
    QVERIFY((*past)->list(gui::Watched::ReplicaSets).empty());
    m_page->setSource(past->get());
    m_page->followRevision(created);
    QVERIFY(replicaSet().isEmpty());
    QVERIFY(m_page->graph().objects().contains(QStringLiteral("Deployment/web")));
    QCOMPARE(m_page->reconciles().topLevelItemCount(), 0); // the controllers had not acted yet
    m_page->setSource(m_state);
    m_page->followRevision(0);
    QVERIFY(!replicaSet().isEmpty());
}

QTEST_MAIN(TestControllersPage)
#include "tst_controllers_page.moc"
