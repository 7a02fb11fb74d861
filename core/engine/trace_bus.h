#pragma once

#include "core/engine/event_loop.h"
#include "core/proto/trace.pb.h"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace k8slab::engine {

/// Identifies a subscription to the trace bus.
using SubscriptionId = std::uint64_t;

/// The object a trace event concerns, for building events conveniently.
struct ObjectRef {
    /// The kind, e.g. "Pod".
    std::string kind;
    /// The namespace; empty for cluster-scoped objects.
    std::string ns;
    /// The object's name.
    std::string name;
    /// The object's uid, when known.
    std::string uid;
};

/// Where components publish the steps they take and where views, the recorder and
/// tests listen. Owner thread of the event loop only.
///
/// Publishing stamps the event with the next id, the loop's clock time, the store
/// revision and — unless the event names one — the loop's current cause. The new
/// event then becomes the current cause, so what the component does next in the same
/// task (and any task it schedules) is recorded as caused by it. Use CauseScope to
/// pin a cause when one step fans out into several siblings.
class TraceBus {
public:
    /// Receives every published event, in order.
    using Subscriber = std::function<void(const proto::TraceEvent &)>;

    /// A bus stamping events with `loop`'s time and causes.
    explicit TraceBus(EventLoop &loop);

    /// Supplies the store revision stamped on each event (0 until set).
    void setRevisionSource(std::function<std::int64_t()> source);
    /// Adds a subscriber; returns the id to remove it with.
    SubscriptionId subscribe(Subscriber subscriber);
    /// Removes a subscriber; safe to call from within a delivery.
    void unsubscribe(SubscriptionId id);

    /// Stamps and delivers an event; returns its id.
    TraceId publish(proto::TraceEvent event);
    /// Builds, stamps and delivers an event from its parts; returns its id.
    TraceId publish(std::string_view component, proto::TraceKind kind, std::string_view code,
                    const ObjectRef &object = {},
                    std::initializer_list<std::pair<std::string_view, std::string>> params = {});
    /// Like publish, but the event is a root: it has no cause whatever is current.
    TraceId publishRoot(proto::TraceEvent event);

    /// Makes the next event get `id` (for a session resumed from a recording).
    void setNextId(TraceId id) { m_nextId = id; }
    /// The id the next event will get.
    [[nodiscard]] TraceId nextId() const { return m_nextId; }
    /// The loop the bus stamps events from.
    EventLoop &loop() { return m_loop; }

private:
    TraceId deliver(proto::TraceEvent &event);

    EventLoop &m_loop;
    std::function<std::int64_t()> m_revision;
    std::vector<std::pair<SubscriptionId, Subscriber>> m_subscribers;
    SubscriptionId m_nextSubscription = 1;
    TraceId m_nextId = 1;
    int m_delivering = 0;
};

} // namespace k8slab::engine
