// kubectl port-forward at the API server, over a real loopback socket: the upgrade to
// SPDY/3.1 (raw, and tunnelled in WebSocket binary messages), stream pairs matched by
// requestID, bytes both ways, pings answered, the close of both streams when the pod's
// side closes, a connection that cannot be made reported on the error stream, the
// pod's connections dropped when the client leaves, and the upgrades that are refused.
#include "core/apiserver/http_frontend.h"
#include "core/apiserver/spdy.h"
#include "tests/support/api_fixture.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTest>

#include <atomic>
#include <thread>

using namespace k8slab;
using namespace apiserver::spdy;
using api::Json;
using test::ApiFixture;

namespace {

// What the fake node agents saw, on the loop thread.
struct PodSide {
    std::vector<std::string> received; // bytes written to port 80
    int closedWrites = 0;
    int stops = 0;
};

// A loopback client that speaks SPDY, raw or inside WebSocket messages.
class Client {
public:
    Client(int port, bool tunnel) : m_tunnel(tunnel)
    {
        m_sock = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(std::uint16_t(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_sock, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
    }
    ~Client() { close(); }
    void close()
    {
        if (m_sock >= 0)
            ::close(m_sock);
        m_sock = -1;
    }

    // Sends the upgrade for `path` and returns the answer's head (and body, for errors).
    std::string upgrade(const std::string &path, const std::string &extraHeaders = {})
    {
        std::string request = m_tunnel ? "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                                             "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                       : "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n";
        request += extraHeaders + "\r\n";
        send(request);
        std::string head;
        while (head.find("\r\n\r\n") == std::string::npos && readSome(head)) {
        }
        const auto end = head.find("\r\n\r\n");
        if (end != std::string::npos && head.starts_with("HTTP/1.1 101")) {
            m_wire = head.substr(end + 4); // anything after the head is the session's
            return head.substr(0, end + 4);
        }
        while (readSome(head)) { // an error: the body until the server closes
        }
        return head;
    }

    void sendFrame(const std::string &spdyBytes)
    {
        if (!m_tunnel)
            return send(spdyBytes);
        // A masked binary WebSocket message (clients always mask).
        std::string frame("\x82", 1);
        const std::size_t size = spdyBytes.size();
        if (size < 126) {
            frame.push_back(char(0x80 | size));
        } else {
            frame.push_back(char(0x80 | 126));
            frame.push_back(char(size >> 8));
            frame.push_back(char(size & 0xff));
        }
        const char mask[4] = {0x11, 0x22, 0x33, 0x44};
        frame.append(mask, 4);
        for (std::size_t i = 0; i < size; ++i)
            frame.push_back(char(spdyBytes[i] ^ mask[i % 4]));
        send(frame);
    }

    // The next SPDY frame from the server, or nothing after 5 s or when it closed.
    std::optional<Frame> next()
    {
        for (;;) {
            auto frame = m_reader.next();
            if (!frame.ok())
                return std::nullopt;
            if (frame->has_value())
                return **frame;
            if (!unwrap())
                return std::nullopt;
        }
    }

    FrameWriter writer;
    [[nodiscard]] bool connected() const { return m_connected; }

private:
    void send(const std::string &bytes)
    {
        if (m_sock >= 0)
            (void)!::send(m_sock, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }

    bool readSome(std::string &into)
    {
        pollfd fd{m_sock, POLLIN, 0};
        if (::poll(&fd, 1, 5000) <= 0)
            return false;
        char buffer[8192];
        const ssize_t got = ::recv(m_sock, buffer, sizeof(buffer), 0);
        if (got <= 0)
            return false;
        into.append(buffer, std::size_t(got));
        return true;
    }

    // Moves the next SPDY bytes to the reader: all that came (raw), or the payload of
    // the next whole binary message (the server's frames are not masked).
    bool unwrap()
    {
        if (!m_tunnel) {
            if (m_wire.empty() && !readSome(m_wire))
                return false;
            m_reader.feed(m_wire);
            m_wire.clear();
            return true;
        }
        for (;;) {
            if (m_wire.size() >= 2) {
                std::size_t length = std::uint8_t(m_wire[1]) & 0x7f;
                std::size_t at = 2;
                if (length == 126 && m_wire.size() >= 4) {
                    length = (std::size_t(std::uint8_t(m_wire[2])) << 8) | std::uint8_t(m_wire[3]);
                    at = 4;
                }
                if (length != 126 && m_wire.size() >= at + length) {
                    const bool binary = (std::uint8_t(m_wire[0]) & 0x0f) == 0x2;
                    if (binary)
                        m_reader.feed(std::string_view(m_wire).substr(at, length));
                    m_wire.erase(0, at + length);
                    if (binary)
                        return true;
                    continue;
                }
            }
            if (!readSome(m_wire))
                return false;
        }
    }

    int m_sock = -1;
    bool m_tunnel;
    bool m_connected = false;
    std::string m_wire;
    FrameReader m_reader;
};

Frame synStream(std::uint32_t id, const std::string &type, const std::string &port, const std::string &request)
{
    Frame frame;
    frame.control = true;
    frame.type = FrameType::SynStream;
    frame.streamId = id;
    frame.headers = {{"streamtype", type}, {"port", port}};
    if (!request.empty())
        frame.headers["requestid"] = request;
    return frame;
}

std::string describe(const std::optional<Frame> &frame)
{
    if (!frame)
        return "nothing";
    if (!frame->control)
        return "DATA " + std::to_string(frame->streamId) + (frame->fin() ? " FIN" : "") + " \"" + frame->data + "\"";
    return "control " + std::to_string(int(frame->type)) + " on " + std::to_string(frame->streamId) + " value "
           + std::to_string(frame->value);
}

} // namespace

class TestPortForwardStream : public QObject {
    Q_OBJECT

private:
    ApiFixture m_fx;
    std::unique_ptr<apiserver::HttpFrontend> m_http;
    int m_port = 0;
    PodSide m_pod;

    // Runs `client` on a thread while this one drives the loop; its report ("" = fine).
    QString drive(const std::function<std::string()> &client)
    {
        std::atomic<bool> done = false;
        std::string report;
        std::thread thread([&] {
            report = client();
            done = true;
        });
        while (!done) {
            m_fx.loop.runExternal();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        thread.join();
        for (int i = 0; i < 50; ++i) { // what the session posted as it ended
            m_fx.loop.runExternal();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return QString::fromStdString(report);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_fx.send("POST", "/api/v1/namespaces/default/pods",
                           Json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "web"}}},
                                {"spec", {{"nodeName", "worker-1"}, {"containers", {{{"name", "nginx"}, {"image", "nginx"}}}}}}}
                               .dump())
                     .code,
                 201);
        QCOMPARE(m_fx.send("POST", "/api/v1/namespaces/default/pods",
                           Json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "pending"}}},
                                {"spec", {{"containers", {{{"name", "nginx"}, {"image", "nginx"}}}}}}}
                               .dump())
                     .code,
                 201);
        // Port 80 answers "echo:" and what it got, and closes when the client does;
        // nothing listens on any other port.
        apiserver::PodPortForwarder forwarder;
        forwarder.reachable = [](const Json &) { return Status(); };
        forwarder.connect = [this](const Json &, int port, apiserver::PortForwardOutput output)
            -> Result<apiserver::PortForwardConnection> {
            if (port != 80)
                return Status(StatusCode::Unavailable, "error forwarding port " + std::to_string(port)
                                                           + " to pod abc, uid : connection refused");
            apiserver::PortForwardConnection connection;
            connection.write = [this, output](std::string bytes) {
                m_pod.received.push_back(bytes);
                output.write("echo:" + bytes);
            };
            connection.closeWrite = [this, output] {
                ++m_pod.closedWrites;
                output.closed();
            };
            connection.stop = [this] { ++m_pod.stops; };
            return connection;
        };
        m_fx.api->setPodPortForwarder(forwarder);
        m_http = std::make_unique<apiserver::HttpFrontend>(*m_fx.api, m_fx.loop);
        Result<int> port = m_http->listen("127.0.0.1", 0);
        QVERIFY(port.ok());
        m_port = *port;
    }

    void cleanupTestCase() { m_http->stop(); }

    void forwardsBothWays_data()
    {
        QTest::addColumn<bool>("tunnel");
        QTest::newRow("SPDY/3.1") << false;
        QTest::newRow("SPDY/3.1 in a WebSocket") << true;
    }

    void forwardsBothWays()
    {
        QFETCH(bool, tunnel);
        m_pod = {};
        const QString report = drive([&]() -> std::string {
            Client client(m_port, tunnel);
            if (!client.connected())
                return "cannot connect";
            const std::string head = client.upgrade("/api/v1/namespaces/default/pods/web/portforward",
                                                    tunnel ? "Sec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n"
                                                           : "X-Stream-Protocol-Version: portforward.k8s.io\r\n");
            const std::string wanted = tunnel ? "Sec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n"
                                              : "X-Stream-Protocol-Version: portforward.k8s.io\r\n";
            if (!head.starts_with("HTTP/1.1 101 Switching Protocols\r\n") || head.find(wanted) == std::string::npos)
                return "no upgrade: " + head;
            // As kubectl does per local connection: the error stream (closed at once:
            // the client writes nothing on it), then the data stream.
            client.sendFrame(client.writer.encode(synStream(1, "error", "80", "0")));
            client.sendFrame(client.writer.data(1, {}, true));
            client.sendFrame(client.writer.encode(synStream(3, "data", "80", "0")));
            client.sendFrame(client.writer.data(3, "hello"));
            std::vector<std::string> expected = {"control 2 on 1 value 0", "control 2 on 3 value 0", "DATA 3 \"echo:hello\""};
            for (const std::string &want : expected)
                if (const std::string got = describe(client.next()); got != want)
                    return "wanted " + want + ", got " + got;
            Frame ping;
            ping.control = true;
            ping.type = FrameType::Ping;
            ping.value = 1;
            client.sendFrame(client.writer.encode(ping));
            if (const std::string got = describe(client.next()); got != "control 6 on 0 value 1")
                return "no pong: " + got;
            // The client closes its side: the pod's side closes, and both streams end.
            client.sendFrame(client.writer.data(3, {}, true));
            for (const char *want : {"DATA 3 FIN \"\"", "DATA 1 FIN \"\""})
                if (const std::string got = describe(client.next()); got != want)
                    return std::string("wanted ") + want + ", got " + got;
            // A second local connection, to a port where nothing listens.
            client.sendFrame(client.writer.encode(synStream(5, "error", "81", "1")));
            client.sendFrame(client.writer.encode(synStream(7, "data", "81", "1")));
            expected = {"control 2 on 5 value 0", "control 2 on 7 value 0",
                        "DATA 5 \"error forwarding port 81 to pod abc, uid : connection refused\"", "DATA 7 FIN \"\"",
                        "DATA 5 FIN \"\""};
            for (const std::string &want : expected)
                if (const std::string got = describe(client.next()); got != want)
                    return "wanted " + want + ", got " + got;
            return {};
        });
        QVERIFY2(report.isEmpty(), qPrintable(report));
        QCOMPARE(m_pod.received, std::vector<std::string>{"hello"});
        QCOMPARE(m_pod.closedWrites, 1);
        QVERIFY(m_pod.stops >= 1); // the finished connection was let go
    }

    void clientsWithoutRequestIds()
    {
        // Before requestID, the data stream was the one after its error stream.
        m_pod = {};
        const QString report = drive([&]() -> std::string {
            Client client(m_port, false);
            if (!client.upgrade("/api/v1/namespaces/default/pods/web/portforward").starts_with("HTTP/1.1 101"))
                return "no upgrade";
            client.sendFrame(client.writer.encode(synStream(1, "error", "80", "")));
            client.sendFrame(client.writer.encode(synStream(3, "data", "80", "")));
            client.sendFrame(client.writer.data(3, "x"));
            for (const char *want : {"control 2 on 1 value 0", "control 2 on 3 value 0", "DATA 3 \"echo:x\""})
                if (const std::string got = describe(client.next()); got != want)
                    return std::string("wanted ") + want + ", got " + got;
            return {}; // and leaves without closing anything
        });
        QVERIFY2(report.isEmpty(), qPrintable(report));
        QCOMPARE(m_pod.stops, 1); // the client went away: its connection is dropped
    }

    void refusedUpgrades_data()
    {
        QTest::addColumn<bool>("tunnel");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QString>("answer");
        const QString web = "/api/v1/namespaces/default/pods/web/portforward";
        QTest::newRow("no such pod") << false << "/api/v1/namespaces/default/pods/nope/portforward" << ""
                                     << "HTTP/1.1 404 Not Found.*pods \\\\\"nope\\\\\" not found";
        QTest::newRow("not scheduled") << false << "/api/v1/namespaces/default/pods/pending/portforward" << ""
                                       << "HTTP/1.1 400 Bad Request.*pod pending does not have a host assigned";
        QTest::newRow("bad ports") << false << web + "?ports=80,x" << ""
                                   << "HTTP/1.1 400 .*unable to parse \\\\\"x\\\\\" as a port";
        QTest::newRow("other protocol") << false << web << "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                                        << "HTTP/1.1 403 .*unable to negotiate protocol";
        QTest::newRow("WebSocket without SPDY") << true << web << "Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n"
                                                << "HTTP/1.1 400 .*SPDY/3.1\\+portforward.k8s.io";
    }

    void refusedUpgrades()
    {
        QFETCH(bool, tunnel);
        QFETCH(QString, path);
        QFETCH(QString, headers);
        QFETCH(QString, answer);
        std::string got;
        const QString report = drive([&]() -> std::string {
            Client client(m_port, tunnel);
            got = client.upgrade(path.toStdString(), headers.toStdString());
            return {};
        });
        QVERIFY2(report.isEmpty(), qPrintable(report));
        const QRegularExpression pattern(answer, QRegularExpression::DotMatchesEverythingOption);
        QVERIFY2(pattern.match(QString::fromStdString(got)).hasMatch(), got.c_str());
    }

    void garbageEndsTheSession_data()
    {
        QTest::addColumn<bool>("tunnel");
        QTest::addColumn<QByteArray>("garbage");
        QTest::newRow("SPDY/2 frame") << false << QByteArray("\x80\x02\x00\x06\x00\x00\x00\x04" "abcd", 12);
        QTest::newRow("header block that is not zlib")
            << false << QByteArray("\x80\x03\x00\x01\x00\x00\x00\x0e\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00" "junk", 22);
        QTest::newRow("a 16 MiB frame") << true << QByteArray("\x00\x00\x00\x01\x00\xff\xff\xff", 8);
    }

    void garbageEndsTheSession()
    {
        QFETCH(bool, tunnel);
        QFETCH(QByteArray, garbage);
        m_pod = {};
        const QString report = drive([&]() -> std::string {
            Client client(m_port, tunnel);
            if (!client.upgrade("/api/v1/namespaces/default/pods/web/portforward",
                                tunnel ? "Sec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n" : "")
                     .starts_with("HTTP/1.1 101"))
                return "no upgrade";
            client.sendFrame(client.writer.encode(synStream(1, "error", "80", "0")));
            client.sendFrame(client.writer.encode(synStream(3, "data", "80", "0")));
            client.sendFrame(std::string(garbage.constData(), std::size_t(garbage.size())));
            // The replies to the two streams, then the server hangs up.
            int frames = 0;
            while (client.next())
                ++frames;
            return frames == 2 ? std::string() : "got " + std::to_string(frames) + " frames";
        });
        QVERIFY2(report.isEmpty(), qPrintable(report));
        QCOMPARE(m_pod.stops, 1); // the connection the pair had opened is dropped with the session
        // And the server still serves.
        QCOMPARE(m_fx.send("GET", "/api/v1/namespaces/default/pods/web").code, 200);
    }

    void streamsBeyondTheLimitAreRefused()
    {
        // A client that opens stream after stream and never closes one: past 1,024 local
        // connections the next is refused (RST_STREAM REFUSED_STREAM); the session goes on.
        const QString report = drive([&]() -> std::string {
            Client client(m_port, false);
            if (!client.upgrade("/api/v1/namespaces/default/pods/web/portforward").starts_with("HTTP/1.1 101"))
                return "no upgrade";
            for (std::uint32_t i = 0; i <= 1024; ++i)
                client.sendFrame(client.writer.encode(synStream(2 * i + 1, "error", "80", std::to_string(i))));
            for (std::uint32_t i = 0; i < 1024; ++i)
                if (const std::string got = describe(client.next()); got != "control 2 on " + std::to_string(2 * i + 1) + " value 0")
                    return "wanted a reply to stream " + std::to_string(2 * i + 1) + ", got " + got;
            if (const std::string got = describe(client.next()); got != "control 3 on 2049 value 3")
                return "wanted REFUSED_STREAM, got " + got;
            // The error stream of a connection already open still pairs with its data stream.
            client.sendFrame(client.writer.encode(synStream(2051, "data", "81", "7")));
            if (const std::string got = describe(client.next()); got != "control 2 on 2051 value 0")
                return "wanted a reply to the data stream, got " + got;
            return {};
        });
        QVERIFY2(report.isEmpty(), qPrintable(report));
    }

    void withoutAnUpgrade()
    {
        const auto response = m_fx.send("POST", "/api/v1/namespaces/default/pods/web/portforward");
        QCOMPARE(response.code, 400);
        QCOMPARE(ApiFixture::json(response)["message"], Json("unable to upgrade: missing upgrade headers in request"));
    }
};

QTEST_GUILESS_MAIN(TestPortForwardStream)
#include "tst_port_forward_stream.moc"
