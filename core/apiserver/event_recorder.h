#pragma once

#include "core/api/json.h"
#include "core/base/status.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace k8slab::apiserver {

class ApiServer;

/// Writes core/v1 Events about objects for one component, as client-go's event
/// recorder does: an event that repeats (same object, type, reason and message
/// within ten minutes) is not written again; the first one's count goes up and its
/// lastTimestamp moves on. Events are named <object name>.<creation time in hex ns>.
class EventRecorder {
public:
    /// A recorder writing through `api` as `component` (e.g. "default-scheduler")
    /// on `host` (a node name for kubelets; empty otherwise).
    EventRecorder(ApiServer &api, std::string component, std::string host = {});

    /// Records an event of `type` ("Normal" or "Warning") about `object` (any API
    /// object with apiVersion, kind and metadata).
    Status record(const api::Json &object, std::string_view type, std::string_view reason, std::string_view message);

private:
    struct Seen {
        std::string ns;
        std::string name;
        std::int64_t lastNs = 0;
    };

    ApiServer &m_api;
    std::string m_component;
    std::string m_host;
    std::map<std::string, Seen> m_seen;
    std::int64_t m_lastNameNs = -1; // the step time and bump of the last name taken
    std::int64_t m_lastBump = 0;
};

} // namespace k8slab::apiserver
