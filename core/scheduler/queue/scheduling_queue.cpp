#include "core/scheduler/queue/scheduling_queue.h"

#include "core/scheduler/framework/framework.h"

namespace k8slab::scheduler {

const char *queueName(QueueName q)
{
    switch (q) {
    case QueueName::Active: return "active";
    case QueueName::Backoff: return "backoff";
    case QueueName::Unschedulable: return "unschedulable";
    case QueueName::Gated: return "gated";
    case QueueName::None: return "none";
    }
    return "none";
}

SchedulingQueue::SchedulingQueue(engine::EventLoop &loop, FrameworkFor frameworkFor, engine::Duration initialBackoff,
                                 engine::Duration maxBackoff)
    : m_loop(loop), m_frameworkFor(std::move(frameworkFor)), m_initialBackoff(initialBackoff), m_maxBackoff(maxBackoff)
{
}

SchedulingQueue::~SchedulingQueue()
{
    if (m_backoffTimer)
        m_loop.cancel(m_backoffTimer);
    if (m_leftoverTimer)
        m_loop.cancel(m_leftoverTimer);
}

std::int64_t SchedulingQueue::now() const { return m_loop.now().time_since_epoch().count(); }

bool SchedulingQueue::ActiveLess::operator()(const std::string &a, const std::string &b) const
{
    const QueuedPod &pa = queue->m_pods.at(a);
    const QueuedPod &pb = queue->m_pods.at(b);
    const QueuedPodView va{pa.pod.get(), pa.timestampNs};
    const QueuedPodView vb{pb.pod.get(), pb.timestampNs};
    Framework *fw = queue->m_frameworkFor(*pa.pod);
    if (fw) {
        if (fw->less(va, vb))
            return true;
        if (fw->less(vb, va))
            return false;
    }
    return a < b; // a total order for equal pods
}

void SchedulingQueue::eraseEverywhere(const std::string &uid)
{
    auto w = m_where.find(uid);
    if (w == m_where.end())
        return;
    switch (w->second) {
    case QueueName::Active:
        m_active.erase(uid);
        break;
    case QueueName::Backoff:
        for (auto it = m_backoff.begin(); it != m_backoff.end(); ++it)
            if (it->second == uid) {
                m_backoff.erase(it);
                break;
            }
        break;
    case QueueName::Unschedulable:
        m_unschedulable.erase(uid);
        break;
    case QueueName::Gated:
        m_gated.erase(uid);
        break;
    case QueueName::None:
        break;
    }
    m_where.erase(w);
}

void SchedulingQueue::toActive(QueuedPod pod, std::string_view event)
{
    pod.cause = m_loop.currentCause();
    Framework *fw = m_frameworkFor(*pod.pod);
    if (fw) {
        PluginStatus s = fw->runPreEnqueue(*pod.pod);
        if (!s.ok()) {
            const std::string uid = pod.pod->uid;
            pod.gated = true;
            pod.gatedMessage = s.message();
            eraseEverywhere(uid);
            m_pods[uid] = std::move(pod);
            m_gated.insert(uid);
            m_where[uid] = QueueName::Gated;
            if (m_moved)
                m_moved(m_pods[uid], QueueName::Gated, event);
            return;
        }
    }
    pod.gated = false;
    pod.gatedMessage.clear();
    const std::string uid = pod.pod->uid;
    eraseEverywhere(uid);
    m_pods[uid] = std::move(pod);
    m_active.insert(uid);
    m_where[uid] = QueueName::Active;
    if (m_moved)
        m_moved(m_pods[uid], QueueName::Active, event);
    if (m_notify)
        m_notify();
}

std::int64_t SchedulingQueue::backoffExpiryNs(const QueuedPod &pod) const
{
    engine::Duration d = m_initialBackoff;
    for (int i = 1; i < pod.attempts && d < m_maxBackoff; ++i)
        d *= 2;
    d = std::min(d, m_maxBackoff);
    return pod.timestampNs + d.count();
}

void SchedulingQueue::toBackoff(QueuedPod pod, std::string_view event)
{
    const std::string uid = pod.pod->uid;
    eraseEverywhere(uid);
    const std::int64_t expiry = backoffExpiryNs(pod);
    m_pods[uid] = std::move(pod);
    m_backoff.emplace(expiry, uid);
    m_where[uid] = QueueName::Backoff;
    if (m_moved)
        m_moved(m_pods[uid], QueueName::Backoff, event);
    armBackoffTimer();
}

void SchedulingQueue::toUnschedulable(QueuedPod pod, std::string_view event)
{
    const std::string uid = pod.pod->uid;
    eraseEverywhere(uid);
    m_pods[uid] = std::move(pod);
    m_unschedulable.insert(uid);
    m_where[uid] = QueueName::Unschedulable;
    if (m_moved)
        m_moved(m_pods[uid], QueueName::Unschedulable, event);
    armLeftoverTimer();
}

void SchedulingQueue::add(const PodInfoPtr &pod)
{
    if (m_where.count(pod->uid) || m_inFlight.count(pod->uid)) {
        update(pod, true);
        return;
    }
    QueuedPod q;
    q.pod = pod;
    q.timestampNs = now();
    if (!pod->nominatedNodeName.empty())
        nominate(pod, pod->nominatedNodeName);
    toActive(std::move(q), "PodAdd");
}

void SchedulingQueue::update(const PodInfoPtr &pod, bool specChanged)
{
    if (m_nominatedNode.count(pod->uid) || !pod->nominatedNodeName.empty())
        nominate(pod, pod->nominatedNodeName);
    auto it = m_pods.find(pod->uid);
    if (it == m_pods.end()) {
        if (!m_inFlight.count(pod->uid))
            add(pod);
        return;
    }
    const QueueName q = where(pod->uid);
    if (q == QueueName::Active) {
        // Re-sort: the new priority or labels may change the order.
        m_active.erase(pod->uid);
        it->second.pod = pod;
        m_active.insert(pod->uid);
        return;
    }
    it->second.pod = pod;
    if (!specChanged || q == QueueName::None)
        return;
    // An unschedulable or gated pod that changed may now fit: retry (after its backoff).
    QueuedPod copy = it->second;
    if (q == QueueName::Backoff)
        return;
    if (backoffExpiryNs(copy) > now() && copy.attempts > 0)
        toBackoff(std::move(copy), "PodUpdate");
    else
        toActive(std::move(copy), "PodUpdate");
}

void SchedulingQueue::remove(const std::string &uid)
{
    eraseEverywhere(uid);
    m_pods.erase(uid);
    m_inFlight.erase(uid);
    clearNomination(uid);
}

std::optional<QueuedPod> SchedulingQueue::pop()
{
    if (m_active.empty())
        return std::nullopt;
    const std::string uid = *m_active.begin();
    m_active.erase(m_active.begin());
    m_where.erase(uid);
    auto it = m_pods.find(uid);
    QueuedPod pod = std::move(it->second);
    m_pods.erase(it);
    ++pod.attempts;
    if (pod.initialAttemptNs == 0)
        pod.initialAttemptNs = now();
    m_inFlight.insert(uid);
    return pod;
}

void SchedulingQueue::addUnschedulable(QueuedPod pod, std::set<std::string> rejectors)
{
    const std::string uid = pod.pod->uid;
    if (!m_inFlight.erase(uid) && !m_pods.count(uid))
        return; // deleted while in flight
    pod.timestampNs = now();
    pod.rejectors = std::move(rejectors);
    if (pod.rejectors.empty())
        toBackoff(std::move(pod), "ScheduleAttemptFailure");
    else
        toUnschedulable(std::move(pod), "ScheduleAttemptFailure");
}

void SchedulingQueue::done(const std::string &uid)
{
    m_inFlight.erase(uid);
    clearNomination(uid);
}

void SchedulingQueue::addBackoff(QueuedPod pod)
{
    const std::string uid = pod.pod->uid;
    if (!m_inFlight.erase(uid) && !m_pods.count(uid))
        return;
    pod.timestampNs = now();
    toBackoff(std::move(pod), "BindingFailure");
}

void SchedulingQueue::moveOnEvent(ClusterEvent event, std::string_view eventName,
                                  const std::function<bool(const QueuedPod &)> &filter)
{
    std::vector<std::string> moving;
    for (const std::string &uid : m_unschedulable) {
        const QueuedPod &pod = m_pods.at(uid);
        Framework *fw = m_frameworkFor(*pod.pod);
        bool interested = event == ClusterEvent::Wildcard;
        for (const std::string &plugin : pod.rejectors)
            if (fw && (fw->eventsOf(plugin) & bit(event)))
                interested = true;
        if (interested && (!filter || filter(pod)))
            moving.push_back(uid);
    }
    for (const std::string &uid : moving) {
        QueuedPod pod = m_pods.at(uid);
        if (backoffExpiryNs(pod) > now())
            toBackoff(std::move(pod), eventName);
        else
            toActive(std::move(pod), eventName);
    }
}

QueueName SchedulingQueue::where(const std::string &uid) const
{
    auto it = m_where.find(uid);
    return it == m_where.end() ? QueueName::None : it->second;
}

std::size_t SchedulingQueue::size(QueueName q) const
{
    switch (q) {
    case QueueName::Active: return m_active.size();
    case QueueName::Backoff: return m_backoff.size();
    case QueueName::Unschedulable: return m_unschedulable.size();
    case QueueName::Gated: return m_gated.size();
    case QueueName::None: return 0;
    }
    return 0;
}

std::vector<std::pair<QueueName, const QueuedPod *>> SchedulingQueue::pending() const
{
    std::vector<std::pair<QueueName, const QueuedPod *>> out;
    for (const std::string &uid : m_active)
        out.emplace_back(QueueName::Active, &m_pods.at(uid));
    for (const auto &[expiry, uid] : m_backoff)
        out.emplace_back(QueueName::Backoff, &m_pods.at(uid));
    for (const std::string &uid : m_unschedulable)
        out.emplace_back(QueueName::Unschedulable, &m_pods.at(uid));
    for (const std::string &uid : m_gated)
        out.emplace_back(QueueName::Gated, &m_pods.at(uid));
    return out;
}

void SchedulingQueue::armBackoffTimer()
{
    if (m_backoff.empty())
        return;
    const std::int64_t due = m_backoff.begin()->first;
    if (m_backoffTimer && m_backoffTimerAt <= due)
        return;
    if (m_backoffTimer)
        m_loop.cancel(m_backoffTimer);
    m_backoffTimerAt = due;
    m_backoffTimer = m_loop.scheduleAt(engine::TimePoint(engine::Duration(due)), [this] {
        m_backoffTimer = 0;
        flushBackoff();
    });
}

void SchedulingQueue::flushBackoff()
{
    const std::int64_t t = now();
    std::vector<std::string> done;
    for (auto it = m_backoff.begin(); it != m_backoff.end() && it->first <= t; ++it)
        done.push_back(it->second);
    for (const std::string &uid : done)
        toActive(m_pods.at(uid), "BackoffComplete");
    armBackoffTimer();
}

void SchedulingQueue::armLeftoverTimer()
{
    std::int64_t earliest = INT64_MAX;
    for (const std::string &uid : m_unschedulable)
        earliest = std::min(earliest, m_pods.at(uid).timestampNs);
    if (earliest == INT64_MAX)
        return;
    const std::int64_t due = earliest + kMaxInUnschedulable.count();
    if (m_leftoverTimer && m_leftoverTimerAt <= due)
        return;
    if (m_leftoverTimer)
        m_loop.cancel(m_leftoverTimer);
    m_leftoverTimerAt = due;
    m_leftoverTimer = m_loop.scheduleAt(engine::TimePoint(engine::Duration(due)), [this] {
        m_leftoverTimer = 0;
        flushLeftover();
    });
}

void SchedulingQueue::flushLeftover()
{
    const std::int64_t t = now();
    std::vector<std::string> due;
    for (const std::string &uid : m_unschedulable)
        if (m_pods.at(uid).timestampNs + kMaxInUnschedulable.count() <= t)
            due.push_back(uid);
    for (const std::string &uid : due) {
        QueuedPod pod = m_pods.at(uid);
        if (backoffExpiryNs(pod) > t)
            toBackoff(std::move(pod), "UnschedulableTimeout");
        else
            toActive(std::move(pod), "UnschedulableTimeout");
    }
    armLeftoverTimer();
}

void SchedulingQueue::clearNomination(const std::string &uid)
{
    if (auto n = m_nominatedNode.find(uid); n != m_nominatedNode.end()) {
        m_nominated[n->second].erase(uid);
        if (m_nominated[n->second].empty())
            m_nominated.erase(n->second);
        m_nominatedNode.erase(n);
    }
}

void SchedulingQueue::nominate(const PodInfoPtr &pod, const std::string &node)
{
    clearNomination(pod->uid);
    if (node.empty())
        return;
    m_nominated[node][pod->uid] = pod;
    m_nominatedNode[pod->uid] = node;
}

std::vector<PodInfoPtr> SchedulingQueue::nominatedPods(const std::string &node) const
{
    std::vector<PodInfoPtr> out;
    auto it = m_nominated.find(node);
    if (it != m_nominated.end())
        for (const auto &[uid, pod] : it->second)
            out.push_back(pod);
    return out;
}

} // namespace k8slab::scheduler
