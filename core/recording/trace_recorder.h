#pragma once

#include "core/engine/trace_bus.h"
#include "core/recording/recording.h"

namespace k8slab::recording {

/// Writes every event published on a trace bus into a recording. On attach it moves
/// the bus's ids past the recording's last one, so a resumed session appends.
class TraceRecorder {
public:
    /// Subscribes to `bus` and writes into `recording` until destroyed.
    TraceRecorder(engine::TraceBus &bus, Recording &recording);
    ~TraceRecorder();
    TraceRecorder(const TraceRecorder &) = delete;
    TraceRecorder &operator=(const TraceRecorder &) = delete;

    /// The first error met while writing, or OK.
    [[nodiscard]] const Status &error() const { return m_error; }

private:
    engine::TraceBus &m_bus;
    Recording &m_recording;
    engine::SubscriptionId m_subscription = 0;
    Status m_error;
};

} // namespace k8slab::recording
