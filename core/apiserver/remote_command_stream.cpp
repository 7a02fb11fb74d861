#include "core/apiserver/remote_command_stream.h"

#include "core/apiserver/api_server.h"
#include "core/apiserver/socket_io.h"
#include "core/apiserver/status_response.h"
#include "core/apiserver/websocket.h"
#include "core/engine/event_loop.h"

#include <httplib.h>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace k8slab::apiserver {

namespace {

using api::Json;
namespace ws = websocket;
using socketio::lowered;
using socketio::sendAll;

// Frames waiting for the connection's thread, written by the session on the loop. An
// eventfd wakes the connection's poll() when something arrives.
struct Outbox {
    Outbox() : wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
    ~Outbox()
    {
        if (wake >= 0)
            ::close(wake);
    }
    Outbox(const Outbox &) = delete;
    Outbox &operator=(const Outbox &) = delete;

    void push(std::string frame, bool last = false)
    {
        {
            std::lock_guard lock(mutex);
            if (finished)
                return;
            frames.push_back(std::move(frame));
            finished = last;
        }
        const std::uint64_t one = 1;
        if (wake >= 0)
            (void)!::write(wake, &one, sizeof(one));
    }

    std::mutex mutex;
    std::deque<std::string> frames;
    bool finished = false;
    int wake;
};

struct Head {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers; // lower-case names
};

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

Head parseHead(const std::string &head)
{
    Head parsed;
    std::size_t lineStart = 0;
    bool first = true;
    while (lineStart < head.size()) {
        const std::size_t lineEnd = head.find("\r\n", lineStart);
        if (lineEnd == std::string::npos || lineEnd == lineStart)
            break;
        const std::string line = head.substr(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 2;
        if (first) {
            first = false;
            const auto space = line.find(' ');
            const auto second = line.find(' ', space + 1);
            parsed.method = line.substr(0, space);
            if (space != std::string::npos)
                parsed.target = line.substr(space + 1, second == std::string::npos ? std::string::npos : second - space - 1);
            continue;
        }
        const auto colon = line.find(':');
        if (colon != std::string::npos)
            parsed.headers[lowered(trimmed(line.substr(0, colon)))] = trimmed(line.substr(colon + 1));
    }
    return parsed;
}

std::string header(const Head &head, const std::string &name)
{
    const auto it = head.headers.find(name);
    return it == head.headers.end() ? std::string() : it->second;
}

ApiRequest toRequest(const Head &head)
{
    ApiRequest request;
    request.method = head.method;
    const auto question = head.target.find('?');
    request.path = httplib::detail::decode_url(head.target.substr(0, question), false);
    if (question != std::string::npos) {
        httplib::Params params;
        httplib::detail::parse_query_text(head.target.substr(question + 1), params);
        for (const auto &[key, value] : params)
            request.query.emplace(key, value);
    }
    request.userAgent = header(head, "user-agent");
    return request;
}

// Consumes the head the server peeked at, so the frames that follow are next.
bool consume(int sock, std::size_t bytes)
{
    std::string sink(bytes, '\0');
    std::size_t got = 0;
    while (got < bytes) {
        const ssize_t n = ::recv(sock, sink.data() + got, bytes - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += static_cast<std::size_t>(n);
    }
    return true;
}

const char *reasonPhrase(int code)
{
    switch (code) {
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 503: return "Service Unavailable";
    default: return code >= 500 ? "Internal Server Error" : "Error";
    }
}

void sendError(int sock, const Status &status)
{
    const ApiResponse response = errorResponse(status);
    sendAll(sock, "HTTP/1.1 " + std::to_string(response.code) + " " + reasonPhrase(response.code)
                      + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(response.body.size())
                      + "\r\nConnection: close\r\n\r\n" + response.body);
}

// The sub-protocol to speak: the newest the client offers of those the lab serves.
std::optional<std::string> chooseProtocol(const std::string &offered)
{
    std::vector<std::string> offers;
    std::size_t start = 0;
    while (start <= offered.size()) {
        const auto comma = offered.find(',', start);
        offers.push_back(trimmed(offered.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    for (const char *served : {"v5.channel.k8s.io", "v4.channel.k8s.io"})
        if (std::find(offers.begin(), offers.end(), served) != offers.end())
            return std::string(served);
    return std::nullopt;
}

// How long the output waits after the handshake for the client to be ready.
constexpr std::chrono::milliseconds kClientSetup{100};

// One WebSocket connection's life after the handshake.
class Connection {
public:
    Connection(int sock, std::shared_ptr<Outbox> outbox, RemoteCommandSession session, bool v5, engine::EventLoop &loop)
        : m_sock(sock), m_outbox(std::move(outbox)), m_session(std::move(session)), m_v5(v5), m_loop(loop)
    {
    }

    void run(const std::function<bool()> &running)
    {
        // client-go sets up its streams just after the handshake and drops a message that
        // arrives before ("Unknown stream id 1, discarding message"): hold the output back
        // a moment (or until the client speaks: a terminal's first resize), as a real
        // container's first output would come later anyway.
        const auto readyAt = std::chrono::steady_clock::now() + kClientSetup;
        while (running()) {
            const bool clientReady = m_clientSpoke || std::chrono::steady_clock::now() >= readyAt;
            if (clientReady && !drain())
                break;
            if (m_done)
                break;
            pollfd fds[2] = {{m_sock, POLLIN, 0}, {m_outbox->wake, POLLIN, 0}};
            const int ready = ::poll(fds, clientReady ? 2 : 1, clientReady ? 500 : static_cast<int>(kClientSetup.count()));
            if (ready < 0 && errno != EINTR)
                break;
            if (fds[1].revents & POLLIN) {
                std::uint64_t count = 0;
                (void)!::read(m_outbox->wake, &count, sizeof(count));
            }
            if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !readFrames())
                break;
        }
        // However it ended, the session stops (a shell the client left, an attach).
        m_loop.post([stop = m_session.stop] {
            if (stop)
                stop();
        });
    }

private:
    // Writes what the session produced; after its last frame, closes (1000).
    bool drain()
    {
        std::deque<std::string> frames;
        bool finished = false;
        {
            std::lock_guard lock(m_outbox->mutex);
            frames.swap(m_outbox->frames);
            finished = m_outbox->finished;
        }
        for (const std::string &frame : frames)
            if (!sendAll(m_sock, frame))
                return false;
        if (finished && !m_closeSent) {
            m_closeSent = sendAll(m_sock, ws::encodeClose(ws::kCloseNormal));
            awaitClose();
            m_done = true;
        }
        return true;
    }

    // After our close frame, the client answers with its own; give it a moment.
    void awaitClose()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd fd{m_sock, POLLIN, 0};
            if (::poll(&fd, 1, 100) <= 0)
                continue;
            if (!readFrames() || m_peerClosed)
                return;
        }
    }

    bool readFrames()
    {
        char buffer[16 * 1024];
        const ssize_t got = ::recv(m_sock, buffer, sizeof(buffer), 0);
        if (got < 0 && errno == EINTR)
            return true;
        if (got <= 0)
            return false; // the client went away
        m_clientSpoke = true;
        m_reader.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
        for (;;) {
            Result<std::optional<ws::Message>> message = m_reader.next();
            if (!message.ok()) {
                sendAll(m_sock, ws::encodeClose(m_reader.closeCode(), message.status().message()));
                return false;
            }
            if (!message->has_value())
                return true;
            if (!handle(**message))
                return false;
        }
    }

    bool handle(const ws::Message &message)
    {
        switch (message.opcode) {
        case ws::Opcode::Ping: // kubectl pings every 5 s and gives up without pongs
            return sendAll(m_sock, ws::encodeFrame(ws::Opcode::Pong, message.payload));
        case ws::Opcode::Close:
            m_peerClosed = true;
            if (!m_closeSent)
                m_closeSent = sendAll(m_sock, ws::encodeClose(ws::kCloseNormal));
            return false;
        case ws::Opcode::Binary:
            channelMessage(message.payload);
            return true;
        default:
            return true; // text frames belong to the base64 protocols, which are not served
        }
    }

    void channelMessage(const std::string &payload)
    {
        if (payload.empty())
            return;
        const auto stream = static_cast<std::uint8_t>(payload[0]);
        std::string data = payload.substr(1);
        if (stream == channel::kStdin && !data.empty()) {
            m_loop.post([input = m_session.input, data = std::move(data)] {
                if (input)
                    input(data);
            });
        } else if (stream == channel::kResize) {
            const Json size = Json::parse(data, nullptr, false);
            if (size.is_object() && size.value("Width", 0) > 0)
                m_loop.post([resize = m_session.resize, w = size.value("Width", 0), h = size.value("Height", 0)] {
                    if (resize)
                        resize(w, h);
                });
        } else if (stream == channel::kClose && m_v5 && !data.empty()
                   && static_cast<std::uint8_t>(data[0]) == channel::kStdin) {
            m_loop.post([close = m_session.closeInput] {
                if (close)
                    close();
            });
        }
    }

    int m_sock;
    std::shared_ptr<Outbox> m_outbox;
    RemoteCommandSession m_session;
    bool m_v5;
    engine::EventLoop &m_loop;
    ws::FrameReader m_reader;
    bool m_closeSent = false;
    bool m_clientSpoke = false;
    bool m_peerClosed = false;
    bool m_done = false;
};

} // namespace

void serveRemoteCommand(int socket, const std::string &rawHead, ApiServer &api, engine::EventLoop &loop,
                        const std::function<bool()> &running)
{
    if (!consume(socket, rawHead.size()))
        return;
    const Head head = parseHead(rawHead);
    const std::string key = header(head, "sec-websocket-key");
    if (header(head, "sec-websocket-version") != "13" || key.empty()) {
        sendError(socket, Status(StatusCode::BadRequest, "a WebSocket upgrade needs Sec-WebSocket-Version: 13 and a "
                                                         "Sec-WebSocket-Key"));
        return;
    }
    const std::string offered = header(head, "sec-websocket-protocol");
    const std::optional<std::string> protocol = chooseProtocol(offered);
    if (!protocol) {
        sendError(socket, Status(StatusCode::BadRequest, "the lab serves exec and attach with the WebSocket protocols "
                                                         "v5.channel.k8s.io and v4.channel.k8s.io; the client offered \""
                                                             + offered + "\""));
        return;
    }

    auto outbox = std::make_shared<Outbox>();
    RemoteCommandOutput output;
    output.write = [outbox](std::uint8_t stream, std::string bytes) {
        bytes.insert(bytes.begin(), static_cast<char>(stream));
        outbox->push(ws::encodeFrame(ws::Opcode::Binary, bytes));
    };
    output.finish = [outbox](int exitCode, std::string message) {
        std::string status(1, static_cast<char>(channel::kError));
        status += remoteCommandStatus(exitCode, message).dump();
        outbox->push(ws::encodeFrame(ws::Opcode::Binary, status), true);
    };
    std::promise<Result<RemoteCommandSession>> started;
    std::future<Result<RemoteCommandSession>> session = started.get_future();
    const ApiRequest request = toRequest(head);
    loop.post([&api, &request, &started, output] { started.set_value(api.startRemoteCommand(request, output)); });
    Result<RemoteCommandSession> result = session.get();
    if (!result.ok()) {
        sendError(socket, result.status());
        return;
    }
    if (!sendAll(socket, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Accept: "
                             + ws::acceptKey(key) + "\r\nSec-WebSocket-Protocol: " + *protocol + "\r\n\r\n")) {
        loop.post([stop = result->stop] {
            if (stop)
                stop();
        });
        return;
    }
    Connection(socket, outbox, std::move(*result), *protocol == "v5.channel.k8s.io", loop).run(running);
}

} // namespace k8slab::apiserver
