// Port-forward on the simulated runtime: a connection to a server's port answers HTTP
// as the server would (headers, keep-alive, HEAD, 405, 400) and logs each request in its
// access-log format; redis answers in RESP with keys its connections share; nothing
// listening is containerd's "connection refused"; a server that exits drops its
// connections.
#include "runtime/sim/sim_connection.h"
#include "tests/runtime/sim/sim_test_node.h"

#include <QTest>

using namespace k8slab;
using runtime::sim::SimConnection;

namespace {

// What one connection got: the bytes, and whether the server closed it.
struct Received {
    std::string bytes;
    bool closed = false;

    kubelet::PortStreamOutput output()
    {
        return {[this](std::string b) { bytes += b; }, [this] { closed = true; }};
    }
};

struct Server {
    Received received;
    std::vector<std::string> log;
    std::unique_ptr<SimConnection> connection;

    explicit Server(const std::string &behaviour, bool http = true)
    {
        SimConnection::Server s;
        s.behaviour = behaviour;
        s.http = http;
        s.answer = [](const std::string &path) -> std::pair<int, std::vector<std::string>> {
            if (path == "/")
                return {200, {"<h1>hello</h1>"}};
            return {404, {"missing"}};
        };
        s.log = [this](const std::string &line) { log.push_back(line); };
        s.now = [] { return engine::kDefaultVirtualEpoch + std::chrono::seconds(90); }; // 2025-01-01 00:01:30 UTC
        connection = std::make_unique<SimConnection>(std::move(s), received.output());
    }
};

} // namespace

class TestSimPortForward : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nginxAnswersAndLogsLikeNginx()
    {
        Server nginx("nginx");
        nginx.connection->input("GET / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n");
        QCOMPARE(nginx.received.bytes,
                 std::string("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Wed, 01 Jan 2025 00:01:30 GMT\r\n"
                             "Content-Type: text/html\r\nContent-Length: 15\r\nConnection: keep-alive\r\n\r\n"
                             "<h1>hello</h1>\n"));
        QVERIFY(!nginx.received.closed); // HTTP/1.1 keeps the connection
        QCOMPARE(nginx.log, (std::vector<std::string>{
                                "127.0.0.1 - - [01/Jan/2025:00:01:30 +0000] \"GET / HTTP/1.1\" 200 15 \"-\" \"curl/7.88.1\" \"-\""}));
        nginx.connection->inputClosed();
        QVERIFY(nginx.received.closed);
    }

    void requestsInPiecesAndInARow()
    {
        Server nginx("nginx");
        const std::string two = "GET /nope HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        for (char c : two)
            nginx.connection->input(std::string_view(&c, 1));
        QCOMPARE(nginx.log.size(), std::size_t(2));
        QVERIFY(nginx.log[0].find("\"GET /nope HTTP/1.1\" 404 8 \"-\" \"-\" \"-\"") != std::string::npos);
        // HEAD: the headers of the page, no body; "Connection: close" ends the connection.
        QVERIFY(nginx.log[1].find("\"HEAD / HTTP/1.1\" 200 0 ") != std::string::npos);
        QVERIFY(nginx.received.bytes.ends_with("Content-Length: 15\r\nConnection: close\r\n\r\n"));
        QVERIFY(nginx.received.closed);
    }

    void bodiesAreSkippedAndOtherMethodsRefused()
    {
        Server nginx("nginx");
        nginx.connection->input("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.0\r\n\r\n");
        QVERIFY(nginx.received.bytes.starts_with("HTTP/1.1 405 Not Allowed\r\n"));
        QVERIFY(nginx.received.bytes.find("HTTP/1.1 200 OK\r\n") != std::string::npos);
        QVERIFY(nginx.received.closed); // HTTP/1.0 without keep-alive
        QCOMPARE(nginx.log.size(), std::size_t(2));
    }

    void garbageIsABadRequest()
    {
        Server httpd("httpd");
        httpd.connection->input("hello there\r\n\r\n");
        QVERIFY(httpd.received.bytes.starts_with("HTTP/1.1 400 Bad Request\r\nServer: Apache\r\n"));
        QVERIFY(httpd.received.closed);
        // Apache's common log format.
        QCOMPARE(httpd.log.size(), std::size_t(1));
        QVERIFY(httpd.log[0].starts_with("127.0.0.1 - - [01/Jan/2025:00:01:30 +0000] \"hello there\" 400 "));
    }

    void aServerWithoutHttpStaysSilent()
    {
        Server other("mysql", false);
        other.connection->input("PING\r\n");
        QVERIFY(other.received.bytes.empty());
        QVERIFY(other.log.empty());
    }

    void redisSpeaksResp()
    {
        auto data = std::make_shared<runtime::sim::RedisData>();
        runtime::sim::RedisSession one(data);
        // What redis-cli sends (RESP arrays), in pieces, several at once.
        const std::string commands = "*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$3\r\nlab\r\n$5\r\nk8s 1\r\n"
                                     "*2\r\n$3\r\nGET\r\n$3\r\nlab\r\n*2\r\n$3\r\nGET\r\n$4\r\nnope\r\n";
        std::string replies;
        for (std::size_t at = 0; at < commands.size(); at += 5)
            replies += one.input(std::string_view(commands).substr(at, 5)).replies;
        QCOMPARE(replies, std::string("+PONG\r\n+OK\r\n$5\r\nk8s 1\r\n$-1\r\n"));
        // What someone types at nc or telnet (inline), on another connection: the same keys.
        runtime::sim::RedisSession two(data);
        QCOMPARE(two.input("exists lab nope\r\nKEYS *\r\nping hi\r\ndbsize\n").replies,
                 std::string(":1\r\n*1\r\n$3\r\nlab\r\n$2\r\nhi\r\n:1\r\n"));
        QCOMPARE(two.input("GET\r\nFLUSHALL now\r\n").replies,
                 std::string("-ERR wrong number of arguments for 'get' command\r\n"
                             "-ERR unknown command 'FLUSHALL', with args beginning with: 'now' \r\n"));
        const auto quit = two.input("DEL lab\r\nQUIT\r\nPING\r\n");
        QCOMPARE(quit.replies, std::string(":1\r\n+OK\r\n"));
        QVERIFY(quit.close);
        QVERIFY(data->empty());
        // A broken array ends the connection with redis' protocol error.
        runtime::sim::RedisSession three(data);
        const auto broken = three.input("*x\r\n");
        QVERIFY(broken.close);
        QVERIFY(broken.replies.starts_with("-ERR Protocol error"));
    }

    void connectingThroughTheRuntime()
    {
        test::SimTestNode node;
        const std::string nginx = node.start(test::simContainer("web", "nginx", {}));
        QVERIFY(!nginx.empty());
        node.loop.runReady();

        Received refused;
        auto none = node.runtime.connectPort(node.sandbox, 81, refused.output());
        QVERIFY(!none.ok());
        QVERIFY2(none.status().message().find("failed to connect to localhost:81 inside namespace \"" + node.sandbox
                                              + "\", IPv4: dial tcp4 127.0.0.1:81: connect: connection refused")
                     != std::string::npos,
                 none.status().message().c_str());
        QCOMPARE(node.runtime.connectPort("no-such-sandbox", 80, refused.output()).status().code(), StatusCode::NotFound);

        Received got;
        auto stream = node.runtime.connectPort(node.sandbox, 80, got.output());
        QVERIFY(stream.ok());
        stream->write("GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88.1\r\n\r\n");
        QVERIFY(got.bytes.find("Welcome to nginx!") != std::string::npos);
        // The request is in the container's log, as `kubectl logs` shows it.
        const std::vector<std::string> log = node.runtime.logs(nginx);
        QVERIFY(log.back().find(" stdout F 127.0.0.1 - - [") != std::string::npos);
        QVERIFY(log.back().ends_with("\"GET / HTTP/1.1\" 200 " + std::to_string(got.bytes.size() - got.bytes.find("\r\n\r\n") - 4)
                                     + " \"-\" \"curl/7.88.1\" \"-\""));
        // The server goes away: its connections drop; the client's leaving forgets it.
        QVERIFY(!got.closed);
        QVERIFY(node.runtime.killContainer(nginx).ok());
        QVERIFY(got.closed);
        stream->write("GET / HTTP/1.1\r\n\r\n"); // nothing happens: the connection is closed
        stream->close();
        stream->write("GET / HTTP/1.1\r\n\r\n"); // nor after it is forgotten
    }

    void redisKeepsItsKeysAcrossConnections()
    {
        test::SimTestNode node;
        node.runtime.preload("redis");
        QVERIFY(!node.start(test::simContainer("cache", "redis", {})).empty());
        node.loop.runReady();
        Received first, second;
        auto a = node.runtime.connectPort(node.sandbox, 6379, first.output());
        auto b = node.runtime.connectPort(node.sandbox, 6379, second.output());
        QVERIFY(a.ok() && b.ok());
        a->write("SET greeting hello\r\n");
        b->write("GET greeting\r\n");
        QCOMPARE(first.bytes, std::string("+OK\r\n"));
        QCOMPARE(second.bytes, std::string("$5\r\nhello\r\n"));
        QVERIFY(!node.runtime.connectPort(node.sandbox, 80, first.output()).ok()); // redis is not a web server
    }
};

QTEST_GUILESS_MAIN(TestSimPortForward)
#include "tst_sim_port_forward.moc"
