#include "core/recording/trace_index.h"

#include <algorithm>

namespace k8slab::recording {

namespace {
const std::vector<engine::TraceId> kNone;
const std::deque<engine::TraceId> kNoEvents;
} // namespace

TraceIndex::TraceIndex(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 1))
{
}

TraceIndex::~TraceIndex()
{
    detach();
}

void TraceIndex::attach(engine::TraceBus &bus)
{
    detach();
    m_bus = &bus;
    m_subscription = bus.subscribe([this](const proto::TraceEvent &event) { add(event); });
}

void TraceIndex::detach()
{
    if (m_bus)
        m_bus->unsubscribe(m_subscription);
    m_bus = nullptr;
    m_subscription = 0;
}

std::string TraceIndex::objectKey(std::string_view kind, std::string_view ns, std::string_view name)
{
    std::string key;
    key.reserve(kind.size() + ns.size() + name.size() + 2);
    key.append(kind).append(1, '/').append(ns).append(1, '/').append(name);
    return key;
}

void TraceIndex::add(const proto::TraceEvent &event)
{
    if (!m_events.empty() && event.id() <= m_events.back().id())
        return;
    if (m_events.size() >= m_capacity)
        dropOldest();
    m_events.push_back(event);
    if (event.cause_id() != 0)
        m_effects[event.cause_id()].push_back(event.id());
    for (TraceId also : event.also_caused_by())
        m_effects[also].push_back(event.id());
    if (!event.object().name().empty())
        m_about[objectKey(event.object().kind(), event.object().namespace_(), event.object().name())].push_back(event.id());
}

void TraceIndex::dropOldest()
{
    const proto::TraceEvent &oldest = m_events.front();
    m_effects.erase(oldest.id());
    if (!oldest.object().name().empty()) {
        auto it = m_about.find(objectKey(oldest.object().kind(), oldest.object().namespace_(), oldest.object().name()));
        if (it != m_about.end()) {
            // The oldest event is first in its object's list.
            if (!it->second.empty() && it->second.front() == oldest.id())
                it->second.pop_front();
            if (it->second.empty())
                m_about.erase(it);
        }
    }
    m_events.pop_front();
}

const proto::TraceEvent *TraceIndex::find(TraceId id) const
{
    auto it = std::lower_bound(m_events.begin(), m_events.end(), id,
                               [](const proto::TraceEvent &e, TraceId wanted) { return e.id() < wanted; });
    return it != m_events.end() && it->id() == id ? &*it : nullptr;
}

std::int64_t TraceIndex::timeAtRevision(std::int64_t revision) const
{
    // Revisions never decrease along the trace: the store's revision only grows.
    auto after = std::upper_bound(m_events.begin(), m_events.end(), revision,
                                  [](std::int64_t wanted, const proto::TraceEvent &e) { return wanted < e.revision(); });
    return after == m_events.begin() ? 0 : std::prev(after)->time_ns();
}

const std::vector<engine::TraceId> &TraceIndex::effects(TraceId id) const
{
    auto it = m_effects.find(id);
    return it == m_effects.end() ? kNone : it->second;
}

const std::deque<engine::TraceId> &TraceIndex::about(std::string_view kind, std::string_view ns,
                                                     std::string_view name) const
{
    auto it = m_about.find(objectKey(kind, ns, name));
    return it == m_about.end() ? kNoEvents : it->second;
}

} // namespace k8slab::recording
