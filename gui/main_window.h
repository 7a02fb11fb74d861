#pragma once

#include "gui/navigator.h"

#include <QMainWindow>

#include <memory>
#include <vector>

class QDockWidget;
class QGraphicsScene;
class QStackedWidget;

namespace k8slab::engine {
class LoopDriver;
}
namespace k8slab::lab {
class LabSession;
}
namespace k8slab::lesson {
class LessonRun;
struct Focus;
}

namespace k8slab::gui {

class ClusterMapScene;
class ClusterMapView;
class ClusterSnapshot;
class ClusterState;
class ClusterView;
class EventLog;
class InspectorPanel;
class LessonPlayer;
class KubectlConsole;
class NetworkPage;
class ObjectActions;
class ChartsPage;
class ControllersPage;
class NodePage;
class SourcedPage;
class SchedulingPage;
class StoryPage;
class TimelineBar;
class WelcomePage;
class YamlEditor;

/// The application window. It only composes: the navigator on the left, the page in the
/// middle (overview, cluster map, network, step by step, scheduling decisions, controllers, charts, node memory), the inspector on the right, the event log
/// below and the clock controls at the bottom; each part is its own class.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// A window on `session`, whose loop `driver` drives; both must outlive it.
    MainWindow(lab::LabSession &session, engine::LoopDriver &driver, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Re-reads what changes without the cluster's objects changing (clock, revision, syncs).
    void refresh();
    /// Tells the learner where kubectl reaches this cluster.
    void setApiEndpoint(const QString &url, const QString &kubeconfigPath);
    /// Shows a page.
    void showPage(Page page);
    /// Docks the player of the lesson being taken beside the views.
    void setLesson(lesson::LessonRun &run);
    /// The lesson player, or null without a lesson.
    [[nodiscard]] LessonPlayer *lessonPlayer() { return m_player; }
    /// Shows what a lesson's step points at: a view, an object, a node, a step of a story.
    void applyFocus(const lesson::Focus &focus);
    /// Tells the story behind trace event `id` (a kube-proxy sync, say): the story of the
    /// nearest pod among its causes (else of the nearest object), stopped at that event.
    bool showStoryOf(quint64 id);
    /// Every view shows the cluster as it was at store revision `revision`.
    void travelTo(qint64 revision);
    /// Every view follows the live cluster again.
    void backToLive();
    /// The revision shown, or 0 when live.
    [[nodiscard]] qint64 shownRevision() const;
    /// The diagram of the page in front (what File ▸ Export writes), with a file name and
    /// a slide title to suggest.
    QGraphicsScene &visibleDiagram(QString *fileName, QString *title);

    ClusterMapScene &mapScene() { return *m_scene; }
    ClusterMapView &mapView() { return *m_mapView; }
    InspectorPanel &inspector() { return *m_inspector; }
    NetworkPage &network() { return *m_network; }
    StoryPage &story() { return *m_story; }
    SchedulingPage &scheduling() { return *m_scheduling; }
    ControllersPage &controllers() { return *m_controllers; }
    ChartsPage &charts() { return *m_charts; }
    NodePage &nodePage() { return *m_nodePage; }
    EventLog &eventLog() { return *m_events; }
    TimelineBar &timeline() { return *m_timeline; }
    KubectlConsole &console() { return *m_console; }
    YamlEditor &yamlEditor() { return *m_yaml; }
    /// Brings the YAML editor to the front with `yaml` in it.
    void editYaml(const QString &yaml);
    ObjectActions &actions() { return *m_actions; }

Q_SIGNALS:
    /// The learner chose another language ("zh_CN", "en") in the menu.
    void languageRequested(const QString &language);
    /// A page came to the front.
    void pageShown(k8slab::gui::Page page);
    /// The learner wants to pick a lesson.
    void lessonsRequested();
    /// The learner wants the lesson from its start, on a fresh cluster.
    void lessonResetRequested();
    /// The instructor wants a lesson as a slide deck.
    void lessonDeckRequested();

private:
    void onClusterChanged();
    void exportView(bool slide);
    void showCluster(ClusterView &cluster);

    lab::LabSession &m_session;
    ClusterState *m_state = nullptr;
    std::unique_ptr<ClusterSnapshot> m_past; ///< set while the timeline looks back
    QStackedWidget *m_pages = nullptr;
    Navigator *m_navigator = nullptr;
    WelcomePage *m_welcome = nullptr;
    ClusterMapScene *m_scene = nullptr;
    ClusterMapView *m_mapView = nullptr;
    NetworkPage *m_network = nullptr;
    StoryPage *m_story = nullptr;
    SchedulingPage *m_scheduling = nullptr;
    ControllersPage *m_controllers = nullptr;
    ChartsPage *m_charts = nullptr;
    NodePage *m_nodePage = nullptr;
    std::vector<SourcedPage *> m_sourcedPages; ///< the pages drawn from the ClusterView
    InspectorPanel *m_inspector = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    EventLog *m_events = nullptr;
    TimelineBar *m_timeline = nullptr;
    KubectlConsole *m_console = nullptr;
    YamlEditor *m_yaml = nullptr;
    ObjectActions *m_actions = nullptr;
    LessonPlayer *m_player = nullptr;
};

} // namespace k8slab::gui
