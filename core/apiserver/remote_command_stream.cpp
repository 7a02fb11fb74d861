#include "core/apiserver/remote_command_stream.h"

#include "core/apiserver/remote_command_spdy.h"

#include "core/apiserver/api_server.h"
#include "core/apiserver/socket_io.h"
#include "core/apiserver/status_response.h"
#include "core/apiserver/upgraded_connection.h"
#include "core/apiserver/websocket.h"
#include "core/engine/event_loop.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <future>
#include <memory>
#include <optional>

namespace k8slab::apiserver {

namespace {

using api::Json;
namespace ws = websocket;
using socketio::sendAll;

// Frames for the client, written by the session on the loop; the last one closes.
using Outbox = WakingQueue<std::string>;

// The sub-protocol to speak: the newest the client offers of those the lab serves.
std::optional<std::string> chooseProtocol(const std::vector<std::string> &offers)
{
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
            pollfd fds[2] = {{m_sock, POLLIN, 0}, {m_outbox->fd(), POLLIN, 0}};
            const int ready = ::poll(fds, clientReady ? 2 : 1, clientReady ? 500 : static_cast<int>(kClientSetup.count()));
            if (ready < 0 && errno != EINTR)
                break;
            if (fds[1].revents & POLLIN)
                m_outbox->acknowledge();
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
        bool finished = false;
        const std::deque<std::string> frames = m_outbox->take(&finished);
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
        const std::optional<std::string_view> got = socketio::receiveSome(m_sock, buffer, sizeof(buffer));
        if (!got)
            return false; // the client went away
        m_clientSpoke = m_clientSpoke || !got->empty();
        return deliverWebSocketMessages(m_sock, m_reader, *got,
                                        [this](const ws::Message &message) { return handle(message); });
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
    const std::optional<UpgradeHead> taken = takeUpgradeHead(socket, rawHead);
    if (!taken)
        return;
    const UpgradeHead &head = *taken;
    if (socketio::lowered(head.header("upgrade")).starts_with("spdy/"))
        return serveRemoteCommandOverSpdy(socket, head, api, loop, running);
    const Result<std::string> key = webSocketKey(head);
    if (!key.ok()) {
        sendHttpError(socket, key.status());
        return;
    }
    const std::string offered = head.header("sec-websocket-protocol");
    const std::optional<std::string> protocol = chooseProtocol(head.headerList("sec-websocket-protocol"));
    if (!protocol) {
        sendHttpError(socket, Status(StatusCode::BadRequest, "the lab serves exec and attach with the WebSocket protocols "
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
    const ApiRequest request = head.toRequest();
    loop.post([&api, &request, &started, output] { started.set_value(api.startRemoteCommand(request, output)); });
    Result<RemoteCommandSession> result = session.get();
    if (!result.ok()) {
        sendHttpError(socket, result.status());
        return;
    }
    if (!sendAll(socket, webSocketAccepted(*key, *protocol))) {
        loop.post([stop = result->stop] {
            if (stop)
                stop();
        });
        return;
    }
    Connection(socket, outbox, std::move(*result), *protocol == "v5.channel.k8s.io", loop).run(running);
}

} // namespace k8slab::apiserver
