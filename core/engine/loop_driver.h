#pragma once

#include "core/engine/event_loop.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace k8slab::engine {

/// Drives an EventLoop from a Qt event loop: paced against wall time at a speed
/// factor (virtual clock), as fast as possible, or in real time (wall clock); pauses,
/// resumes and steps one task at a time. Lives on the loop's owner thread.
class LoopDriver : public QObject {
    Q_OBJECT
public:
    /// A speed factor meaning "no pacing: jump from event to event as fast as possible".
    static constexpr double kAsFastAsPossible = 0.0;

    /// A driver for `loop`; starts paused.
    explicit LoopDriver(EventLoop &loop, QObject *parent = nullptr);
    ~LoopDriver() override;

    /// Virtual seconds per wall second (1.0 = real time); kAsFastAsPossible for no pacing.
    /// Ignored by a wall clock.
    void setSpeed(double factor);
    /// The current speed factor.
    [[nodiscard]] double speed() const { return m_speed; }
    /// True while the driver does not run tasks by itself.
    [[nodiscard]] bool isPaused() const { return m_paused; }

public Q_SLOTS:
    /// Starts running tasks as their moment comes.
    void play();
    /// Stops the cluster: its own queued work waits; work posted from other threads
    /// (API requests) is still run, so the lab answers while paused.
    void pause();
    /// While paused: runs exactly the next task (advancing a virtual clock to it).
    /// Returns false when there was nothing to run.
    bool stepOnce();

Q_SIGNALS:
    /// Emitted when pausing or resuming.
    void pausedChanged(bool paused);
    /// Emitted after the driver ran one or more tasks.
    void advanced();

private:
    void pump();
    void anchor();
    void armTimer();

    EventLoop &m_loop;
    QTimer m_timer;
    double m_speed = 1.0;
    bool m_paused = true;
    std::chrono::steady_clock::time_point m_anchorWall;
    TimePoint m_anchorVirtual;
};

} // namespace k8slab::engine
