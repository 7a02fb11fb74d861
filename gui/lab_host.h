#pragma once

#include "core/base/status.h"
#include "core/lab/lab_session.h"
#include "core/lesson/lesson.h"
#include "gui/navigator.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace k8slab::engine {
class LoopDriver;
}
namespace k8slab::lab {
class ServedLab;
}
namespace k8slab::lesson {
class LessonRun;
}

namespace k8slab::gui {

class WindowHost;

/// What the desktop app runs: one lab at a time — its session, the loop driver, the
/// Kubernetes API over HTTP for kubectl (port 6443 when free) with its kubeconfig, the
/// window — and, when a lesson is being taken, the lesson on a cluster of its own.
/// Starting a lesson (or starting it over) replaces the lab with a fresh one made from
/// the lesson's cluster spec; everything else about the options stays.
class LabHost : public QObject {
    Q_OBJECT
public:
    /// Labs start from `base` (runtime, scheduler, controllers, speed …); lessons come from
    /// `lessonsDir`, their clusters record under `dataDir`/lessons/.
    LabHost(lab::LabOptions base, QString dataDir, QString lessonsDir, QObject *parent = nullptr);
    ~LabHost() override;

    /// Starts the lab `base` describes and opens its window on `page`.
    Status start(Page page);
    /// Starts lesson `id` on a fresh cluster at `step` (-1: where the learner left it).
    Status startLesson(const QString &id, int step = -1);
    /// Lets the learner pick a lesson, then starts it.
    void pickLesson();
    /// Lets the instructor pick a lesson and a folder, then writes its slide deck there
    /// (PDF and SVGs), played on a cluster of its own while the class's lab runs on.
    void exportLessonDeck();

    lab::LabSession &session();
    engine::LoopDriver &driver();
    WindowHost &windows() { return *m_windows; }
    /// The lesson being taken, or null.
    lesson::LessonRun *lessonRun() { return m_lesson.get(); }
    /// The lessons of the course (empty when the folder is missing).
    [[nodiscard]] const std::vector<lesson::Lesson> &lessons() const { return m_lessons; }
    /// The clock's speed, kept across restarts.
    void setSpeed(double factor);
    /// The language windows open in ("zh_CN", "en"); a window's language menu changes it too.
    void setLanguage(const QString &language) { m_language = language; }

private:
    Status startSession(const lab::LabOptions &options);
    void stop();

    lab::LabOptions m_base;
    QString m_dataDir;
    std::vector<lesson::Lesson> m_lessons;
    double m_speed = 1.0;
    QString m_language;
    std::unique_ptr<lab::ServedLab> m_served;
    std::unique_ptr<lesson::LessonRun> m_lesson;
    std::unique_ptr<WindowHost> m_windows;
};

} // namespace k8slab::gui
