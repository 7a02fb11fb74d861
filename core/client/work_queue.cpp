#include "core/client/work_queue.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace k8slab::client {

namespace {
constexpr engine::Duration kBaseDelay = std::chrono::milliseconds(5);
constexpr engine::Duration kMaxDelay = std::chrono::seconds(1000);
constexpr double kQps = 10.0;
constexpr double kBurst = 100.0;
} // namespace

WorkQueue::WorkQueue(engine::EventLoop &loop, std::string name, Process process)
    : m_loop(loop), m_name(std::move(name)), m_process(std::move(process)), m_tokensAt(loop.now())
{
}

WorkQueue::~WorkQueue()
{
    for (engine::TimerId id : m_timers)
        m_loop.cancel(id);
    if (m_drainScheduled)
        m_loop.cancel(m_drain);
}

void WorkQueue::add(const std::string &key)
{
    m_causes[key].add(m_loop.currentCause());
    if (m_dirty.contains(key))
        return;
    m_dirty.insert(key);
    if (m_processing.contains(key))
        return; // goes back in when its current processing is done
    m_queue.push_back(key);
    schedule();
}

void WorkQueue::addAfter(const std::string &key, engine::Duration delay)
{
    if (delay <= engine::Duration::zero()) {
        add(key);
        return;
    }
    // The timer id is only known after scheduling; the task finds it via a shared slot.
    auto slot = std::make_shared<engine::TimerId>(0);
    *slot = m_loop.schedule(delay, [this, key, slot] {
        m_timers.erase(*slot);
        add(key);
    });
    m_timers.insert(*slot);
}

engine::Duration WorkQueue::nextDelay(const std::string &key)
{
    const int failures = m_failures[key]++;
    const double exponential = std::min(static_cast<double>(kBaseDelay.count()) * std::pow(2.0, failures),
                                        static_cast<double>(kMaxDelay.count()));
    // Token bucket: refill since the last look, then take one (possibly going into debt).
    const engine::TimePoint now = m_loop.now();
    const double elapsed = std::chrono::duration<double>(now - m_tokensAt).count();
    m_tokens = std::min(kBurst, m_tokens + elapsed * kQps);
    m_tokensAt = now;
    m_tokens -= 1.0;
    const double bucketSeconds = m_tokens >= 0 ? 0.0 : -m_tokens / kQps;
    const auto bucket = std::chrono::duration_cast<engine::Duration>(std::chrono::duration<double>(bucketSeconds));
    return std::max(engine::Duration(static_cast<engine::Duration::rep>(exponential)), bucket);
}

void WorkQueue::addRateLimited(const std::string &key)
{
    addAfter(key, nextDelay(key));
}

void WorkQueue::forget(const std::string &key)
{
    m_failures.erase(key);
}

int WorkQueue::numRequeues(const std::string &key) const
{
    auto it = m_failures.find(key);
    return it == m_failures.end() ? 0 : it->second;
}

void WorkQueue::schedule()
{
    if (m_drainScheduled || m_queue.empty())
        return;
    m_drainScheduled = true;
    m_drain = m_loop.schedule(engine::Duration::zero(), [this] {
        m_drainScheduled = false;
        processOne();
    });
}

void WorkQueue::processOne()
{
    if (m_queue.empty())
        return;
    const std::string key = m_queue.front();
    m_queue.pop_front();
    m_dirty.erase(key);
    m_processing.insert(key);
    engine::CauseList causes;
    if (auto it = m_causes.find(key); it != m_causes.end()) {
        causes = std::move(it->second);
        m_causes.erase(it);
    }
    {
        engine::CauseListScope scope(m_loop, causes);
        m_process(key);
    }
    m_processing.erase(key);
    if (m_dirty.contains(key))
        m_queue.push_back(key); // added again while it was being processed
    schedule();
}

} // namespace k8slab::client
