#include "core/engine/trace_bus.h"

#include <algorithm>
#include <cassert>

namespace k8slab::engine {

TraceBus::TraceBus(EventLoop &loop) : m_loop(loop)
{
}

void TraceBus::setRevisionSource(std::function<std::int64_t()> source)
{
    m_revision = std::move(source);
}

SubscriptionId TraceBus::subscribe(Subscriber subscriber)
{
    const SubscriptionId id = m_nextSubscription++;
    m_subscribers.emplace_back(id, std::move(subscriber));
    return id;
}

void TraceBus::unsubscribe(SubscriptionId id)
{
    // Nulling instead of erasing keeps an ongoing delivery's iteration valid.
    for (auto &[sid, subscriber] : m_subscribers) {
        if (sid == id)
            subscriber = nullptr;
    }
}

TraceId TraceBus::publish(proto::TraceEvent event)
{
    if (event.cause_id() == 0) {
        event.set_cause_id(m_loop.currentCause());
        for (TraceId extra : m_loop.extraCauses())
            if (extra != event.cause_id())
                event.add_also_caused_by(extra);
    }
    return deliver(event);
}

TraceId TraceBus::publishRoot(proto::TraceEvent event)
{
    event.set_cause_id(0);
    return deliver(event);
}

TraceId TraceBus::publish(std::string_view component, proto::TraceKind kind, std::string_view code,
                          const ObjectRef &object,
                          std::initializer_list<std::pair<std::string_view, std::string>> params)
{
    proto::TraceEvent event;
    event.set_component(std::string(component));
    event.set_kind(kind);
    event.set_code(std::string(code));
    if (!object.kind.empty() || !object.name.empty()) {
        proto::ObjectRef *ref = event.mutable_object();
        ref->set_kind(object.kind);
        ref->set_namespace_(object.ns);
        ref->set_name(object.name);
        ref->set_uid(object.uid);
    }
    auto &map = *event.mutable_params();
    for (const auto &[key, value] : params)
        map[std::string(key)] = value;
    return publish(std::move(event));
}

TraceId TraceBus::deliver(proto::TraceEvent &event)
{
    assert(m_loop.isOwnerThread());
    const TraceId id = m_nextId++;
    event.set_id(id);
    event.set_time_ns(toNanos(m_loop.now()));
    if (m_revision && event.revision() == 0)
        event.set_revision(m_revision());
    m_loop.setCurrentCause(id);
    m_loop.setExtraCauses({});
    // Index loop: a subscriber may subscribe or publish while we deliver.
    ++m_delivering;
    for (std::size_t i = 0; i < m_subscribers.size(); ++i) {
        if (m_subscribers[i].second) {
            auto subscriber = m_subscribers[i].second; // survives an unsubscribe from within
            subscriber(event);
        }
    }
    if (--m_delivering == 0)
        std::erase_if(m_subscribers, [](const auto &entry) { return !entry.second; });
    return id;
}

} // namespace k8slab::engine
