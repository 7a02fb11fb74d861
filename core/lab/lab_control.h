#pragma once

#include "core/apiserver/request.h"

#include <chrono>
#include <optional>
#include <string_view>

namespace k8slab::engine {
class LoopDriver;
}

namespace k8slab::lab {

class LabSession;

/// The lab-control API under /lab/v1 (documented in docs/lab-api.md): the clock
/// (read, pause, resume, step, advance, speed) and the trace (by object, by revision
/// range). Runs on the loop's thread, beside the Kubernetes API.
class LabControl {
public:
    /// Controls `session`, whose loop `driver` drives.
    LabControl(LabSession &session, engine::LoopDriver &driver);

    /// Answers a /lab/v1 request; nothing for other paths.
    std::optional<apiserver::ApiResponse> handle(const apiserver::ApiRequest &request);

private:
    apiserver::ApiResponse clock();

    LabSession &m_session;
    engine::LoopDriver &m_driver;
};

/// Parses a Go-style duration ("250ms", "90s", "1h30m", "2m3.5s"); nullopt if malformed.
std::optional<std::chrono::nanoseconds> parseDuration(std::string_view text);

} // namespace k8slab::lab
