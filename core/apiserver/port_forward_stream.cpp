#include "core/apiserver/port_forward_stream.h"

#include "core/apiserver/api_server.h"
#include "core/apiserver/socket_io.h"
#include "core/apiserver/spdy.h"
#include "core/apiserver/upgraded_connection.h"
#include "core/apiserver/websocket.h"
#include "core/engine/event_loop.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <future>
#include <map>
#include <memory>

namespace k8slab::apiserver {

namespace {

using api::Json;
namespace ws = websocket;
using socketio::sendAll;

constexpr const char *kProtocol = "portforward.k8s.io";
constexpr const char *kTunnelProtocol = "SPDY/3.1+portforward.k8s.io";
// How many local connections one session may have open at once (a browser behind the
// forward opens a handful).
constexpr std::size_t kMaxPairs = 1024;

// What the loop reports about one forwarded connection, keyed by the client's requestID.
struct PodEvent {
    enum class Kind { Data, Closed, Failed } kind = Kind::Data;
    std::string request;
    std::string bytes; // Data: from the pod; Failed: why
};
using PodEvents = WakingQueue<PodEvent>;

// The connections a session opened, touched on the loop only.
struct LoopSide {
    std::map<std::string, PortForwardConnection> connections;

    void stopAll()
    {
        for (auto &[request, connection] : connections)
            if (connection.stop)
                connection.stop();
        connections.clear();
    }
};

// One local connection of the client: its two streams and how far each side got.
struct StreamPair {
    std::uint32_t errorStream = 0;
    std::uint32_t dataStream = 0;
    std::string port;
    bool opened = false;     // the connection was asked for
    bool clientDone = false; // the client closed its data stream
    bool podDone = false;    // the pod's side closed (or could not be reached)
};

class Session {
public:
    Session(int sock, bool tunnel, Json pod, ApiServer &api, engine::EventLoop &loop)
        : m_sock(sock), m_tunnel(tunnel), m_pod(std::move(pod)), m_api(api), m_loop(loop)
    {
    }

    void run(const std::function<bool()> &running)
    {
        while (running() && !m_done) {
            pollfd fds[2] = {{m_sock, POLLIN, 0}, {m_events->fd(), POLLIN, 0}};
            const int ready = ::poll(fds, 2, 500);
            if (ready < 0 && errno != EINTR)
                break;
            if (fds[1].revents & POLLIN) {
                m_events->acknowledge();
                if (!deliverPodEvents())
                    break;
            }
            if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !readClient())
                break;
        }
        // Whatever ended the session, the pod's connections go with it.
        m_loop.post([side = m_side] { side->stopAll(); });
    }

private:
    bool send(const std::string &spdyBytes)
    {
        return sendAll(m_sock, m_tunnel ? ws::encodeFrame(ws::Opcode::Binary, spdyBytes) : spdyBytes);
    }

    bool readClient()
    {
        char buffer[32 * 1024];
        const std::optional<std::string_view> got = socketio::receiveSome(m_sock, buffer, sizeof(buffer));
        if (!got)
            return false; // the client went away
        const std::string_view bytes = *got;
        if (!m_tunnel)
            return readFrames(bytes);
        return deliverWebSocketMessages(m_sock, m_messages, bytes, [this](const ws::Message &message) {
            switch (message.opcode) {
            case ws::Opcode::Ping:
                return sendAll(m_sock, ws::encodeFrame(ws::Opcode::Pong, message.payload));
            case ws::Opcode::Close:
                sendAll(m_sock, ws::encodeClose(ws::kCloseNormal));
                return false;
            case ws::Opcode::Binary: // the tunnel: SPDY bytes, cut anywhere
                return readFrames(message.payload);
            default:
                return true;
            }
        });
    }

    // False when the session ends (a frame that cannot be followed, the client gone).
    bool readFrames(std::string_view bytes)
    {
        return m_frames.deliver(bytes, [this](const spdy::Frame &frame) { return handle(frame); });
    }

    bool handle(const spdy::Frame &frame)
    {
        if (!frame.control)
            return clientData(frame);
        switch (frame.type) {
        case spdy::FrameType::SynStream:
            return newStream(frame);
        case spdy::FrameType::RstStream:
            reset(frame.streamId);
            return true;
        case spdy::FrameType::Ping: // client-go pings every 5 s; the answer is the same frame
            return send(m_writer.encode(frame));
        case spdy::FrameType::GoAway:
            m_done = true;
            return true;
        default:
            return true; // SETTINGS, WINDOW_UPDATE, HEADERS change nothing here
        }
    }

    bool newStream(const spdy::Frame &frame)
    {
        const auto header = [&](const char *name) {
            const auto it = frame.headers.find(name);
            return it == frame.headers.end() ? std::string() : it->second;
        };
        const std::string type = header("streamtype");
        // Clients before requestID paired an error stream with the data stream after it.
        std::string request = header("requestid");
        if (request.empty())
            request = std::to_string(type == "data" ? frame.streamId - 2 : frame.streamId);
        if (type != "error" && type != "data")
            return refuse(frame.streamId, spdy::kRstProtocolError);
        if (!m_pairs.contains(request) && m_pairs.size() >= kMaxPairs)
            return refuse(frame.streamId, spdy::kRstRefusedStream); // a client that never closes what it opens
        if (!send(m_writer.synReply(frame.streamId)))
            return false;
        StreamPair &pair = m_pairs[request];
        if (type == "error") {
            pair.errorStream = frame.streamId;
        } else {
            pair.dataStream = frame.streamId;
            pair.port = header("port");
        }
        m_requestOf[frame.streamId] = request;
        if (pair.errorStream != 0 && pair.dataStream != 0 && !pair.opened) {
            pair.opened = true;
            open(request, pair.port);
        }
        return true;
    }

    bool refuse(std::uint32_t streamId, std::uint32_t status)
    {
        spdy::Frame rst;
        rst.control = true;
        rst.type = spdy::FrameType::RstStream;
        rst.streamId = streamId;
        rst.value = status;
        return send(m_writer.encode(rst));
    }

    // Asks the node agents for a connection to the port; what happens to it comes back
    // as PodEvents.
    void open(const std::string &request, const std::string &portText)
    {
        char *end = nullptr;
        const long port = std::strtol(portText.c_str(), &end, 10);
        auto events = m_events;
        PortForwardOutput output;
        output.write = [events, request](std::string bytes) {
            events->push({PodEvent::Kind::Data, request, std::move(bytes)});
        };
        output.closed = [events, request] { events->push({PodEvent::Kind::Closed, request, {}}); };
        const bool valid = !portText.empty() && *end == '\0' && port >= 1 && port <= 65535;
        m_loop.post([&api = m_api, side = m_side, pod = m_pod, request, port = valid ? int(port) : 0, portText,
                     output = std::move(output), events] {
            Result<PortForwardConnection> connection =
                port > 0 ? api.connectPortForward(pod, port, output)
                         : Result<PortForwardConnection>(Status(StatusCode::BadRequest, "invalid port \"" + portText + "\""));
            if (!connection.ok())
                events->push({PodEvent::Kind::Failed, request, connection.status().message()});
            else
                side->connections[request] = std::move(*connection);
        });
    }

    bool clientData(const spdy::Frame &frame)
    {
        const auto requestIt = m_requestOf.find(frame.streamId);
        if (requestIt == m_requestOf.end())
            return true; // a stream already gone
        const std::string request = requestIt->second;
        StreamPair &pair = m_pairs[request];
        if (frame.streamId != pair.dataStream)
            return true; // the client writes nothing on the error stream; it only closes it
        if (!frame.data.empty())
            m_loop.post([side = m_side, request, bytes = frame.data] {
                if (auto it = side->connections.find(request); it != side->connections.end() && it->second.write)
                    it->second.write(bytes);
            });
        if (frame.fin()) {
            pair.clientDone = true;
            m_loop.post([side = m_side, request] {
                if (auto it = side->connections.find(request); it != side->connections.end() && it->second.closeWrite)
                    it->second.closeWrite();
            });
            forgetIfDone(request);
        }
        return true;
    }

    void reset(std::uint32_t streamId)
    {
        const auto it = m_requestOf.find(streamId);
        if (it == m_requestOf.end())
            return;
        const std::string request = it->second;
        drop(request);
    }

    bool deliverPodEvents()
    {
        for (PodEvent &event : m_events->take()) {
            const auto it = m_pairs.find(event.request);
            if (it == m_pairs.end())
                continue;
            StreamPair &pair = it->second;
            bool sent = true;
            if (event.kind == PodEvent::Kind::Data) {
                sent = send(m_writer.data(pair.dataStream, event.bytes));
            } else {
                // As the kubelet ends a forward: the reason (if any) on the error
                // stream, then both streams closed.
                if (event.kind == PodEvent::Kind::Failed)
                    sent = send(m_writer.data(pair.errorStream, event.bytes));
                sent = sent && send(m_writer.data(pair.dataStream, {}, true))
                       && send(m_writer.data(pair.errorStream, {}, true));
                pair.podDone = true;
                forgetIfDone(event.request);
            }
            if (!sent)
                return false;
        }
        return true;
    }

    void forgetIfDone(const std::string &request)
    {
        const auto it = m_pairs.find(request);
        if (it != m_pairs.end() && it->second.clientDone && it->second.podDone)
            drop(request);
    }

    void drop(const std::string &request)
    {
        const auto it = m_pairs.find(request);
        if (it == m_pairs.end())
            return;
        m_requestOf.erase(it->second.errorStream);
        m_requestOf.erase(it->second.dataStream);
        m_pairs.erase(it);
        m_loop.post([side = m_side, request] {
            if (auto c = side->connections.find(request); c != side->connections.end()) {
                if (c->second.stop)
                    c->second.stop();
                side->connections.erase(c);
            }
        });
    }

    int m_sock;
    bool m_tunnel;
    Json m_pod;
    ApiServer &m_api;
    engine::EventLoop &m_loop;
    std::shared_ptr<PodEvents> m_events = std::make_shared<PodEvents>();
    std::shared_ptr<LoopSide> m_side = std::make_shared<LoopSide>();
    ws::FrameReader m_messages;
    spdy::FrameReader m_frames;
    spdy::FrameWriter m_writer;
    std::map<std::string, StreamPair> m_pairs;
    std::map<std::uint32_t, std::string> m_requestOf;
    bool m_done = false;
};

bool offers(const std::vector<std::string> &list, const std::string &wanted)
{
    return std::find(list.begin(), list.end(), wanted) != list.end();
}

} // namespace

void servePortForward(int socket, const std::string &rawHead, ApiServer &api, engine::EventLoop &loop,
                      const std::function<bool()> &running)
{
    const std::optional<UpgradeHead> taken = takeUpgradeHead(socket, rawHead);
    if (!taken)
        return;
    const UpgradeHead &head = *taken;
    const bool tunnel = socketio::lowered(head.header("upgrade")) == "websocket";
    std::string answer;
    if (tunnel) {
        const Result<std::string> key = webSocketKey(head);
        if (!key.ok()) {
            sendHttpError(socket, key.status());
            return;
        }
        if (!offers(head.headerList("sec-websocket-protocol"), kTunnelProtocol)) {
            sendHttpError(socket, Status(StatusCode::BadRequest,
                                         std::string("the lab forwards ports over SPDY/3.1, raw or tunnelled in a "
                                                     "WebSocket (sub-protocol ")
                                             + kTunnelProtocol + "); the client offered \""
                                             + head.header("sec-websocket-protocol") + "\""));
            return;
        }
        answer = webSocketAccepted(*key, kTunnelProtocol);
    } else {
        const std::vector<std::string> versions = head.headerList("x-stream-protocol-version");
        if (!versions.empty() && !offers(versions, kProtocol)) {
            sendHttpError(socket, Status(StatusCode::Forbidden, "unable to upgrade: unable to negotiate protocol: client "
                                                                "supports "
                                                                    + head.header("x-stream-protocol-version")
                                                                    + ", server supports [" + kProtocol + "]"));
            return;
        }
        answer = std::string("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n")
                 + (versions.empty() ? "" : std::string("X-Stream-Protocol-Version: ") + kProtocol + "\r\n") + "\r\n";
    }

    std::promise<Result<Json>> started;
    std::future<Result<Json>> pod = started.get_future();
    const ApiRequest request = head.toRequest();
    loop.post([&api, &request, &started] { started.set_value(api.startPortForward(request)); });
    Result<Json> accepted = pod.get();
    if (!accepted.ok()) {
        sendHttpError(socket, accepted.status());
        return;
    }
    if (!sendAll(socket, answer))
        return;
    Session(socket, tunnel, std::move(*accepted), api, loop).run(running);
}

} // namespace k8slab::apiserver
