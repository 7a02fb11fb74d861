#include "gui/main_window.h"

#include "core/engine/loop_driver.h"
#include "core/lab/lab_session.h"
#include "gui/cluster_map_scene.h"
#include "gui/cluster_map_view.h"
#include "gui/cluster_snapshot.h"
#include "gui/charts_page.h"
#include "gui/cluster_state.h"
#include "gui/controllers_page.h"
#include "gui/diagram_export.h"
#include "gui/event_log.h"
#include "gui/inspector_panel.h"
#include "core/lesson/lesson_run.h"
#include "gui/kubectl_console.h"
#include "gui/lesson_player.h"
#include "gui/network_page.h"
#include "gui/node_page.h"
#include "gui/object_actions.h"
#include "gui/ownership_scene.h"
#include "gui/scheduling_page.h"
#include "gui/sequence_diagram_scene.h"
#include "gui/sourced_page.h"
#include "gui/story_page.h"
#include "gui/timeline_bar.h"
#include "gui/welcome_page.h"
#include "gui/yaml_editor.h"

#include <QDockWidget>
#include <map>
#include <optional>
#include <set>
#include <QGraphicsItem>
#include <QFileDialog>
#include <QMessageBox>
#include <QMenu>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

namespace k8slab::gui {

MainWindow::MainWindow(lab::LabSession &session, engine::LoopDriver &driver, QWidget *parent)
    : QMainWindow(parent), m_session(session)
{
    setWindowTitle(QStringLiteral("K8s Lab"));
    m_state = new ClusterState(session.api(), this);

    m_pages = new QStackedWidget(this);
    m_welcome = new WelcomePage(m_pages);
    m_scene = new ClusterMapScene(this);
    m_mapView = new ClusterMapView(m_scene, m_pages);
    m_network = new NetworkPage(session.proxies(), m_pages);
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(m_mapView);
    m_pages->addWidget(m_network);
    m_story = new StoryPage(session.traceIndex(), m_pages);
    m_pages->addWidget(m_story);
    m_scheduling = new SchedulingPage(session.scheduler(), m_pages);
    m_pages->addWidget(m_scheduling);
    m_controllers = new ControllersPage(session.traceIndex(), m_pages);
    m_pages->addWidget(m_controllers);
    m_charts = new ChartsPage(session.traceIndex(), m_pages);
    m_pages->addWidget(m_charts);
    m_nodePage = new NodePage(session.nodeAgents(), m_pages);
    m_pages->addWidget(m_nodePage);
    m_sourcedPages = {m_story, m_scheduling, m_controllers, m_charts, m_nodePage};
    setCentralWidget(m_pages);

    m_navigator = new Navigator(this);
    auto *navDock = new QDockWidget(tr("Navigator"), this);
    navDock->setObjectName(QStringLiteral("navigator"));
    navDock->setWidget(m_navigator);
    navDock->setFeatures(QDockWidget::NoDockWidgetFeatures);
    addDockWidget(Qt::LeftDockWidgetArea, navDock);

    m_inspector = new InspectorPanel(this);
    m_inspector->setSource(m_state);
    m_inspector->setStore(&session.store());
    auto *inspectorDock = m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspector"));
    inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    m_events = new EventLog(this);
    auto *eventsDock = new QDockWidget(tr("Events"), this);
    eventsDock->setObjectName(QStringLiteral("events"));
    eventsDock->setWidget(m_events);
    addDockWidget(Qt::BottomDockWidgetArea, eventsDock);
    m_console = new KubectlConsole(this);
    auto *consoleDock = new QDockWidget(tr("kubectl"), this);
    consoleDock->setObjectName(QStringLiteral("kubectl"));
    consoleDock->setWidget(m_console);
    addDockWidget(Qt::BottomDockWidgetArea, consoleDock);
    tabifyDockWidget(eventsDock, consoleDock);
    m_yaml = new YamlEditor(session, this);
    auto *yamlDock = new QDockWidget(tr("YAML"), this);
    yamlDock->setObjectName(QStringLiteral("yaml"));
    yamlDock->setWidget(m_yaml);
    addDockWidget(Qt::BottomDockWidgetArea, yamlDock);
    tabifyDockWidget(consoleDock, yamlDock);
    eventsDock->raise();

    m_timeline = new TimelineBar(session, driver, this);
    auto *clockBar = new QToolBar(tr("Clock"), this);
    clockBar->setObjectName(QStringLiteral("clock"));
    clockBar->setMovable(false);
    clockBar->addWidget(m_timeline);
    addToolBar(Qt::BottomToolBarArea, clockBar);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Export this view…"), this, [this] { exportView(false); });
    file->addAction(tr("Export this view as a slide…"), this, [this] { exportView(true); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (const auto &[page, label] : {std::pair{Page::Welcome, tr("Overview")}, std::pair{Page::ClusterMap, tr("Cluster map")},
                                      std::pair{Page::Network, tr("Network (kube-proxy)")}, std::pair{Page::Story, tr("Step by step")},
                                      std::pair{Page::Scheduling, tr("Scheduling decisions")},
                                      std::pair{Page::Controllers, tr("Controllers")}, std::pair{Page::Charts, tr("Charts")},
                                      std::pair{Page::Nodes, tr("Node memory")}})
        view->addAction(label, this, [this, page = page] { showPage(page); });
    view->addSeparator();
    view->addAction(tr("Fit the map"), this, [this] { m_mapView->fitAll(); });
    m_actions = new ObjectActions(session, this);
    QMenu *faults = menuBar()->addMenu(tr("F&aults"));
    connect(faults, &QMenu::aboutToShow, this, [this, faults] {
        faults->clear();
        m_actions->populateFaults(*faults);
    });
    QMenu *lessons = menuBar()->addMenu(tr("L&essons"));
    lessons->addAction(tr("Choose a lesson…"), this, &MainWindow::lessonsRequested);
    lessons->addAction(tr("Export a lesson as slides…"), this, &MainWindow::lessonDeckRequested);
    QMenu *language = menuBar()->addMenu(tr("&Language") + QStringLiteral(" / 语言"));
    language->addAction(QStringLiteral("English"), this, [this] { Q_EMIT languageRequested(QStringLiteral("en")); });
    language->addAction(QStringLiteral("中文（简体）"), this, [this] { Q_EMIT languageRequested(QStringLiteral("zh_CN")); });

    connect(m_navigator, &Navigator::pageRequested, this, &MainWindow::showPage);
    connect(m_network, &NetworkPage::syncStoryRequested, this, &MainWindow::showStoryOf);
    connect(m_welcome, &WelcomePage::pageRequested, this, &MainWindow::showPage);
    connect(m_welcome, &WelcomePage::lessonsRequested, this, &MainWindow::lessonsRequested);
    connect(m_scene, &ClusterMapScene::objectSelected, m_inspector, &InspectorPanel::inspect);
    connect(m_actions, &ObjectActions::failed, this, [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_mapView, &ClusterMapView::contextMenuRequested, this, [this](const ObjectKey &key, const QPoint &at) {
        QMenu menu(this);
        menu.setTitle(key.display());
        m_actions->populate(menu, key);
        if (key.kind == QLatin1String("Node")) {
            menu.addSeparator();
            menu.addAction(tr("Memory: who would the OOM killer pick?"), this, [this, key] {
                m_nodePage->showNode(key.name);
                showPage(Page::Nodes);
            });
        }
        if (key.kind == QLatin1String("Pod")) {
            menu.addSeparator();
            menu.addAction(tr("Show how it came to run, step by step"), this, [this, key] {
                m_story->showObject(key);
                showPage(Page::Story);
            });
            menu.addAction(tr("Why this node? The scheduler's decision"), this, [this, key] {
                m_scheduling->showPod(key);
                showPage(Page::Scheduling);
            });
        }
        if (!menu.isEmpty())
            menu.exec(at);
    });
    connect(m_events, &EventLog::objectActivated, this, [this](const ObjectKey &key) {
        m_inspector->inspect(key);
        if (QGraphicsItem *item = m_scene->itemFor(key)) {
            m_scene->clearSelection();
            item->setSelected(true);
        }
    });
    connect(m_state, &ClusterState::changed, this, &MainWindow::onClusterChanged);
    connect(m_timeline, &TimelineBar::revisionChosen, this, &MainWindow::travelTo);
    connect(m_timeline, &TimelineBar::liveRequested, this, &MainWindow::backToLive);
    connect(&driver, &engine::LoopDriver::advanced, this, &MainWindow::refresh);

    resize(1440, 900);
    resizeDocks({navDock, inspectorDock}, {190, 420}, Qt::Horizontal);
    resizeDocks({eventsDock}, {200}, Qt::Vertical);
    if (Status s = m_state->start(); !s.ok())
        statusBar()->showMessage(tr("Cannot watch the cluster: %1").arg(QString::fromStdString(s.message())));
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
    m_navigator->setCurrentPage(page);
    if (page == Page::ClusterMap)
        m_mapView->keepFitted();
    if (page == Page::Network)
        m_network->refresh();
    if (auto *sourced = dynamic_cast<SourcedPage *>(m_pages->currentWidget()))
        sourced->refresh();
    // A sequence diagram, a decision matrix or an ownership graph needs the width; the
    // inspector has nothing to show there.
    m_inspectorDock->setVisible(page == Page::Welcome || page == Page::ClusterMap || page == Page::Network);
    Q_EMIT pageShown(page);
}

void MainWindow::setLesson(lesson::LessonRun &run)
{
    m_player = new LessonPlayer(run, this);
    auto *dock = new QDockWidget(tr("Lesson"), this);
    dock->setObjectName(QStringLiteral("lesson"));
    dock->setWidget(m_player);
    dock->setMinimumWidth(420);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(dock, m_inspectorDock);
    dock->raise();
    connect(m_player, &LessonPlayer::focusRequested, this, &MainWindow::applyFocus);
    connect(m_player, &LessonPlayer::resetRequested, this, &MainWindow::lessonResetRequested);
    setWindowTitle(tr("K8s Lab — lesson %1").arg(run.lesson().number));
}

void MainWindow::editYaml(const QString &yaml)
{
    m_yaml->setText(yaml);
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("yaml")))
        dock->raise();
}

bool MainWindow::showStoryOf(quint64 id)
{
    const recording::TraceIndex &trace = m_session.traceIndex();
    // Walk back through the causes (first causes first), looking for the pod whose change
    // led here; remember the first object met in case there is none.
    std::optional<ObjectKey> fallback;
    std::vector<std::uint64_t> frontier = {id};
    std::set<std::uint64_t> seen;
    for (int hops = 0; hops < 200 && !frontier.empty(); ++hops) {
        const std::uint64_t at = frontier.front();
        frontier.erase(frontier.begin());
        if (!seen.insert(at).second)
            continue;
        const proto::TraceEvent *event = trace.find(at);
        if (!event)
            continue;
        const ObjectKey key{QString::fromStdString(event->object().kind()), QString::fromStdString(event->object().namespace_()),
                            QString::fromStdString(event->object().name())};
        if (key.kind == QLatin1String("Pod") && key.isValid()) {
            fallback = key;
            break;
        }
        if (!fallback && key.isValid() && at != id)
            fallback = key;
        if (event->cause_id())
            frontier.push_back(event->cause_id());
        for (std::uint64_t also : event->also_caused_by())
            frontier.push_back(also);
    }
    if (!fallback)
        return false;
    showPage(Page::Story);
    m_story->showObject(*fallback);
    if (!m_story->showTraceStep(id))
        m_story->setCurrentStep(m_story->stepCount() - 1);
    return true;
}

void MainWindow::applyFocus(const lesson::Focus &focus)
{
    static const std::map<std::string, Page> pages = {
        {"overview", Page::Welcome},      {"map", Page::ClusterMap},       {"network", Page::Network},
        {"chains", Page::Network},        {"story", Page::Story},          {"scheduling", Page::Scheduling},
        {"controllers", Page::Controllers}, {"charts", Page::Charts},      {"nodes", Page::Nodes}};
    const auto page = pages.find(focus.view);
    if (page == pages.end())
        return;
    showPage(page->second);
    const QString kind = QString::fromStdString(focus.object.value("kind", ""));
    const QString ns = QString::fromStdString(focus.object.value("namespace", "default"));
    const QString name = QString::fromStdString(focus.object.value("name", ""));
    // A pod named by a prefix (a Deployment's pods): the first one listed.
    ObjectKey key{kind, kind == QLatin1String("Node") ? QString() : ns, name};
    if (kind == QLatin1String("Pod"))
        for (const api::Json *pod : m_state->pods()) {
            const QString podName = QString::fromStdString((*pod)["metadata"].value("name", ""));
            if (podName == name) {
                key.name = podName;
                break;
            }
            if (podName.startsWith(name) && key.name == name)
                key.name = podName;
        }
    if (focus.view == "story" && !kind.isEmpty()) {
        // A step of the story, or all of it so far.
        if (m_story->showFirstMatching(kind, ns, name))
            m_story->setCurrentStep(focus.sequenceStep >= 0 ? focus.sequenceStep : m_story->stepCount() - 1);
    } else if (focus.view == "scheduling" && kind == QLatin1String("Pod")) {
        m_scheduling->showPod(key);
    } else if (focus.view == "controllers") {
        m_controllers->showNamespace(ns);
    } else if (focus.view == "nodes" && !focus.node.empty()) {
        m_nodePage->showNode(QString::fromStdString(focus.node));
    } else if (focus.view == "network" && !focus.node.empty()) {
        m_network->show(QString::fromStdString(focus.node), QString());
    } else if (key.isValid()) {
        m_inspector->inspect(key);
    }
}

void MainWindow::showCluster(ClusterView &cluster)
{
    m_scene->sync(cluster);
    m_mapView->keepFitted();
    m_events->refresh(cluster);
    m_inspector->setSource(&cluster);
    for (SourcedPage *page : m_sourcedPages)
        page->setSource(&cluster);
}

void MainWindow::onClusterChanged()
{
    if (!m_past) // looking back: the present changes out of sight
        showCluster(*m_state);
}

void MainWindow::travelTo(qint64 revision)
{
    Result<std::unique_ptr<ClusterSnapshot>> past = ClusterSnapshot::read(m_session.store(), revision);
    if (!past.ok()) {
        statusBar()->showMessage(tr("Cannot show revision %1: %2").arg(revision).arg(QString::fromStdString(past.status().message())),
                                 5000);
        return;
    }
    m_past = std::move(*past);
    showCluster(*m_past);
    m_story->followRevision(revision);
    m_scheduling->followTime(m_session.traceIndex().timeAtRevision(revision));
    m_controllers->followRevision(revision);
    m_charts->followRevision(revision);
    statusBar()->showMessage(tr("Showing the cluster at revision %1 — the lab keeps running; press Live to come back.")
                                 .arg(revision));
}

void MainWindow::backToLive()
{
    if (!m_past)
        return;
    showCluster(*m_state);
    m_past.reset();
    m_story->followRevision(0);
    m_scheduling->followTime(0);
    m_controllers->followRevision(0);
    m_charts->followRevision(0);
    statusBar()->clearMessage();
}

qint64 MainWindow::shownRevision() const
{
    return m_past ? m_past->revision() : 0;
}

void MainWindow::refresh()
{
    m_timeline->refresh();
    m_welcome->setClusterState(QString::fromStdString(m_session.recording().path()), m_session.store().revision(),
                               static_cast<qint64>(m_session.recording().lastTraceId()));
    if (m_pages->currentWidget() == m_network)
        m_network->refresh();
    // The page in front follows the live lab; looking back, it stays where it was taken.
    if (auto *sourced = dynamic_cast<SourcedPage *>(m_pages->currentWidget()); sourced && !m_past)
        sourced->refresh();
}

QGraphicsScene &MainWindow::visibleDiagram(QString *fileName, QString *title)
{
    // The story's sequence diagram, the chain graph when it is in front on the network
    // page, else the cluster map.
    if (m_pages->currentWidget() == m_story) {
        *fileName = QStringLiteral("story.svg");
        *title = tr("How %1 came to be").arg(m_story->shownObject().display());
        return m_story->slideScene();
    }
    if (m_pages->currentWidget() == m_scheduling) {
        *fileName = QStringLiteral("scheduling.svg");
        *title = tr("How the scheduler placed %1").arg(m_scheduling->shownPod().display());
        return m_scheduling->diagramScene();
    }
    if (m_pages->currentWidget() == m_nodePage) {
        *fileName = QStringLiteral("node-memory.svg");
        *title = tr("Who goes first when memory runs out");
        return m_nodePage->diagramScene();
    }
    if (m_pages->currentWidget() == m_charts) {
        *fileName = QStringLiteral("charts.svg");
        *title = tr("What the cluster did over time");
        return m_charts->scene();
    }
    if (m_pages->currentWidget() == m_controllers) {
        *fileName = QStringLiteral("ownership.svg");
        *title = tr("Who owns whom");
        return m_controllers->graph();
    }
    if (QGraphicsScene *graph = m_pages->currentWidget() == m_network ? m_network->visibleScene() : nullptr) {
        *fileName = QStringLiteral("chains.svg");
        *title = tr("How kube-proxy sends a Service's traffic");
        return *graph;
    }
    *fileName = QStringLiteral("cluster-map.svg");
    *title = tr("The cluster");
    return *m_scene;
}

void MainWindow::exportView(bool slide)
{
    ExportOptions options;
    options.slide = slide;
    QString file;
    QGraphicsScene &scene = visibleDiagram(&file, &options.title);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the view"), file, tr("Diagrams (*.svg *.pdf *.png)"));
    if (path.isEmpty())
        return;
    if (Status s = exportScene(scene, path, options); !s.ok())
        QMessageBox::warning(this, tr("Export"), QString::fromStdString(s.message()));
    else
        statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
}

void MainWindow::setApiEndpoint(const QString &url, const QString &kubeconfigPath)
{
    m_welcome->setApiEndpoint(url, kubeconfigPath);
    m_console->setKubeconfig(kubeconfigPath);
}

} // namespace k8slab::gui
