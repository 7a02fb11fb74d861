#pragma once

#include "core/engine/trace_bus.h"
#include "core/proto/trace.pb.h"

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace k8slab::recording {

/// The recent trace in memory, indexed for the questions the step views ask: an event
/// by id, the events it led to (cause and also_caused_by), and the events about one
/// object. Fed by a trace bus (live) or by events read from a recording; keeps the
/// newest `capacity` events (the recording keeps all of them). Owner thread only.
class TraceIndex {
public:
    using TraceId = engine::TraceId;

    /// An index keeping at most `capacity` events.
    explicit TraceIndex(std::size_t capacity = kDefaultCapacity);
    ~TraceIndex();
    TraceIndex(const TraceIndex &) = delete;
    TraceIndex &operator=(const TraceIndex &) = delete;

    /// About 50 MB of events (bench_trace: ~820 bytes each): three hours of an idle
    /// three-node lab's virtual time, a whole lesson of a busy one.
    static constexpr std::size_t kDefaultCapacity = 60'000;

    /// Indexes every event `bus` publishes from now on, until detach() or destruction.
    void attach(engine::TraceBus &bus);
    /// Stops following the bus.
    void detach();
    /// Indexes one event; ids must increase (older or repeated ids are ignored).
    void add(const proto::TraceEvent &event);

    /// The event with this id, or null when unknown or dropped.
    [[nodiscard]] const proto::TraceEvent *find(TraceId id) const;
    /// The events this one led to, in id order.
    [[nodiscard]] const std::vector<TraceId> &effects(TraceId id) const;
    /// The events about one object (kind as the API names it, e.g. "Pod"), in id order.
    [[nodiscard]] const std::deque<TraceId> &about(std::string_view kind, std::string_view ns,
                                                    std::string_view name) const;
    /// The clock time (ns) of the last event stamped with store revision `revision` or
    /// earlier; 0 when the index holds none that old.
    [[nodiscard]] std::int64_t timeAtRevision(std::int64_t revision) const;
    /// The events held, oldest first.
    [[nodiscard]] const std::deque<proto::TraceEvent> &events() const { return m_events; }
    /// The oldest id held (0 when empty).
    [[nodiscard]] TraceId firstId() const { return m_events.empty() ? 0 : m_events.front().id(); }
    /// The newest id held (0 when empty).
    [[nodiscard]] TraceId lastId() const { return m_events.empty() ? 0 : m_events.back().id(); }

private:
    static std::string objectKey(std::string_view kind, std::string_view ns, std::string_view name);
    void dropOldest();

    std::size_t m_capacity;
    std::deque<proto::TraceEvent> m_events; // ids increase, not necessarily by one
    std::unordered_map<TraceId, std::vector<TraceId>> m_effects;
    std::unordered_map<std::string, std::deque<TraceId>> m_about;
    engine::TraceBus *m_bus = nullptr;
    engine::SubscriptionId m_subscription = 0;
};

} // namespace k8slab::recording
