#pragma once

#include "core/lesson/action_runner.h"
#include "core/lesson/check.h"
#include "core/lesson/lesson.h"

#include <QObject>
#include <QTimer>

#include <vector>

namespace k8slab::lab {
class LabSession;
}

namespace k8slab::lesson {

/// A lesson being taken on a live lab: the step the learner is on, its actions running
/// while the cluster runs (at the speed the timeline sets), its checks asked again and
/// again so they tick green the moment the cluster gets there (and, once the actions
/// are done, stay green), the hints shown so far.
/// The player in the GUI is a view of it; it keeps its state when the window is rebuilt.
class LessonRun : public QObject {
    Q_OBJECT
public:
    /// One check of the current step and what it last saw.
    struct CheckState {
        const Check *check = nullptr;
        CheckResult result;
        /// True for the exercise's check (listed first).
        bool exercise = false;
        /// It passed after the step's actions were done: it stays passed.
        bool latched = false;
    };

    /// Takes `lesson` on `session`; kubectl actions run with `kubectl`. Starts at no step.
    LessonRun(Lesson lesson, lab::LabSession &session, KubectlSetup kubectl, QObject *parent = nullptr);
    ~LessonRun() override;

    [[nodiscard]] const Lesson &lesson() const { return m_lesson; }
    /// The current step (-1 before the first goTo).
    [[nodiscard]] int step() const { return m_step; }
    /// Makes step `index` the current one; its checks are asked from now on. Moving
    /// forward runs what the steps in between would have done (their actions, and the
    /// reference solution of each exercise left unsolved), so a step always finds the
    /// cluster as its lesson expects; moving back only shows the earlier step again.
    void goTo(int index);
    /// Runs the current exercise's reference solution (the learner gave up, or the
    /// instructor shows it).
    void runSolution();
    /// Shows one more hint of the current exercise; how many are shown.
    int revealHint();
    [[nodiscard]] int hintsShown() const { return m_hintsShown; }
    /// Does what can be done now: runs actions, asks the checks. A timer calls it while
    /// polling is on; tests call it after driving the loop themselves.
    void poll();
    /// Polls every `intervalMs` of wall time (0: stops).
    void setPolling(int intervalMs);

    /// The current step's checks, the exercise's first.
    [[nodiscard]] const std::vector<CheckState> &checks() const { return m_checks; }
    /// The state of the current step's actions (or of the solution being shown).
    [[nodiscard]] ActionRunner::State actionsState() const { return m_runner.state(); }
    /// Why the actions failed.
    [[nodiscard]] const std::string &actionsError() const { return m_runner.error(); }
    /// What the current step's actions did (kubectl's output among it).
    [[nodiscard]] const std::vector<LogLine> &log() const { return m_log; }
    /// The actions are done and every check passes.
    [[nodiscard]] bool stepComplete() const;

Q_SIGNALS:
    /// A step started (its actions are running).
    void stepStarted(int index);
    /// The current step completed: its actions are done and all its checks pass.
    void stepCompleted(int index);
    /// A check turned, the log grew or the actions finished: redraw.
    void changed();

private:
    Lesson m_lesson;
    lab::LabSession &m_session;
    ActionRunner m_runner;
    QTimer m_timer;
    int m_step = -1;
    int m_ranUpTo = -1; ///< the last step whose actions were run
    int m_hintsShown = 0;
    bool m_completed = false;
    std::vector<CheckState> m_checks;
    std::vector<LogLine> m_log;
};

} // namespace k8slab::lesson
