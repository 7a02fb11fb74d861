#pragma once

#include "core/engine/time.h"
#include "core/kubelet/container_runtime.h"
#include "runtime/sim/sim_redis.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace k8slab::runtime::sim {

/// One TCP connection that a simulated server accepted (kubectl port-forward reaches it
/// from localhost inside the pod). An HTTP server reads HTTP/1.x requests from the byte
/// stream — several on a kept-alive connection, bodies skipped by Content-Length —
/// answers each with its page and the headers the real server sends, and writes an
/// access log line for it as that server does (nginx's "combined" format with its
/// trailing "$http_x_forwarded_for", Apache's common format). GET and HEAD are served;
/// other methods get 405; a request that is not HTTP gets 400 and the connection is
/// closed. redis speaks its own protocol (RedisSession); another server that does not
/// speak HTTP accepts and stays silent.
class SimConnection {
public:
    /// What the connection needs of the container that accepted it.
    struct Server {
        std::string behaviour; ///< "nginx", "httpd", "hpa-example", "redis", …
        bool http = true;      ///< speaks HTTP
        /// The answer to a GET of a path: status and page lines.
        std::function<std::pair<int, std::vector<std::string>>(const std::string &path)> answer;
        /// Writes one line to the container's stdout.
        std::function<void(const std::string &line)> log;
        /// The lab's clock.
        std::function<engine::TimePoint()> now;
        /// redis: the container's keys.
        std::shared_ptr<RedisData> redis;
    };

    SimConnection(Server server, kubelet::PortStreamOutput output);

    /// Bytes from the client.
    void input(std::string_view bytes);
    /// The client sends nothing more: the server finishes and closes.
    void inputClosed();
    /// The server's process went away (the container stopped): the connection drops.
    void drop();
    /// True once the server closed the connection (output.closed was called).
    [[nodiscard]] bool closed() const { return m_closed; }

private:
    bool serveOne();
    void respond(int status, const std::string &method, const std::string &requestLine, const std::string &userAgent,
                 const std::string &referer, std::string body, bool keepAlive);
    void close();

    Server m_server;
    kubelet::PortStreamOutput m_output;
    std::string m_buffer;
    std::size_t m_bodyToSkip = 0;
    bool m_closed = false;
    std::optional<RedisSession> m_redis;
};

/// An HTTP date (RFC 7231, "Sat, 28 Nov 2026 09:30:00 GMT").
std::string httpDate(engine::TimePoint t);
/// The time as a web server's access log writes it ("28/Nov/2026:09:30:00 +0000").
std::string accessLogTime(engine::TimePoint t);

} // namespace k8slab::runtime::sim
