#pragma once

#include "core/apiserver/request.h"
#include "core/base/result.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace k8slab::engine {
class EventLoop;
}

namespace k8slab::apiserver {

class ApiServer;

/// The API server's HTTP/1.1 front-end (cpp-httplib). Requests are read on the
/// library's worker threads and handed to the engine loop with post(); a write is
/// answered only once its revision is durable. Watches stream chunked JSON lines;
/// exec and attach upgrade to a WebSocket (remote_command_stream.h).
class HttpFrontend {
public:
    /// Largest request body accepted (upstream's limit for an object is 3 MiB).
    static constexpr std::size_t kMaxBodyBytes = 3 * 1024 * 1024;

    /// A front-end for `api`, which runs on `loop`.
    HttpFrontend(ApiServer &api, engine::EventLoop &loop);
    /// Stops listening and ends open watches.
    ~HttpFrontend();
    HttpFrontend(const HttpFrontend &) = delete;
    HttpFrontend &operator=(const HttpFrontend &) = delete;

    /// Starts serving on host:port (port 0 picks a free one); returns the port.
    Result<int> listen(const std::string &host, int port);
    /// Stops serving; returns once every worker has finished its request. On the loop's
    /// thread it runs the requests the workers still wait for meanwhile.
    void stop();
    /// A handler tried before the Kubernetes API (on the loop thread), e.g. the
    /// lab-control API under /lab/v1; it answers nothing for paths it does not own.
    void setExtraHandler(std::function<std::optional<ApiResponse>(const ApiRequest &)> handler);
    /// The port served, 0 before listen().
    [[nodiscard]] int port() const { return m_port; }

private:
    void installRoutes();

    ApiServer &m_api;
    engine::EventLoop &m_loop;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    std::atomic<bool> m_served{false}; // the server's thread has returned
    int m_port = 0;
    std::function<std::optional<ApiResponse>(const ApiRequest &)> m_extra;
};

} // namespace k8slab::apiserver
