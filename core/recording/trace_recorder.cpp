#include "core/recording/trace_recorder.h"

#include "core/base/logging.h"

namespace k8slab::recording {

TraceRecorder::TraceRecorder(engine::TraceBus &bus, Recording &recording) : m_bus(bus), m_recording(recording)
{
    if (m_bus.nextId() <= recording.lastTraceId())
        m_bus.setNextId(recording.lastTraceId() + 1);
    m_subscription = m_bus.subscribe([this](const proto::TraceEvent &event) {
        Status s = m_recording.appendTrace(event);
        if (!s.ok() && m_error.ok()) {
            m_error = s;
            qCWarning(lcStore) << "trace recording stopped:" << s.toString().c_str();
        }
    });
}

TraceRecorder::~TraceRecorder()
{
    m_bus.unsubscribe(m_subscription);
}

} // namespace k8slab::recording
