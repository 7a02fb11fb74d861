#pragma once

#include "core/lesson/lesson.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QTimer;

namespace k8slab::lesson {
class LessonRun;
}

namespace k8slab::gui {

/// The lesson player beside the views: the step's narration, its checks ticking green as
/// the cluster gets there, the exercise's hints and solution, what the step's actions
/// did (kubectl's output), and next/previous/auto-play/reset. A view of a LessonRun,
/// which keeps the state when the window is rebuilt.
class LessonPlayer : public QWidget {
    Q_OBJECT
public:
    /// A player of `run` (which must outlive it).
    explicit LessonPlayer(lesson::LessonRun &run, QWidget *parent = nullptr);

    /// The check list (tests read the ticks).
    [[nodiscard]] QListWidget &checkList() { return *m_checks; }
    /// Turns auto-play on or off: the next step follows a few seconds after a step completes.
    void setAutoPlay(bool on);

Q_SIGNALS:
    /// A step asks the window to show a view (its focus).
    void focusRequested(const k8slab::lesson::Focus &focus);
    /// The learner wants the lesson from its start, on a fresh cluster.
    void resetRequested();

private:
    void showStep(int index);
    void redraw();
    void onStepCompleted(int index);

    lesson::LessonRun &m_run;
    QString m_language;
    QLabel *m_title = nullptr;
    QComboBox *m_steps = nullptr;
    QTextBrowser *m_narration = nullptr;
    QLabel *m_hints = nullptr;
    QPushButton *m_hintButton = nullptr;
    QPushButton *m_solutionButton = nullptr;
    QListWidget *m_checks = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_previous = nullptr;
    QPushButton *m_next = nullptr;
    QCheckBox *m_autoPlay = nullptr;
    QTimer *m_autoTimer = nullptr;
    std::size_t m_logShown = 0;
    bool m_refocus = false; ///< show the focus again once the step's actions made its objects
};

} // namespace k8slab::gui
