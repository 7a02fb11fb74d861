#include "core/engine/loop_driver.h"

#include <QMetaObject>

#include <algorithm>
#include <cmath>

namespace k8slab::engine {

namespace {
// How long one pump may run tasks before yielding to the Qt event loop, so a window
// stays responsive while the cluster runs fast.
constexpr auto kPumpBudget = std::chrono::milliseconds(15);
} // namespace

LoopDriver::LoopDriver(EventLoop &loop, QObject *parent) : QObject(parent), m_loop(loop)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LoopDriver::pump);
    m_loop.setWakeUp([this] { QMetaObject::invokeMethod(this, &LoopDriver::pump, Qt::QueuedConnection); });
}

LoopDriver::~LoopDriver()
{
    m_loop.setWakeUp({});
}

void LoopDriver::setSpeed(double factor)
{
    m_speed = std::max(0.0, factor);
    anchor();
    if (!m_paused)
        pump();
}

void LoopDriver::play()
{
    if (!m_paused)
        return;
    m_paused = false;
    anchor();
    Q_EMIT pausedChanged(false);
    pump();
}

void LoopDriver::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    m_timer.stop();
    Q_EMIT pausedChanged(true);
}

bool LoopDriver::stepOnce()
{
    if (!m_paused)
        return false;
    const bool ran = m_loop.step();
    if (ran)
        Q_EMIT advanced();
    return ran;
}

void LoopDriver::anchor()
{
    m_anchorWall = std::chrono::steady_clock::now();
    m_anchorVirtual = m_loop.now();
}

void LoopDriver::pump()
{
    if (m_paused) {
        // Requests from outside are still answered; the cluster's own work waits.
        if (m_loop.runExternal() > 0)
            Q_EMIT advanced();
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    std::size_t ran = 0;
    const bool paced = m_loop.mode() == ClockMode::Virtual && m_speed > 0.0;
    // Target time: the wall clock itself, the paced virtual time, or "everything".
    TimePoint target = TimePoint::max();
    if (m_loop.mode() == ClockMode::Wall) {
        target = m_loop.now();
    } else if (paced) {
        const auto wallElapsed = std::chrono::steady_clock::now() - m_anchorWall;
        target = m_anchorVirtual + std::chrono::duration_cast<Duration>(wallElapsed * m_speed);
    }
    bool budgetLeft = true;
    for (;;) {
        const auto next = m_loop.nextDue();
        if (!next || *next > target)
            break;
        if (std::chrono::steady_clock::now() - started > kPumpBudget) {
            budgetLeft = false;
            break;
        }
        if (!m_loop.step())
            break;
        ++ran;
        if (m_paused)
            break; // a task paused the lab (the lab-control API): stop right here
    }
    if (m_paused) {
        if (ran > 0)
            Q_EMIT advanced();
        return;
    }
    if (paced && budgetLeft)
        m_loop.runUntil(target); // moves the virtual clock on to the paced time
    if (ran > 0 || paced)
        Q_EMIT advanced();
    if (!budgetLeft) {
        // Work is behind: continue after the GUI had a turn; a paced clock falls behind
        // rather than skipping work.
        m_timer.start(0);
        return;
    }
    armTimer();
}

void LoopDriver::armTimer()
{
    const auto next = m_loop.nextDue();
    if (!next) {
        m_timer.stop(); // woken by post() or play()
        return;
    }
    Duration wait = *next - m_loop.now();
    if (m_loop.mode() == ClockMode::Virtual) {
        if (m_speed <= 0.0) {
            m_timer.start(0);
            return;
        }
        wait = std::chrono::duration_cast<Duration>(wait / m_speed);
    }
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(std::max(wait, Duration::zero()));
    m_timer.start(static_cast<int>(std::min<std::int64_t>(ms.count(), 60 * 60 * 1000)));
}

} // namespace k8slab::engine
