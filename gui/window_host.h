#pragma once

#include "gui/navigator.h"

#include <QObject>
#include <QString>

#include <memory>

namespace k8slab::engine {
class LoopDriver;
}
namespace k8slab::lab {
class LabSession;
}
namespace k8slab::lesson {
class LessonRun;
}

namespace k8slab::gui {

class MainWindow;

/// Keeps the main window of a session and builds it anew when the learner switches
/// language (every widget is made again in the new language; the cluster runs on).
class WindowHost : public QObject {
    Q_OBJECT
public:
    WindowHost(lab::LabSession &session, engine::LoopDriver &driver, QObject *parent = nullptr);
    ~WindowHost() override;

    /// Shows the window on `page` in `language` ("zh_CN" or "en").
    void open(Page page, const QString &language);
    /// Where kubectl reaches the lab; shown in every window made from now on.
    void setApiEndpoint(const QString &url, const QString &kubeconfigPath);
    [[nodiscard]] MainWindow &window() { return *m_window; }
    /// The lesson being taken (its player docks in every window made from now on); null: none.
    void setLesson(lesson::LessonRun *run) { m_lesson = run; }

Q_SIGNALS:
    /// The learner wants to pick a lesson.
    void lessonsRequested();
    /// The learner wants the lesson from its start.
    void lessonResetRequested();
    /// The instructor wants a lesson as a slide deck.
    void lessonDeckRequested();

private:
    lab::LabSession &m_session;
    engine::LoopDriver &m_driver;
    std::unique_ptr<MainWindow> m_window;
    Page m_page = Page::Welcome;
    QString m_url, m_kubeconfig;
    lesson::LessonRun *m_lesson = nullptr;
};

} // namespace k8slab::gui
