#include "core/engine/event_loop.h"

#include <algorithm>
#include <cassert>

namespace k8slab::engine {

EventLoop::EventLoop(ClockMode mode, TimePoint start, std::uint64_t seed)
    : m_mode(mode), m_virtualNow(start), m_random(seed), m_owner(std::this_thread::get_id())
{
}

TimePoint EventLoop::now() const
{
    if (m_mode == ClockMode::Virtual)
        return m_virtualNow;
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

void EventLoop::post(Task task)
{
    if (isOwnerThread()) {
        enqueue(now(), m_currentCause, std::move(task));
        return;
    }
    std::function<void()> wake;
    {
        std::lock_guard lock(m_inboxMutex);
        m_inbox.push_back(std::move(task));
        m_inboxNonEmpty.store(true, std::memory_order_release);
        wake = m_wakeUp;
    }
    if (wake)
        wake();
}

TimerId EventLoop::schedule(Duration delay, Task task)
{
    if (delay < Duration::zero())
        delay = Duration::zero();
    return scheduleAt(now() + delay, std::move(task));
}

TimerId EventLoop::scheduleAt(TimePoint when, Task task)
{
    assert(isOwnerThread());
    return enqueue(when, m_currentCause, std::move(task));
}

TimerId EventLoop::enqueue(TimePoint due, TraceId cause, Task task, bool external)
{
    const Key key{due, m_nextSeq++};
    const TimerId id = m_nextId++;
    m_queue.emplace(key, Entry{id, cause, std::move(task), external});
    m_byId.emplace(id, key);
    return id;
}

bool EventLoop::cancel(TimerId id)
{
    assert(isOwnerThread());
    auto it = m_byId.find(id);
    if (it == m_byId.end())
        return false;
    m_queue.erase(it->second);
    m_byId.erase(it);
    return true;
}

void EventLoop::drainInbox()
{
    if (!m_inboxNonEmpty.load(std::memory_order_acquire))
        return;
    std::vector<Task> tasks;
    {
        std::lock_guard lock(m_inboxMutex);
        tasks.swap(m_inbox);
        m_inboxNonEmpty.store(false, std::memory_order_release);
    }
    // Work from other threads (an HTTP request, a runtime callback) starts a new chain.
    for (Task &task : tasks)
        enqueue(now(), 0, std::move(task), true);
}

void EventLoop::runEntry(std::map<Key, Entry>::iterator it)
{
    if (m_mode == ClockMode::Virtual && it->first.due > m_virtualNow)
        m_virtualNow = it->first.due;
    Entry entry = std::move(it->second);
    m_byId.erase(entry.id);
    m_queue.erase(it);
    m_currentCause = entry.cause;
    ++m_executed;
    entry.task();
    m_currentCause = 0;
    m_extraCauses.clear();
}

bool EventLoop::step()
{
    assert(isOwnerThread());
    drainInbox();
    if (m_queue.empty())
        return false;
    auto it = m_queue.begin();
    if (m_mode == ClockMode::Wall && it->first.due > now())
        return false;
    runEntry(it);
    return true;
}

std::size_t EventLoop::runReady()
{
    assert(isOwnerThread());
    std::size_t ran = 0;
    for (;;) {
        drainInbox();
        if (m_queue.empty() || m_queue.begin()->first.due > now())
            return ran;
        runEntry(m_queue.begin());
        ++ran;
    }
}

std::size_t EventLoop::runUntil(TimePoint until)
{
    assert(isOwnerThread());
    std::size_t ran = 0;
    for (;;) {
        drainInbox();
        if (m_queue.empty())
            break;
        const TimePoint due = m_queue.begin()->first.due;
        if (due > until || (m_mode == ClockMode::Wall && due > now()))
            break;
        runEntry(m_queue.begin());
        ++ran;
    }
    if (m_mode == ClockMode::Virtual && until > m_virtualNow)
        m_virtualNow = until;
    return ran;
}

std::size_t EventLoop::advance(Duration d)
{
    return runUntil(now() + d);
}

std::size_t EventLoop::runAll(std::size_t maxTasks)
{
    std::size_t ran = 0;
    while (ran < maxTasks && step())
        ++ran;
    return ran;
}

std::size_t EventLoop::runExternal()
{
    assert(isOwnerThread());
    std::size_t ran = 0;
    for (;;) {
        drainInbox();
        auto it = m_queue.begin();
        while (it != m_queue.end() && it->first.due <= now() && !it->second.external)
            ++it;
        if (it == m_queue.end() || it->first.due > now())
            return ran;
        runEntry(it);
        ++ran;
    }
}

std::optional<TimePoint> EventLoop::nextDue()
{
    assert(isOwnerThread());
    drainInbox();
    if (m_queue.empty())
        return std::nullopt;
    return m_queue.begin()->first.due;
}

std::size_t EventLoop::pendingCount()
{
    assert(isOwnerThread());
    drainInbox();
    return m_queue.size();
}

void EventLoop::setWakeUp(std::function<void()> wakeUp)
{
    std::lock_guard lock(m_inboxMutex);
    m_wakeUp = std::move(wakeUp);
}

void EventLoop::setOwnerThread()
{
    m_owner = std::this_thread::get_id();
}

void CauseList::add(TraceId cause)
{
    if (cause == 0 || m_ids.size() >= kMax || std::find(m_ids.begin(), m_ids.end(), cause) != m_ids.end())
        return;
    m_ids.push_back(cause);
}

CauseListScope::CauseListScope(EventLoop &loop, const CauseList &causes) : m_loop(loop), m_saved(loop.currentCause())
{
    if (causes.empty())
        return;
    loop.setCurrentCause(causes.ids().front());
    loop.setExtraCauses({causes.ids().begin() + 1, causes.ids().end()});
}

CauseListScope::~CauseListScope()
{
    m_loop.setCurrentCause(m_saved);
    m_loop.setExtraCauses({});
}

} // namespace k8slab::engine
