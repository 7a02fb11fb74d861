#pragma once

#include "core/engine/random.h"
#include "core/engine/time.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace k8slab::engine {

/// Identifies a scheduled timer so it can be cancelled.
using TimerId = std::uint64_t;
/// Identifies a trace event; 0 means "no cause" (a root step).
using TraceId = std::uint64_t;

/// The one event loop every component of a lab cluster shares.
///
/// Work is a queue of tasks ordered by (due time, order of scheduling). Posted tasks are
/// due now; timers are due later. The loop is driven from outside (tests, the
/// LoopDriver, a lesson runner), one task at a time, so it can be paused and stepped.
///
/// In virtual time the clock stands still while a task runs and jumps to the due time
/// of the next timer, so the same inputs always give the same sequence of tasks. In
/// wall time the clock is the machine's and timers fire when their moment has passed.
///
/// Each task remembers the trace cause that was current when it was scheduled and
/// restores it when it runs, so work done because of an event carries that event as
/// its cause without any component passing it along.
///
/// Threads: everything runs on the owner thread (the one that created the loop, or
/// the one given to setOwnerThread()). post() may be called from any thread; such
/// tasks start a new causal chain and wake the driver.
class EventLoop {
public:
    /// A unit of work.
    using Task = std::function<void()>;

    /// A loop with the given clock; a virtual clock starts at `start`.
    explicit EventLoop(ClockMode mode = ClockMode::Virtual, TimePoint start = kDefaultVirtualEpoch,
                       std::uint64_t seed = 1);
    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    /// The clock's mode.
    [[nodiscard]] ClockMode mode() const { return m_mode; }
    /// The current time of the loop's clock.
    [[nodiscard]] TimePoint now() const;
    /// The loop's seeded random source (owner thread only).
    Random &random() { return m_random; }

    /// Queues a task to run now, after the tasks already due. Safe from any thread.
    void post(Task task);
    /// Queues a task to run after `delay`; owner thread only.
    TimerId schedule(Duration delay, Task task);
    /// Queues a task to run at `when` (at once if that has passed); owner thread only.
    TimerId scheduleAt(TimePoint when, Task task);
    /// Cancels a task scheduled and not yet run; returns false if it is unknown or done.
    bool cancel(TimerId id);

    /// Runs the next task; in virtual time advances the clock to it first. In wall
    /// time only a task whose moment has come runs. Returns false if none ran.
    bool step();
    /// Runs every task due at or before the current time, including ones they queue;
    /// never advances a virtual clock. Returns how many ran.
    std::size_t runReady();
    /// Runs every task due at or before `until`, advancing a virtual clock from task to
    /// task, and leaves a virtual clock at `until`. Returns how many ran.
    std::size_t runUntil(TimePoint until);
    /// runUntil(now() + d).
    std::size_t advance(Duration d);
    /// Runs tasks, jumping from timer to timer, until none is left or `maxTasks` ran.
    std::size_t runAll(std::size_t maxTasks = SIZE_MAX);
    /// Runs only the due tasks that were posted from other threads (requests from
    /// outside: kubectl, the lab-control API), leaving the cluster's own work queued.
    /// This is how a paused lab still answers: its components stay frozen.
    std::size_t runExternal();

    /// The due time of the earliest queued task, if any (includes tasks posted from
    /// other threads); owner thread only.
    [[nodiscard]] std::optional<TimePoint> nextDue();
    /// How many tasks are queued (including those posted from other threads); owner thread only.
    [[nodiscard]] std::size_t pendingCount();
    /// How many tasks have run since the loop was made.
    [[nodiscard]] std::uint64_t executedCount() const { return m_executed; }

    /// The trace event that work done now is caused by (0: none).
    [[nodiscard]] TraceId currentCause() const { return m_currentCause; }
    /// Makes `cause` the cause of work done from now on in the current task.
    void setCurrentCause(TraceId cause) { m_currentCause = cause; }
    /// Further causes of the work done now, beside the current one: the next event
    /// published takes them (as also_caused_by) and clears them. Set by coalescing
    /// work (a work-queue key added by several changes, a batched proxy sync).
    [[nodiscard]] const std::vector<TraceId> &extraCauses() const { return m_extraCauses; }
    /// Replaces the further causes of the work done now.
    void setExtraCauses(std::vector<TraceId> causes) { m_extraCauses = std::move(causes); }

    /// Called, from the posting thread, whenever a task is posted from another
    /// thread, so a driver can wake up and pump the loop.
    void setWakeUp(std::function<void()> wakeUp);
    /// Moves the loop to the calling thread (for a loop created on one thread and driven on another).
    void setOwnerThread();
    /// True when called on the owner thread.
    [[nodiscard]] bool isOwnerThread() const { return std::this_thread::get_id() == m_owner; }

private:
    struct Key {
        TimePoint due;
        std::uint64_t seq;
        bool operator<(const Key &o) const { return due != o.due ? due < o.due : seq < o.seq; }
    };
    struct Entry {
        TimerId id;
        TraceId cause;
        Task task;
        bool external = false;
    };

    TimerId enqueue(TimePoint due, TraceId cause, Task task, bool external = false);
    void drainInbox();
    void runEntry(std::map<Key, Entry>::iterator it);

    const ClockMode m_mode;
    TimePoint m_virtualNow;
    Random m_random;
    std::thread::id m_owner;

    std::map<Key, Entry> m_queue;
    std::unordered_map<TimerId, Key> m_byId;
    std::uint64_t m_nextSeq = 1;
    TimerId m_nextId = 1;
    std::uint64_t m_executed = 0;
    TraceId m_currentCause = 0;
    std::vector<TraceId> m_extraCauses;

    std::mutex m_inboxMutex;
    std::vector<Task> m_inbox;
    std::atomic<bool> m_inboxNonEmpty{false};
    std::function<void()> m_wakeUp;
};

/// Makes a cause current for a block and restores the previous one at the end.
class CauseScope {
public:
    /// Sets `cause` as the loop's current cause until the scope ends.
    CauseScope(EventLoop &loop, TraceId cause) : m_loop(loop), m_saved(loop.currentCause())
    {
        loop.setCurrentCause(cause);
    }
    ~CauseScope() { m_loop.setCurrentCause(m_saved); }
    CauseScope(const CauseScope &) = delete;
    CauseScope &operator=(const CauseScope &) = delete;

private:
    EventLoop &m_loop;
    TraceId m_saved;
};

/// The causes gathered by work that several changes asked for and that runs once
/// (client-go's work queue coalescing a key, kube-proxy batching syncs): first first,
/// each once, at most kMax.
class CauseList {
public:
    static constexpr std::size_t kMax = 32;
    /// Adds a cause (0 and repeats are ignored).
    void add(TraceId cause);
    [[nodiscard]] bool empty() const { return m_ids.empty(); }
    [[nodiscard]] const std::vector<TraceId> &ids() const { return m_ids; }

private:
    std::vector<TraceId> m_ids;
};

/// Makes a CauseList current for a block: its first cause as the loop's cause, the
/// others as extra causes; restores the previous cause at the end.
class CauseListScope {
public:
    CauseListScope(EventLoop &loop, const CauseList &causes);
    ~CauseListScope();
    CauseListScope(const CauseListScope &) = delete;
    CauseListScope &operator=(const CauseListScope &) = delete;

private:
    EventLoop &m_loop;
    TraceId m_saved;
};

} // namespace k8slab::engine
