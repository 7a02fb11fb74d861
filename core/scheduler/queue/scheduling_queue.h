#pragma once

#include "core/engine/event_loop.h"
#include "core/scheduler/framework/interfaces.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace k8slab::scheduler {

class Framework;

/// A pod waiting in the scheduling queue.
struct QueuedPod {
    PodInfoPtr pod;                          ///< The pod as last seen.
    std::int64_t timestampNs = 0;            ///< When it was (re)queued.
    std::int64_t initialAttemptNs = 0;       ///< When it was first popped (0: never).
    int attempts = 0;                        ///< Scheduling attempts so far.
    std::set<std::string> rejectors;         ///< Plugins that rejected it last time.
    bool gated = false;                      ///< Held by PreEnqueue (scheduling gates).
    std::string gatedMessage;                ///< Why.
    engine::TraceId cause = 0;               ///< The trace step that made it active (its attempt's cause).
};

/// Which sub-queue a pod is in.
enum class QueueName { Active, Backoff, Unschedulable, Gated, None };

/// The name used in metrics and the trace ("active", "backoff", "unschedulable", "gated").
const char *queueName(QueueName q);

/// upstream's PriorityQueue: activeQ ordered by the QueueSort plugin, backoffQ
/// ordered by backoff expiry (initial x 2^(attempts-1), capped), and unschedulable
/// pods that wait for a cluster event one of their rejecting plugins registered for,
/// or for five minutes. Timers are the lab loop's, set only while something waits,
/// so an idle scheduler adds nothing to the loop. Also the nominator: which pending
/// pods are nominated to which node.
class SchedulingQueue {
public:
    /// Picks the framework (profile) of a pod; null when no profile schedules it.
    using FrameworkFor = std::function<Framework *(const PodInfo &pod)>;
    /// Told when activeQ gains pods.
    using Notify = std::function<void()>;
    /// Told when a pod moves between queues (for the trace).
    using Moved = std::function<void(const QueuedPod &pod, QueueName to, std::string_view event)>;

    /// A queue on `loop` with backoff from `initialBackoff` to `maxBackoff`.
    SchedulingQueue(engine::EventLoop &loop, FrameworkFor frameworkFor, engine::Duration initialBackoff,
                    engine::Duration maxBackoff);
    ~SchedulingQueue();
    SchedulingQueue(const SchedulingQueue &) = delete;
    SchedulingQueue &operator=(const SchedulingQueue &) = delete;

    /// Called when activeQ gains pods.
    void setNotify(Notify notify) { m_notify = std::move(notify); }
    /// Called when a pod is queued somewhere.
    void setMoved(Moved moved) { m_moved = std::move(moved); }

    /// A new pending pod: PreEnqueue decides active or gated.
    void add(const PodInfoPtr &pod);
    /// A pending pod changed; `specChanged` when more than its status did.
    void update(const PodInfoPtr &pod, bool specChanged);
    /// A pending pod went away (deleted or bound by someone else).
    void remove(const std::string &uid);
    /// The next pod to schedule, or nullopt when activeQ is empty.
    std::optional<QueuedPod> pop();
    /// After a failed attempt: to unschedulable (rejected by plugins) or backoff (error).
    void addUnschedulable(QueuedPod pod, std::set<std::string> rejectors);
    /// The pod's attempt ended with a binding: it leaves the queue for good.
    void done(const std::string &uid);
    /// After an error in the binding cycle: straight to backoff.
    void addBackoff(QueuedPod pod);
    /// A cluster event happened: unschedulable pods rejected by a plugin that registered
    /// for it move to backoff (still backing off) or active. `filter` narrows the pods.
    void moveOnEvent(ClusterEvent event, std::string_view eventName,
                     const std::function<bool(const QueuedPod &)> &filter = {});

    /// The queue a pod is in.
    [[nodiscard]] QueueName where(const std::string &uid) const;
    /// Pods per queue.
    [[nodiscard]] std::size_t size(QueueName q) const;
    /// When the pod's backoff ends (ns).
    [[nodiscard]] std::int64_t backoffExpiryNs(const QueuedPod &pod) const;
    /// Pending pods (any queue) in a stable order: the view for the lab API.
    [[nodiscard]] std::vector<std::pair<QueueName, const QueuedPod *>> pending() const;

    /// Nominates a pending pod to a node ("" clears).
    void nominate(const PodInfoPtr &pod, const std::string &node);
    /// Forgets a pod's nomination.
    void clearNomination(const std::string &uid);
    /// Pods nominated to `node`.
    [[nodiscard]] std::vector<PodInfoPtr> nominatedPods(const std::string &node) const;

private:
    struct ActiveLess {
        const SchedulingQueue *queue;
        bool operator()(const std::string &a, const std::string &b) const;
    };
    void toActive(QueuedPod pod, std::string_view event);
    void toBackoff(QueuedPod pod, std::string_view event);
    void toUnschedulable(QueuedPod pod, std::string_view event);
    void eraseEverywhere(const std::string &uid);
    void armBackoffTimer();
    void armLeftoverTimer();
    void flushBackoff();
    void flushLeftover();
    std::int64_t now() const;

    engine::EventLoop &m_loop;
    FrameworkFor m_frameworkFor;
    engine::Duration m_initialBackoff;
    engine::Duration m_maxBackoff;
    Notify m_notify;
    Moved m_moved;

    std::unordered_map<std::string, QueuedPod> m_pods; // every pending pod by uid
    std::unordered_map<std::string, QueueName> m_where;
    std::set<std::string, ActiveLess> m_active{ActiveLess{this}};
    std::multimap<std::int64_t, std::string> m_backoff; // expiry → uid
    std::set<std::string> m_unschedulable;
    std::set<std::string> m_gated;
    std::set<std::string> m_inFlight;
    engine::TimerId m_backoffTimer = 0;
    std::int64_t m_backoffTimerAt = 0;
    engine::TimerId m_leftoverTimer = 0;
    std::int64_t m_leftoverTimerAt = 0;
    std::map<std::string, std::map<std::string, PodInfoPtr>> m_nominated; // node → uid → pod
    std::unordered_map<std::string, std::string> m_nominatedNode;           // uid → node
};

/// How long an unschedulable pod waits before it is retried anyway (5 minutes).
inline constexpr engine::Duration kMaxInUnschedulable = std::chrono::minutes(5);

} // namespace k8slab::scheduler
