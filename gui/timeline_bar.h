#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace k8slab::engine {
class LoopDriver;
}
namespace k8slab::lab {
class LabSession;
}

namespace k8slab::gui {

/// The clock controls at the bottom of the window: play/pause, step (to the next task of
/// the cluster), speed, where the lab is (virtual time, store revision, steps traced),
/// and the timeline: a slider over the store's revisions to look at the cluster as it
/// was, and "Live" to come back.
class TimelineBar : public QWidget {
    Q_OBJECT
public:
    TimelineBar(lab::LabSession &session, engine::LoopDriver &driver, QWidget *parent = nullptr);

    /// Reads the clock, revision and trace length again.
    void refresh();
    [[nodiscard]] QString clockText() const;
    /// Moves the slider to `revision` as if the learner had dragged it there.
    void chooseRevision(qint64 revision);
    [[nodiscard]] bool isLive() const { return m_live; }

Q_SIGNALS:
    /// The learner chose a past revision to look at.
    void revisionChosen(qint64 revision);
    /// The learner came back to the present.
    void liveRequested();

private:
    void updatePlayButton(bool paused);
    void setLive(bool live);

    lab::LabSession &m_session;
    engine::LoopDriver &m_driver;
    QToolButton *m_play = nullptr;
    QToolButton *m_step = nullptr;
    QComboBox *m_speed = nullptr;
    QLabel *m_clock = nullptr;
    QLabel *m_revision = nullptr;
    QSlider *m_slider = nullptr;
    QToolButton *m_liveButton = nullptr;
    QTimer *m_settle = nullptr; ///< reads a snapshot once the slider rests
    bool m_live = true;
};

} // namespace k8slab::gui
