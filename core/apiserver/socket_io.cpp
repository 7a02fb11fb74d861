#include "core/apiserver/socket_io.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace k8slab::apiserver::socketio {

bool waitFor(int sock, short events, std::chrono::milliseconds timeout)
{
    pollfd fd{sock, events, 0};
    int result = 0;
    do {
        result = ::poll(&fd, 1, static_cast<int>(timeout.count()));
    } while (result < 0 && errno == EINTR);
    return result > 0 && (fd.revents & (events | POLLHUP | POLLERR)) != 0;
}

std::optional<std::string_view> receiveSome(int sock, char *buffer, std::size_t size)
{
    const ssize_t got = ::recv(sock, buffer, size, 0);
    if (got < 0 && errno == EINTR)
        return std::string_view();
    if (got <= 0)
        return std::nullopt;
    return std::string_view(buffer, static_cast<std::size_t>(got));
}

bool sendAll(int sock, std::string_view bytes)
{
    while (!bytes.empty()) {
        if (!waitFor(sock, POLLOUT, std::chrono::seconds(10)))
            return false;
        const ssize_t sent = ::send(sock, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

} // namespace k8slab::apiserver::socketio
