#include "core/apiserver/remote_command_spdy.h"

#include "core/apiserver/api_server.h"
#include "core/apiserver/remote_command.h"
#include "core/apiserver/socket_io.h"
#include "core/apiserver/spdy.h"
#include "core/engine/event_loop.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <future>
#include <map>
#include <memory>

namespace k8slab::apiserver {

namespace {

using api::Json;
using socketio::sendAll;

// What the kubelet serves over SPDY, newest first (v5 exists for WebSockets only).
constexpr std::array<const char *, 3> kProtocols = {"v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io"};

// What the session produces for the client, on the loop.
struct Produced {
    enum class Kind { Stdout, Stderr, Finish } kind = Kind::Stdout;
    std::string bytes; // output, or the failure's message
    int exitCode = 0;
};
using Produce = WakingQueue<Produced>;

class SpdySession {
public:
    SpdySession(int sock, std::string protocol, const RemoteCommandOptions &options, std::shared_ptr<Produce> produced,
                RemoteCommandSession session, engine::EventLoop &loop)
        : m_sock(sock), m_protocol(std::move(protocol)), m_produced(std::move(produced)), m_session(std::move(session)),
          m_loop(loop)
    {
        // As the kubelet counts them: the error stream, one per stream asked for, and
        // the resize stream of a terminal (v3 and newer).
        m_expected = 1 + int(options.stdinOpen) + int(options.stdoutOpen) + int(options.stderrOpen)
                     + int(options.tty && m_protocol != "v2.channel.k8s.io");
    }

    void run(const std::function<bool()> &running)
    {
        while (running() && !m_done) {
            pollfd fds[2] = {{m_sock, POLLIN, 0}, {m_produced->fd(), POLLIN, 0}};
            if (::poll(fds, 2, 500) < 0 && errno != EINTR)
                break;
            if (fds[1].revents & POLLIN) {
                m_produced->acknowledge();
                if (ready() && !deliver())
                    break;
            }
            if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !readClient())
                break;
        }
        m_loop.post([stop = m_session.stop] {
            if (stop)
                stop();
        });
    }

private:
    [[nodiscard]] bool ready() const { return m_received >= m_expected; }

    bool readClient()
    {
        char buffer[32 * 1024];
        const std::optional<std::string_view> got = socketio::receiveSome(m_sock, buffer, sizeof(buffer));
        return got && m_frames.deliver(*got, [this](const spdy::Frame &frame) { return handle(frame); });
    }

    bool handle(const spdy::Frame &frame)
    {
        if (!frame.control) {
            clientData(frame);
            return true;
        }
        switch (frame.type) {
        case spdy::FrameType::SynStream: {
            if (!sendAll(m_sock, m_writer.synReply(frame.streamId)))
                return false;
            const auto type = frame.headers.find("streamtype");
            if (type == frame.headers.end() || m_streams.contains(type->second) || m_streams.size() >= 5)
                return true; // unknown or repeated: the kubelet ignores it too
            static constexpr std::array<std::string_view, 5> kTypes = {"error", "stdin", "stdout", "stderr", "resize"};
            if (std::find(kTypes.begin(), kTypes.end(), type->second) == kTypes.end())
                return true;
            m_streams[type->second] = frame.streamId;
            ++m_received;
            return !ready() || deliver(); // output held back until now
        }
        case spdy::FrameType::Ping:
            return sendAll(m_sock, m_writer.encode(frame));
        case spdy::FrameType::GoAway:
            m_done = true;
            return true;
        default:
            return true;
        }
    }

    void clientData(const spdy::Frame &frame)
    {
        if (frame.streamId == stream("stdin")) {
            if (!frame.data.empty())
                m_loop.post([input = m_session.input, data = frame.data] {
                    if (input)
                        input(data);
                });
            if (frame.fin()) // kubectl's stdin reached its end
                m_loop.post([close = m_session.closeInput] {
                    if (close)
                        close();
                });
        } else if (frame.streamId == stream("resize")) {
            // A JSON object per size change, each followed by a newline.
            m_resize += frame.data;
            for (std::size_t end; (end = m_resize.find('\n')) != std::string::npos;) {
                const Json size = Json::parse(m_resize.substr(0, end), nullptr, false);
                m_resize.erase(0, end + 1);
                if (size.is_object() && size.value("Width", 0) > 0)
                    m_loop.post([resize = m_session.resize, w = size.value("Width", 0), h = size.value("Height", 0)] {
                        if (resize)
                            resize(w, h);
                    });
            }
            if (m_resize.size() > 4096)
                m_resize.clear();
        }
    }

    [[nodiscard]] std::uint32_t stream(const std::string &type) const
    {
        const auto it = m_streams.find(type);
        return it == m_streams.end() ? 0 : it->second;
    }

    bool deliver()
    {
        for (Produced &item : m_produced->take()) {
            if (item.kind == Produced::Kind::Finish)
                return finish(item.exitCode, item.bytes);
            const std::uint32_t id = stream(item.kind == Produced::Kind::Stdout ? "stdout" : "stderr");
            if (id != 0 && !sendAll(m_sock, m_writer.data(id, item.bytes)))
                return false;
        }
        return true;
    }

    // The command ended: its Status on the error stream as the protocol writes it, every
    // stream closed, then the connection (after the client's own close, or 2 s).
    bool finish(int exitCode, const std::string &message)
    {
        const Json status = remoteCommandStatus(exitCode, message);
        std::string text;
        if (m_protocol == "v4.channel.k8s.io")
            text = status.dump();
        else if (exitCode != 0)
            text = status.value("message", "");
        const std::uint32_t error = stream("error");
        if (!text.empty() && error != 0)
            sendAll(m_sock, m_writer.data(error, text));
        for (const char *type : {"stdout", "stderr", "error"})
            if (const std::uint32_t id = stream(type); id != 0)
                sendAll(m_sock, m_writer.data(id, {}, true));
        spdy::Frame goAway;
        goAway.control = true;
        goAway.type = spdy::FrameType::GoAway;
        sendAll(m_sock, m_writer.encode(goAway));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd fd{m_sock, POLLIN, 0};
            if (::poll(&fd, 1, 100) > 0 && !readClient())
                break; // the client closed
        }
        m_done = true;
        return true;
    }

    int m_sock;
    std::string m_protocol;
    std::shared_ptr<Produce> m_produced;
    RemoteCommandSession m_session;
    engine::EventLoop &m_loop;
    spdy::FrameReader m_frames;
    spdy::FrameWriter m_writer;
    std::map<std::string, std::uint32_t, std::less<>> m_streams; // by stream type
    int m_expected = 1;
    int m_received = 0;
    std::string m_resize;
    bool m_done = false;
};

} // namespace

void serveRemoteCommandOverSpdy(int socket, const UpgradeHead &head, ApiServer &api, engine::EventLoop &loop,
                                const std::function<bool()> &running)
{
    // The first the client offers of those the kubelet serves (httpstream.Handshake).
    const std::vector<std::string> offered = head.headerList("x-stream-protocol-version");
    std::string protocol;
    for (const std::string &offer : offered)
        if (std::find(kProtocols.begin(), kProtocols.end(), offer) != kProtocols.end()) {
            protocol = offer;
            break;
        }
    if (protocol.empty()) {
        std::string clients, servers;
        for (const std::string &offer : offered)
            clients += (clients.empty() ? "" : " ") + offer;
        for (const char *served : kProtocols)
            servers += (servers.empty() ? "" : " ") + std::string(served);
        sendHttpError(socket, Status(StatusCode::Forbidden, "unable to upgrade: unable to negotiate protocol: client "
                                                            "supports ["
                                                                + clients + "], server supports [" + servers + "]"));
        return;
    }

    const ApiRequest request = head.toRequest();
    const Result<RemoteCommandOptions> options =
        parseRemoteCommand(request, request.path.ends_with("/attach"));
    auto produced = std::make_shared<Produce>();
    RemoteCommandOutput output;
    output.write = [produced](std::uint8_t channel, std::string bytes) {
        produced->push({channel == channel::kStderr ? Produced::Kind::Stderr : Produced::Kind::Stdout, std::move(bytes), 0});
    };
    output.finish = [produced](int exitCode, std::string message) {
        produced->push({Produced::Kind::Finish, std::move(message), exitCode}, true);
    };
    std::promise<Result<RemoteCommandSession>> started;
    std::future<Result<RemoteCommandSession>> session = started.get_future();
    loop.post([&api, &request, &started, output] { started.set_value(api.startRemoteCommand(request, output)); });
    Result<RemoteCommandSession> result = session.get();
    if (!result.ok()) {
        sendHttpError(socket, result.status());
        return;
    }
    if (!options.ok() || !sendAll(socket, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                         "X-Stream-Protocol-Version: "
                             + protocol + "\r\n\r\n")) {
        loop.post([stop = result->stop] {
            if (stop)
                stop();
        });
        return;
    }
    SpdySession(socket, protocol, *options, produced, std::move(*result), loop).run(running);
}

} // namespace k8slab::apiserver
