#pragma once

#include "core/engine/event_loop.h"

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>

namespace k8slab::client {

/// A rate-limited work queue of object keys, as client-go's workqueue with the default
/// controller rate limiter: a key waits at most once in the queue however often it is
/// added; a key being processed and added again is processed again afterwards; failed
/// keys come back after max(per-key exponential back-off from 5 ms doubling to 1000 s,
/// an overall 10 per second token bucket with a burst of 100).
///
/// Instead of worker goroutines, each key is processed in a loop task of its own, so a
/// paused lab can step through a controller one key at a time. Each key remembers the
/// trace events that added it; its processing is caused by the first and also by the
/// others, so a reconcile that answers several changes shows all of them.
class WorkQueue {
public:
    /// Processes one key; call addRateLimited(key) on failure, forget(key) on success.
    using Process = std::function<void(const std::string &key)>;

    /// A queue on `loop` named `name` (for the trace) calling `process`.
    WorkQueue(engine::EventLoop &loop, std::string name, Process process);
    ~WorkQueue();
    WorkQueue(const WorkQueue &) = delete;
    WorkQueue &operator=(const WorkQueue &) = delete;

    /// Queues a key now.
    void add(const std::string &key);
    /// Queues a key after a delay.
    void addAfter(const std::string &key, engine::Duration delay);
    /// Queues a key after the rate limiter's delay for it.
    void addRateLimited(const std::string &key);
    /// Resets the key's failure count (call after it was processed successfully).
    void forget(const std::string &key);
    /// How many times the key failed since it was last forgotten.
    [[nodiscard]] int numRequeues(const std::string &key) const;
    /// Keys waiting (not counting the one being processed).
    [[nodiscard]] std::size_t length() const { return m_queue.size(); }
    /// The delay the rate limiter gives the key's next failure (and records it).
    engine::Duration nextDelay(const std::string &key);

private:
    void schedule();
    void processOne();

    engine::EventLoop &m_loop;
    std::string m_name;
    Process m_process;
    std::deque<std::string> m_queue;
    std::set<std::string> m_dirty;      // queued, or to be re-queued once done
    std::set<std::string> m_processing;
    std::map<std::string, engine::CauseList> m_causes; // what asked for each queued key
    std::map<std::string, int> m_failures;
    std::set<engine::TimerId> m_timers;
    engine::TimerId m_drain = 0;
    bool m_drainScheduled = false;
    double m_tokens = 100;             // the bucket starts full
    engine::TimePoint m_tokensAt{};
};

} // namespace k8slab::client
