#pragma once

// What the connections that leave HTTP behind share (kubectl exec and attach over a
// WebSocket, port-forward over SPDY): the request head they arrived with, answering it
// with an error while it is still HTTP, and the queue through which the engine loop
// hands output to the connection's own thread. Internal to core/apiserver.

#include "core/apiserver/request.h"
#include "core/apiserver/websocket.h"
#include "core/base/result.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace k8slab::apiserver {

/// The request line and headers of an upgrade.
struct UpgradeHead {
    std::string method;
    std::string target;                         ///< path and query, as sent
    std::map<std::string, std::string> headers; ///< lower-case names; repeated ones joined by ", "

    /// A header's value; empty when absent.
    [[nodiscard]] std::string header(const std::string &lowerName) const;
    /// The comma-separated values of a header, trimmed ("a, b" → {a, b}).
    [[nodiscard]] std::vector<std::string> headerList(const std::string &lowerName) const;
    /// As the API server takes requests: the decoded path, the query, the User-Agent.
    [[nodiscard]] ApiRequest toRequest() const;
};

/// Parses `head` (through the empty line).
UpgradeHead parseUpgradeHead(const std::string &head);

/// Reads the head the server only peeked at (so what follows is next) and parses it;
/// nothing when the client is gone.
std::optional<UpgradeHead> takeUpgradeHead(int sock, const std::string &head);

/// The client's Sec-WebSocket-Key, or BadRequest when the handshake is not RFC 6455's.
Result<std::string> webSocketKey(const UpgradeHead &head);
/// The 101 answer to a WebSocket handshake, speaking `protocol`.
std::string webSocketAccepted(const std::string &key, const std::string &protocol);

/// Answers with `status` as a plain HTTP error (JSON Status, connection closed), as
/// upstream answers an upgrade it refuses, so kubectl prints the server's words.
void sendHttpError(int sock, const Status &status);

/// Feeds bytes that arrived on a WebSocket to `reader` and hands each whole message to
/// `handle` (which returns false to end the session). A protocol error is answered
/// with the close frame that fits and ends the session too. True while it goes on.
bool deliverWebSocketMessages(int sock, websocket::FrameReader &reader, std::string_view bytes,
                              const std::function<bool(const websocket::Message &)> &handle);

/// Items the engine loop produces for a connection's thread, with an eventfd that wakes
/// the thread's poll(). After the item marked last, nothing more is taken.
template<typename T>
class WakingQueue {
public:
    WakingQueue() : m_wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
    ~WakingQueue()
    {
        if (m_wake >= 0)
            ::close(m_wake);
    }
    WakingQueue(const WakingQueue &) = delete;
    WakingQueue &operator=(const WakingQueue &) = delete;

    /// Adds an item (any thread).
    void push(T item, bool last = false)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_finished)
                return;
            m_items.push_back(std::move(item));
            m_finished = last;
        }
        const std::uint64_t one = 1;
        if (m_wake >= 0)
            (void)!::write(m_wake, &one, sizeof(one));
    }
    /// Everything waiting, and whether the last item was among what was ever pushed.
    std::deque<T> take(bool *finished = nullptr)
    {
        std::lock_guard lock(m_mutex);
        if (finished)
            *finished = m_finished;
        return std::exchange(m_items, {});
    }
    /// The descriptor to poll (POLLIN when items wait).
    [[nodiscard]] int fd() const { return m_wake; }
    /// Clears the wake-up after poll() reported it.
    void acknowledge()
    {
        std::uint64_t count = 0;
        (void)!::read(m_wake, &count, sizeof(count));
    }

private:
    std::mutex m_mutex;
    std::deque<T> m_items;
    bool m_finished = false;
    int m_wake;
};

} // namespace k8slab::apiserver
