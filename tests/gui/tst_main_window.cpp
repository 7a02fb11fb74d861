// The desktop window offscreen, on a real lab session (three simulated nodes, virtual
// clock): a Deployment created through the API shows its pods on the cluster map,
// selecting one shows its YAML and owners in the inspector, the event log lists the
// scheduler's events, the clock steps, and the network page shows kube-proxy's rules.
#include "core/apiserver/http_frontend.h"
#include "core/engine/loop_driver.h"
#include "core/lab/kubeconfig.h"
#include "core/lab/lab_session.h"
#include "core/lab/manifests.h"
#include "core/proxy/node_proxies.h"
#include "gui/chain_graph_scene.h"
#include "gui/cluster_map_items.h"
#include "gui/cluster_map_scene.h"
#include "gui/diagram_export.h"
#include "gui/language.h"
#include "gui/window_host.h"
#include "gui/event_log.h"
#include "gui/inspector_panel.h"
#include "gui/managed_fields_view.h"
#include "gui/kubectl_console.h"
#include "gui/main_window.h"
#include "gui/network_page.h"
#include "gui/revision_diff.h"
#include "gui/object_actions.h"
#include "gui/sequence_diagram_scene.h"
#include "gui/story_page.h"
#include "gui/timeline_bar.h"
#include "runtime/sim/sim_runtime_factory.h"
#include "tests/support/lab_fixture.h"

#include <QDockWidget>
#include <QFontDatabase>
#include <QListWidget>
#include <QMenu>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QLabel>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QTest>

using namespace k8slab;

namespace {

const char *const kDeployment = test::kWebDeploymentAndService;

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void aChineseFontIsInstalled();
    void overviewShowsTheLiveCluster();
    void mapShowsTheDeploymentsPods();
    void selectingAPodInspectsIt();
    void inspectorComparesRevisions();
    void inspectorShowsWhoOwnsEachField();
    void eventLogListsTheSchedulersEvents();
    void stepRunsOneTask();
    void networkPageShowsKubeProxysRules();
    void chainGraphFollowsAServiceToItsPods();
    void nodeAndPodActions();
    void faultsFromTheMenus();
    void timelineShowsTheClusterAsItWas();
    void exportsTheMapAsSvgPdfAndPng();
    void switchesToChinese();
    void kubectlConsoleRunsTheRealKubectl();
    void storyPageTellsAPodsLife();
    void aProxySyncLeadsToTheStoryBehindIt();

private:
    /// Runs the lab for `d` of virtual time, then lets Qt deliver what changed.
    void run(std::chrono::seconds d)
    {
        m_session->loop().runUntil(m_session->loop().now() + d);
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
    }

    /// Scales the web Deployment through the API, as kubectl scale does.
    void scale(int replicas)
    {
        apiserver::ApiRequest request;
        request.method = "PATCH";
        request.path = "/apis/apps/v1/namespaces/default/deployments/web";
        request.body = R"({"spec":{"replicas":)" + std::to_string(replicas) + "}}";
        request.contentType = "application/merge-patch+json";
        QCOMPARE(m_session->api().handle(request).code, 200);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<lab::LabSession> m_session;
    std::unique_ptr<engine::LoopDriver> m_driver;
    std::unique_ptr<gui::MainWindow> m_window;
};

void TestMainWindow::init()
{
    lab::LabOptions options;
    options.recordingPath = m_dir.filePath("gui.k8slab").toStdString();
    options.virtualEpoch = engine::kDefaultVirtualEpoch;
    options.nodes = 3;
    options.runtimeFactory = runtime::sim::simRuntimeFactory();
    QFile::remove(QString::fromStdString(options.recordingPath));
    auto session = lab::LabSession::start(options);
    QVERIFY2(session.ok(), session.status().message().c_str());
    m_session = std::move(*session);
    m_driver = std::make_unique<engine::LoopDriver>(m_session->loop());
    m_window = std::make_unique<gui::MainWindow>(*m_session, *m_driver);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(lab::createManifests(m_session->api(), kDeployment).ok());
    run(std::chrono::seconds(60));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_driver.reset();
    m_session.reset();
}

void TestMainWindow::aChineseFontIsInstalled()
{
    // fonts-noto-cjk is a dependency; without it Chinese narration shows as boxes.
    QVERIFY2(!QFontDatabase::families(QFontDatabase::SimplifiedChinese).isEmpty(),
             "no font for Simplified Chinese: install fonts-noto-cjk (scripts/setup.sh does)");
    const QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    QVERIFY(QFontMetrics(font).inFontUcs4(0x5185)); // 内, via fallback
}

void TestMainWindow::overviewShowsTheLiveCluster()
{
    m_window->refresh();
    const QString expected = QStringLiteral("Store revision: %1").arg(m_session->store().revision());
    bool found = false;
    for (QLabel *label : m_window->findChildren<QLabel *>())
        found = found || label->text().contains(expected);
    QVERIFY(found);
    QVERIFY(!m_window->grab().isNull());
}

void TestMainWindow::mapShowsTheDeploymentsPods()
{
    m_window->showPage(gui::Page::ClusterMap);
    gui::ClusterMapScene &scene = m_window->mapScene();
    QCOMPARE(scene.nodeCount(), 3);
    QCOMPARE(scene.podCount(), 3);
    int running = 0;
    for (QGraphicsItem *item : scene.items())
        if (auto *pod = dynamic_cast<gui::PodItem *>(item)) {
            running += pod->phase() == QLatin1String("Running") ? 1 : 0;
            QVERIFY(dynamic_cast<gui::NodeItem *>(pod->parentItem())); // drawn on its node
        }
    QCOMPARE(running, 3);
    // Scaling down removes a disc.
    scale(2);
    run(std::chrono::seconds(60));
    QCOMPARE(scene.podCount(), 2);
}

void TestMainWindow::selectingAPodInspectsIt()
{
    gui::ClusterMapScene &scene = m_window->mapScene();
    gui::PodItem *pod = nullptr;
    for (QGraphicsItem *item : scene.items())
        if (auto *p = dynamic_cast<gui::PodItem *>(item))
            pod = p;
    QVERIFY(pod);
    const gui::ObjectKey key = pod->data(gui::kObjectKeyRole).value<gui::ObjectKey>();
    pod->setSelected(true);
    QCOMPARE(m_window->inspector().current(), key);
    const QString yaml = m_window->inspector().yaml();
    QVERIFY2(yaml.contains(QStringLiteral("kind: Pod")), qPrintable(yaml));
    QVERIFY(yaml.contains(QStringLiteral("name: ") + key.name));
    QVERIFY(yaml.contains(QStringLiteral("phase: Running")));
    bool owners = false;
    for (QLabel *label : m_window->inspector().findChildren<QLabel *>())
        owners = owners || (label->text().contains(QStringLiteral("ReplicaSet web-")) &&
                            label->text().contains(QStringLiteral("Deployment web")));
    QVERIFY(owners);
}

void TestMainWindow::inspectorComparesRevisions()
{
    gui::InspectorPanel &inspector = m_window->inspector();
    const gui::ObjectKey web{QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("web")};
    inspector.inspect(web);
    inspector.showChanges();
    const int before = inspector.changes().versionCount();
    QVERIFY(before >= 2); // created, then its status written
    const qint64 beforeScale = m_session->store().revision();
    scale(5);
    run(std::chrono::seconds(30));
    gui::RevisionDiff &changes = inspector.changes();
    QVERIFY(changes.versionCount() > before);
    // The scale and what followed it: from the last version before, to the latest.
    changes.compare(before - 1, changes.versionCount() - 1);
    const QString diff = changes.diffText();
    QVERIFY2(diff.contains(QStringLiteral("-  replicas: 3\n+  replicas: 5\n")), qPrintable(diff));
    QVERIFY2(diff.contains(QStringLiteral("-  generation: 1\n+  generation: 2\n")), qPrintable(diff));
    QVERIFY(diff.startsWith(QStringLiteral("@@ -")));
    QVERIFY(!diff.contains(QStringLiteral("resourceVersion"))); // every version has its own: noise
    // The same version twice: nothing to show.
    changes.compare(0, 0);
    QCOMPARE(changes.diffText(), QStringLiteral("The two versions are the same."));
    // On the timeline before the scale, the versions end there.
    m_window->timeline().chooseRevision(beforeScale);
    QCOMPARE(inspector.changes().versionCount(), before);
}

void TestMainWindow::inspectorShowsWhoOwnsEachField()
{
    gui::InspectorPanel &inspector = m_window->inspector();
    const gui::ObjectKey web{QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("web")};
    inspector.inspect(web);
    QVERIFY(!inspector.yaml().contains(QStringLiteral("managedFields"))); // as kubectl get -o yaml
    inspector.showFieldOwners();
    gui::ManagedFieldsView &owners = inspector.fieldOwners();
    // Whoever created it owns its spec; the deployment controller writes its status.
    bool creator = false;
    bool status = false;
    QStringList managers;
    for (int i = 0; i < owners.topLevelItemCount(); ++i) {
        QTreeWidgetItem *owner = owners.topLevelItem(i);
        managers << owner->text(0);
        for (int j = 0; j < owner->childCount(); ++j) {
            const QString field = owner->child(j)->text(0);
            creator = creator || (owner->text(0).contains(QStringLiteral(" — Update · apps/v1 · "))
                                  && field == QStringLiteral(".spec.replicas"));
            status = status || (owner->data(0, Qt::UserRole).toString() == QStringLiteral("kube-controller-manager")
                                && owner->text(0).contains(QStringLiteral("Update (status)"))
                                && field == QStringLiteral(".status.availableReplicas"));
        }
    }
    QVERIFY2(creator && status, qPrintable(managers.join(QLatin1Char('\n'))));
}

void TestMainWindow::eventLogListsTheSchedulersEvents()
{
    gui::EventTableModel &model = m_window->eventLog().model();
    int scheduled = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.data(model.index(row, gui::EventTableModel::Reason), Qt::DisplayRole).toString() == QLatin1String("Scheduled"))
            ++scheduled;
    QCOMPARE(scheduled, 3);
}

void TestMainWindow::stepRunsOneTask()
{
    m_driver->pause();
    const QString before = m_window->timeline().clockText();
    const auto now = m_session->loop().now();
    QVERIFY(m_driver->stepOnce());
    m_window->refresh();
    QVERIFY(m_session->loop().now() >= now);
    QVERIFY(!m_window->timeline().clockText().isEmpty());
    Q_UNUSED(before);
}

void TestMainWindow::networkPageShowsKubeProxysRules()
{
    m_window->showPage(gui::Page::Network);
    gui::NetworkPage &network = m_window->network();
    network.show(QStringLiteral("worker-1"), QStringLiteral("iptables"));
    QVERIFY(network.rulesText().contains(QStringLiteral("-A KUBE-SERVICES")));
    QVERIFY(network.rulesText().contains(QStringLiteral("\"default/web:http cluster IP\"")));
    network.show(QStringLiteral("worker-1"), QStringLiteral("nftables"));
    QVERIFY(network.rulesText().startsWith(QStringLiteral("table ip kube-proxy {")));
    network.show(QStringLiteral("worker-1"), QStringLiteral("ipvs"));
    QVERIFY(network.rulesText().contains(QStringLiteral("IP Virtual Server version")));
    // A sync's diff is exactly the rules that sync added and removed.
    network.show(QStringLiteral("worker-1"), QStringLiteral("iptables"));
    const proxy::SyncRecord &last = m_session->proxies()->proxy("worker-1")->syncs().back();
    QVERIFY(!last.added.empty());
    network.showSync(int(last.number));
    QStringList added, removed;
    for (const QString &line : network.diffText().split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("+ ")))
            added << line.mid(2);
        if (line.startsWith(QStringLiteral("− ")))
            removed << line.mid(2);
    }
    QCOMPARE(added.size(), int(last.added.size()));
    QCOMPARE(removed.size(), int(last.removed.size()));
    for (std::size_t i = 0; i < last.added.size(); ++i)
        QCOMPARE(added[int(i)], QString::fromStdString(last.added[i]));
    for (std::size_t i = 0; i < last.removed.size(); ++i)
        QCOMPARE(removed[int(i)], QString::fromStdString(last.removed[i]));
}

void TestMainWindow::chainGraphFollowsAServiceToItsPods()
{
    m_window->showPage(gui::Page::Network);
    gui::NetworkPage &network = m_window->network();
    network.show(QStringLiteral("worker-1"), QStringLiteral("nftables")); // the graph is iptables' whatever the text shows
    QCOMPARE(network.traceService(QStringLiteral("default/web:http")), QStringLiteral("ACCEPT"));
    gui::ChainGraphScene &graph = network.chainGraph();
    const QStringList chains = graph.chains();
    QVERIFY2(chains.contains(QStringLiteral("KUBE-SERVICES")), qPrintable(chains.join(QLatin1Char(','))));
    QVERIFY(chains.contains(QStringLiteral("KUBE-SVC-CDGGSHYLG3RE2FKL")));
    QCOMPARE(chains.filter(QStringLiteral("KUBE-SEP-")).size(), 3);
    QCOMPARE(chains.filter(QStringLiteral("DNAT 10.244.")).size(), 3);
    // One chance in three for the first endpoint, as kube-proxy writes it.
    const QString first = chains.filter(QStringLiteral("KUBE-SEP-")).first();
    QVERIFY2(graph.edgeLabel(QStringLiteral("KUBE-SVC-CDGGSHYLG3RE2FKL"), first).startsWith(QStringLiteral("p = 0.33333")),
             qPrintable(graph.edgeLabel(QStringLiteral("KUBE-SVC-CDGGSHYLG3RE2FKL"), first)));
    // The packet's walk is drawn: the service chain and exactly one endpoint chain.
    QVERIFY(graph.isHighlighted(QStringLiteral("KUBE-SVC-CDGGSHYLG3RE2FKL")));
    int endpoints = 0;
    for (const QString &chain : chains.filter(QStringLiteral("KUBE-SEP-")))
        endpoints += graph.isHighlighted(chain) ? 1 : 0;
    QCOMPARE(endpoints, 1);
    // The walk ends at the endpoint the tracer chose: its DNAT box is the one lit.
    int lit = 0;
    for (const QString &dnat : chains.filter(QStringLiteral("DNAT 10.244.")))
        lit += graph.isHighlighted(dnat) ? 1 : 0;
    QCOMPARE(lit, 1);
    // The same packet through the three modes' rules.
    QVERIFY2(network.modesText().contains(QLatin1String("iptables: ")) && network.modesText().contains(QLatin1String("IPVS: ")) &&
                 network.modesText().contains(QLatin1String("nftables: ")),
             qPrintable(network.modesText()));
    // Played rule by rule: at the first rule nothing of the service is lit yet; at the end all of it.
    network.showWalkStep(0);
    QCOMPARE(network.walkStep(), 0);
    QVERIFY(!graph.isHighlighted(QStringLiteral("KUBE-SVC-CDGGSHYLG3RE2FKL")));
    network.playWalk();
    QTRY_VERIFY_WITH_TIMEOUT(network.walkStep() == -1, 15000);
    QVERIFY(graph.isHighlighted(QStringLiteral("KUBE-SVC-CDGGSHYLG3RE2FKL")));
    const QString svg = m_dir.filePath("chains.svg");
    QVERIFY(gui::exportScene(graph, svg).ok());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("KUBE-SVC-CDGGSHYLG3RE2FKL"));
    QVERIFY(network.traceService(QStringLiteral("default/no-such:port")).isEmpty());
}

void TestMainWindow::nodeAndPodActions()
{
    gui::ObjectActions &actions = m_window->actions();
    const auto node = [&](const char *name) {
        apiserver::ApiRequest request;
        request.method = "GET";
        request.path = std::string("/api/v1/nodes/") + name;
        return api::Json::parse(m_session->api().handle(request).body);
    };
    const auto ready = [&](const char *name) {
        const api::Json object = node(name); // the loop must not range over a temporary's member
        for (const api::Json &c : object["status"]["conditions"])
            if (c["type"] == "Ready")
                return c["status"].get<std::string>();
        return std::string();
    };
    // Cordon: the node refuses new pods.
    QVERIFY(actions.setCordoned(QStringLiteral("worker-1"), true));
    QCOMPARE(node("worker-1")["spec"].value("unschedulable", false), true);
    QVERIFY(actions.setCordoned(QStringLiteral("worker-1"), false));
    QVERIFY(!node("worker-1")["spec"].contains("unschedulable"));
    // Stop worker-2's kubelet: after the grace period its Ready condition is Unknown.
    QCOMPARE(ready("worker-2"), std::string("True"));
    QVERIFY(actions.setKubeletRunning(QStringLiteral("worker-2"), false));
    run(std::chrono::seconds(70));
    QCOMPARE(ready("worker-2"), std::string("Unknown"));
    QVERIFY(actions.setKubeletRunning(QStringLiteral("worker-2"), true));
    run(std::chrono::seconds(20));
    QCOMPARE(ready("worker-2"), std::string("True"));
    // Delete a pod: the ReplicaSet replaces it.
    gui::PodItem *pod = nullptr;
    for (QGraphicsItem *item : m_window->mapScene().items())
        if (auto *p = dynamic_cast<gui::PodItem *>(item))
            pod = p;
    QVERIFY(pod);
    const gui::ObjectKey key = pod->data(gui::kObjectKeyRole).value<gui::ObjectKey>();
    QVERIFY(actions.deletePod(key.ns, key.name));
    run(std::chrono::seconds(60));
    QVERIFY(!m_window->mapScene().itemFor(key));
    QCOMPARE(m_window->mapScene().podCount(), 3);
    QSignalSpy failed(&actions, &gui::ObjectActions::failed);
    QVERIFY(!actions.deletePod(QStringLiteral("default"), QStringLiteral("no-such-pod")));
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("not found")));
}

void TestMainWindow::faultsFromTheMenus()
{
    gui::ObjectActions &actions = m_window->actions();
    const auto pod = [&](const QString &name) {
        apiserver::ApiRequest request;
        request.method = "GET";
        request.path = "/api/v1/namespaces/default/pods/" + name.toStdString();
        return api::Json::parse(m_session->api().handle(request).body);
    };
    gui::PodItem *item = nullptr;
    for (QGraphicsItem *i : m_window->mapScene().items())
        if (auto *p = dynamic_cast<gui::PodItem *>(i))
            item = p;
    QVERIFY(item);
    const gui::ObjectKey key = item->data(gui::kObjectKeyRole).value<gui::ObjectKey>();
    // A pod's menu offers to kill each running container; doing so restarts it in place.
    QMenu podMenu;
    actions.populate(podMenu, key);
    QMenu *kill = nullptr;
    for (QAction *a : podMenu.actions())
        if (a->menu())
            kill = a->menu();
    QVERIFY(kill);
    QCOMPARE(kill->actions().size(), 1);
    QCOMPARE(kill->actions().first()->text(), QStringLiteral("nginx"));
    kill->actions().first()->trigger();
    run(std::chrono::seconds(5));
    const api::Json status = pod(key.name)["status"]["containerStatuses"][0];
    QCOMPARE(status["restartCount"].get<int>(), 1);
    QCOMPARE(status["lastState"]["terminated"]["exitCode"].get<int>(), 137);
    // A node's memory filled from its menu: the node reports MemoryPressure.
    QVERIFY(actions.fillMemory(QStringLiteral("worker-3"), 50LL * 1024 * 1024));
    run(std::chrono::seconds(20));
    apiserver::ApiRequest request;
    request.method = "GET";
    request.path = "/api/v1/nodes/worker-3";
    const api::Json node = api::Json::parse(m_session->api().handle(request).body);
    bool pressure = false;
    for (const api::Json &c : node["status"]["conditions"])
        pressure = pressure || (c["type"] == "MemoryPressure" && c["status"] == "True");
    QVERIFY(pressure);
    QMenu nodeMenu;
    actions.populate(nodeMenu, {QStringLiteral("Node"), QString(), QStringLiteral("worker-3")});
    QAction *release = nullptr;
    for (QAction *a : nodeMenu.actions())
        if (a->text() == QStringLiteral("Release the memory"))
            release = a;
    QVERIFY(release);
    release->trigger();
    QCOMPARE(m_session->nodeAgents()->kubelet("worker-3")->runtime().hostMemoryHog(), 0);
    // The Faults menu: the registry toggle and one submenu per node.
    QMenu faults;
    actions.populateFaults(faults);
    QAction *registry = faults.actions().first();
    QVERIFY(registry->isCheckable());
    QVERIFY(!registry->isChecked());
    registry->setChecked(true);
    QVERIFY(!m_session->nodeAgents()->registryReachable());
    int nodeMenus = 0;
    for (QAction *a : faults.actions())
        nodeMenus += a->menu() ? 1 : 0;
    QCOMPARE(nodeMenus, 3);
    registry->setChecked(false);
    QVERIFY(m_session->nodeAgents()->registryReachable());
    // Failures reach the status bar's signal.
    QSignalSpy failed(&actions, &gui::ObjectActions::failed);
    QVERIFY(!actions.killContainer(QStringLiteral("default"), key.name, QStringLiteral("nope")));
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("not valid")));
}

void TestMainWindow::timelineShowsTheClusterAsItWas()
{
    gui::ClusterMapScene &scene = m_window->mapScene();
    QCOMPARE(scene.podCount(), 3);
    const qint64 before = m_session->store().revision();
    scale(5);
    run(std::chrono::seconds(60));
    QCOMPARE(scene.podCount(), 5);
    // Drag the timeline back: three pods again, the inspector reads the past too.
    m_window->timeline().chooseRevision(before);
    QCOMPARE(m_window->shownRevision(), before);
    QCOMPARE(scene.podCount(), 3);
    QVERIFY(!m_window->timeline().isLive());
    // The lab runs on meanwhile; the map stays in the past.
    scale(1);
    run(std::chrono::seconds(60));
    QCOMPARE(scene.podCount(), 3);
    // Live again: the present.
    m_window->backToLive();
    QCOMPARE(m_window->shownRevision(), 0);
    QCOMPARE(scene.podCount(), 1);
}

void TestMainWindow::exportsTheMapAsSvgPdfAndPng()
{
    gui::ClusterMapScene &scene = m_window->mapScene();
    const QString svg = m_dir.filePath("map.svg"), pdf = m_dir.filePath("map.pdf"), png = m_dir.filePath("map.png");
    gui::ExportOptions slide;
    slide.slide = true;
    slide.title = QStringLiteral("Three replicas of web");
    QVERIFY(gui::exportScene(scene, svg, slide).ok());
    QVERIFY(gui::exportScene(scene, pdf).ok());
    QVERIFY(gui::exportScene(scene, png, slide).ok());
    // The SVG is a drawing of this cluster: its nodes' names and the slide's title are text in it.
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(file.readAll());
    QVERIFY(xml.contains(QStringLiteral("<svg")));
    for (const char *text : {"worker-1", "worker-2", "worker-3", "kube-scheduler", "Three replicas of web"})
        QVERIFY2(xml.contains(QLatin1String(text)), text);
    QVERIFY(QSvgRenderer(svg).isValid());
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1920, 1080));
    QVERIFY(!gui::exportScene(scene, m_dir.filePath("map.gif")).ok());
}

void TestMainWindow::switchesToChinese()
{
    gui::WindowHost host(*m_session, *m_driver);
    host.open(gui::Page::ClusterMap, QStringLiteral("zh_CN"));
    QCoreApplication::processEvents();
    QStringList texts;
    for (QListWidget *list : host.window().findChildren<QListWidget *>())
        for (int i = 0; i < list->count(); ++i)
            texts << list->item(i)->text();
    QVERIFY2(texts.contains(QStringLiteral("集群地图")), qPrintable(texts.join(QLatin1Char(','))));
    QCOMPARE(gui::currentLanguage(), QStringLiteral("zh_CN"));
    host.open(gui::Page::ClusterMap, QStringLiteral("en"));
    QCoreApplication::processEvents();
    texts.clear();
    for (QListWidget *list : host.window().findChildren<QListWidget *>())
        for (int i = 0; i < list->count(); ++i)
            texts << list->item(i)->text();
    QVERIFY(texts.contains(QStringLiteral("Cluster map")));
}

void TestMainWindow::kubectlConsoleRunsTheRealKubectl()
{
    if (gui::KubectlConsole::kubectlPath().isEmpty())
        QSKIP("kubectl is not installed: the console needs the real kubectl");
    apiserver::HttpFrontend http(m_session->api(), m_session->loop());
    Result<int> port = http.listen("127.0.0.1", 0);
    QVERIFY(port.ok());
    const QString kubeconfig = m_dir.filePath("kubeconfig");
    const std::string url = "http://127.0.0.1:" + std::to_string(*port);
    QVERIFY(lab::writeKubeconfig(kubeconfig.toStdString(), url).ok());
    m_window->setApiEndpoint(QString::fromStdString(url), kubeconfig);
    gui::KubectlConsole &console = m_window->console();
    QSignalSpy done(&console, &gui::KubectlConsole::finished);
    console.run(QStringLiteral("kubectl get nodes"));
    QVERIFY(done.wait(60000));
    QCOMPARE(done.first().first().toInt(), 0);
    QVERIFY2(console.transcript().contains(QStringLiteral("worker-1")), qPrintable(console.transcript()));
    console.run(QStringLiteral("get pod no-such-pod"));
    QVERIFY(done.wait(60000));
    QCOMPARE(done.last().first().toInt(), 1);
    QVERIFY(console.transcript().contains(QStringLiteral("pods \"no-such-pod\" not found")));
    http.stop();
}

void TestMainWindow::storyPageTellsAPodsLife()
{
    m_window->showPage(gui::Page::Story);
    gui::StoryPage &story = m_window->story();
    // The page picked a pod of the Deployment, ready to tell its story from the start.
    QCOMPARE(story.shownObject().kind, QStringLiteral("Pod"));
    QVERIFY(story.stepCount() > 20);
    QCOMPARE(story.currentStep(), 0);
    QVERIFY(m_window->findChild<QDockWidget *>(QStringLiteral("inspector"))->isHidden());
    QString file, title;
    QCOMPARE(&m_window->visibleDiagram(&file, &title), static_cast<QGraphicsScene *>(&story.slideScene()));
    QCOMPARE(file, QStringLiteral("story.svg"));
    QVERIFY(title.contains(story.shownObject().name));
    // Looking back in time moves the story's current step back too.
    const qint64 revision = story.scene().diagram().history.steps[3].event->revision();
    m_window->travelTo(revision);
    QVERIFY(story.currentStep() < story.stepCount() - 1);
    QVERIFY(story.scene().diagram().history.steps[story.currentStep()].event->revision() <= revision);
    m_window->backToLive();
    QCOMPARE(story.currentStep(), story.stepCount() - 1);
    m_window->showPage(gui::Page::ClusterMap);
    QVERIFY(!m_window->findChild<QDockWidget *>(QStringLiteral("inspector"))->isHidden());
}

void TestMainWindow::aProxySyncLeadsToTheStoryBehindIt()
{
    // Scaling up: a new pod becomes ready, its EndpointSlice changes, kube-proxy syncs.
    scale(4);
    run(std::chrono::seconds(30));
    proxy::KubeProxy *proxy = m_session->proxies()->proxy("worker-1");
    QVERIFY(proxy && !proxy->syncs().empty());
    const proxy::SyncRecord &sync = proxy->syncs().back();
    QVERIFY(sync.traceId != 0);
    QVERIFY(m_window->showStoryOf(sync.traceId));
    gui::StoryPage &story = m_window->story();
    // The story of the pod whose change it was, stopped at the sync itself.
    QCOMPARE(story.shownObject().kind, QStringLiteral("Pod"));
    QVERIFY(story.shownObject().name.startsWith(QStringLiteral("web-")));
    const auto &steps = story.scene().diagram().history.steps;
    QCOMPARE(steps.at(std::size_t(story.currentStep())).event->id(), sync.traceId);
    QCOMPARE(steps.at(std::size_t(story.currentStep())).event->code(), "proxy.sync");
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
