#pragma once

#include "core/apiserver/api_server.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "tests/support/json_compare.h"
#include "tests/support/test_support.h"

#include <string>

namespace k8slab::test {

/// An API server on a fresh recording, driven in-process (no HTTP), with helpers to
/// send requests the way kubectl sends them.
class ApiFixture {
public:
    /// Opens the recording and bootstraps the cluster (default namespaces, kubernetes Service).
    ApiFixture();

    /// Sends a request; `body` is JSON text; query is "a=b&c=d".
    apiserver::ApiResponse send(const std::string &method, const std::string &path, const std::string &body = {},
                                const std::string &contentType = "application/json", const std::string &accept = "application/json");
    /// The response body as JSON.
    static api::Json json(const apiserver::ApiResponse &response) { return api::Json::parse(response.body); }

    engine::EventLoop loop;
    engine::TraceBus trace{loop};
    TempRecording recording;
    std::unique_ptr<apiserver::ApiServer> api;
};

} // namespace k8slab::test
