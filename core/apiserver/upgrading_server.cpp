#include "core/apiserver/upgrading_server.h"

#include "core/apiserver/socket_io.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <optional>
#include <thread>

namespace k8slab::apiserver {

namespace {

using Clock = std::chrono::steady_clock;
using socketio::lowered;
using socketio::waitFor;

// Whether a request head asks for a connection of its own: a WebSocket (exec, attach,
// port-forward tunnelled), or SPDY/3.1 for a pod's exec, attach or port-forward.
bool asksForUpgrade(std::string_view head)
{
    const std::string lower = lowered(std::string(head));
    const auto upgrade = lower.find("\r\nupgrade:");
    if (upgrade == std::string::npos)
        return false;
    const std::string value = lower.substr(upgrade + 10, lower.find("\r\n", upgrade + 2) - upgrade - 10);
    if (value.find("websocket") != std::string::npos)
        return lower.compare(0, 4, "get ") == 0;
    const std::string target = lower.substr(0, lower.find(' ', lower.find(' ') + 1));
    const std::string path = target.substr(0, target.find('?'));
    return value.find("spdy/3.1") != std::string::npos
           && (path.ends_with("/portforward") || path.ends_with("/exec") || path.ends_with("/attach"));
}

// The head of the connection's first request when it asks for an upgrade, left unread.
std::optional<std::string> peekUpgradeHead(socket_t sock, time_t waitSeconds)
{
    constexpr std::size_t kLimit = 16 * 1024;
    if (!waitFor(sock, POLLIN, std::chrono::seconds(waitSeconds)))
        return std::nullopt;
    std::string buffer(kLimit, '\0');
    // The head of one request nearly always arrives in one segment; give a slow sender
    // a moment, then let cpp-httplib's own timeouts deal with it.
    const auto deadline = Clock::now() + std::chrono::seconds(1);
    for (;;) {
        const ssize_t got = ::recv(sock, buffer.data(), buffer.size(), MSG_PEEK);
        if (got <= 0)
            return std::nullopt;
        const std::string_view seen(buffer.data(), static_cast<std::size_t>(got));
        if (seen.size() >= 5 && seen.substr(0, 4) != "GET " && seen.substr(0, 5) != "POST ")
            return std::nullopt;
        if (const auto end = seen.find("\r\n\r\n"); end != std::string_view::npos) {
            if (!asksForUpgrade(seen.substr(0, end + 2)))
                return std::nullopt;
            return std::string(seen.substr(0, end + 4));
        }
        if (static_cast<std::size_t>(got) == kLimit || Clock::now() >= deadline)
            return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

// What cpp-httplib's SocketStream does: reads and writes with the server's timeouts.
class SocketStream : public httplib::Stream {
public:
    SocketStream(socket_t sock, std::chrono::milliseconds readTimeout, std::chrono::milliseconds writeTimeout)
        : m_sock(sock), m_readTimeout(readTimeout), m_writeTimeout(writeTimeout)
    {
    }

    bool is_readable() const override { return waitFor(m_sock, POLLIN, m_readTimeout); }
    // Writable, and the peer still there: a long-running answer (a watch with nothing
    // to send) asks this between writes, so a client that left is noticed without one.
    bool is_writable() const override { return peerConnected() && waitFor(m_sock, POLLOUT, m_writeTimeout); }

    ssize_t read(char *ptr, size_t size) override
    {
        if (!is_readable())
            return -1;
        ssize_t got = 0;
        do {
            got = ::recv(m_sock, ptr, size, 0);
        } while (got < 0 && errno == EINTR);
        return got;
    }

    ssize_t write(const char *ptr, size_t size) override
    {
        if (!is_writable())
            return -1;
        ssize_t sent = 0;
        do {
            sent = ::send(m_sock, ptr, size, MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        return sent;
    }

    void get_remote_ip_and_port(std::string &ip, int &port) const override { addressOf(true, ip, port); }
    void get_local_ip_and_port(std::string &ip, int &port) const override { addressOf(false, ip, port); }
    socket_t socket() const override { return m_sock; }

private:
    bool peerConnected() const
    {
        pollfd fd{m_sock, POLLIN, 0};
        if (::poll(&fd, 1, 0) <= 0)
            return true; // nothing to read: still there
        if (fd.revents & (POLLERR | POLLHUP))
            return false;
        char byte = 0;
        const ssize_t got = ::recv(m_sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return got > 0 || (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
    }

    void addressOf(bool peer, std::string &ip, int &port) const
    {
        sockaddr_storage address{};
        socklen_t length = sizeof(address);
        const int result = peer ? ::getpeername(m_sock, reinterpret_cast<sockaddr *>(&address), &length)
                                : ::getsockname(m_sock, reinterpret_cast<sockaddr *>(&address), &length);
        if (result != 0)
            return;
        char host[NI_MAXHOST] = {};
        char service[NI_MAXSERV] = {};
        if (::getnameinfo(reinterpret_cast<sockaddr *>(&address), length, host, sizeof(host), service, sizeof(service),
                          NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
            ip = host;
            port = std::atoi(service);
        }
    }

    socket_t m_sock;
    std::chrono::milliseconds m_readTimeout;
    std::chrono::milliseconds m_writeTimeout;
};

// The wait between two requests on a kept-alive connection, as cpp-httplib's keep_alive():
// up to the keep-alive timeout, giving up early when the server stops.
bool keepAlive(socket_t sock, const std::atomic<socket_t> &listening, time_t timeoutSeconds)
{
    const auto deadline = Clock::now() + std::chrono::seconds(timeoutSeconds);
    while (listening != INVALID_SOCKET && Clock::now() < deadline) {
        if (waitFor(sock, POLLIN, std::chrono::milliseconds(100)))
            return true;
    }
    return false;
}

std::chrono::milliseconds toMilliseconds(time_t seconds, time_t microseconds)
{
    return std::chrono::milliseconds(seconds * 1000 + microseconds / 1000);
}

thread_local bool t_closeAfterAnswer = false;

} // namespace

void UpgradingServer::closeAfterThisAnswer()
{
    t_closeAfterAnswer = true;
}

bool UpgradingServer::process_and_close_socket(socket_t sock)
{
    // An answer goes out as header and body in two writes; with Nagle's algorithm the
    // second waits for the client's delayed ACK, 40 ms per request.
    const int on = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    bool served = false;
    if (std::optional<std::string> head = peekUpgradeHead(sock, keep_alive_timeout_sec_)) {
        m_onUpgrade(sock, *head);
        served = true;
    } else {
        SocketStream stream(sock, toMilliseconds(read_timeout_sec_, read_timeout_usec_),
                            toMilliseconds(write_timeout_sec_, write_timeout_usec_));
        std::size_t remaining = keep_alive_max_count_;
        while (remaining > 0 && keepAlive(sock, svr_sock_, keep_alive_timeout_sec_)) {
            bool connectionClosed = false;
            t_closeAfterAnswer = false;
            served = process_request(stream, remaining == 1, connectionClosed, nullptr);
            if (!served || connectionClosed || t_closeAfterAnswer)
                break;
            --remaining;
        }
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return served;
}

} // namespace k8slab::apiserver
