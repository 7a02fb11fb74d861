// kubectl port-forward, end to end with the real kubectl against k8slab-server: HTTP
// through the forward reaches the simulated nginx (its page, and the request in its
// access log), over the WebSocket tunnel kubectl 1.31+ tries first, over plain SPDY
// (KUBECTL_PORT_FORWARD_WEBSOCKETS=false, and kubectl 1.29, which has nothing else),
// to a Service's target port, to the simulated redis (RESP through the forward), and a
// port where nothing listens fails with containerd's words and kubectl's "lost
// connection to pod".
#include "tests/e2e/lab_server.h"

#include <httplib.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

using k8slab::test::LabServer;

namespace {

// A `kubectl port-forward` running in the background, on a local port it picked.
class Forward {
public:
    Forward(const LabServer &lab, const QString &kubectl, const QStringList &args, const QProcessEnvironment &extra = {})
    {
        m_process.setProcessEnvironment(lab.environment(extra));
        m_process.start(kubectl, QStringList{"port-forward"} + args);
    }
    ~Forward()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished();
        }
    }

    /// The local port kubectl listens on ("Forwarding from 127.0.0.1:N -> P"), 0 if it
    /// did not say within 20 s.
    int localPort()
    {
        static const QRegularExpression forwarding("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> \\d+");
        for (int i = 0; i < 200; ++i) {
            m_out += QString::fromUtf8(m_process.readAllStandardOutput());
            if (const auto match = forwarding.match(m_out); match.hasMatch())
                return match.captured(1).toInt();
            if (m_process.state() == QProcess::NotRunning)
                return 0;
            m_process.waitForReadyRead(100);
        }
        return 0;
    }
    /// Waits for kubectl to exit; its exit code (-1 if it did not within 20 s).
    int exitCode()
    {
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(20000))
            return -1;
        return m_process.exitCode();
    }
    /// What kubectl printed so far.
    QString printed()
    {
        m_process.waitForReadyRead(10);
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        m_err += QString::fromUtf8(m_process.readAllStandardError());
        return m_out + m_err;
    }

private:
    QProcess m_process;
    QString m_out;
    QString m_err;
};

// Connects to 127.0.0.1:port, sends `request` and reads until `replyBytes` arrived
// (or 10 s passed); what came back.
std::string exchange(int port, const std::string &request, std::size_t replyBytes)
{
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(std::uint16_t(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string reply;
    if (::connect(sock, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0
        && ::send(sock, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size())) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (reply.size() < replyBytes && std::chrono::steady_clock::now() < deadline) {
            pollfd fd{sock, POLLIN, 0};
            if (::poll(&fd, 1, 100) <= 0)
                continue;
            char buffer[4096];
            const ssize_t got = ::recv(sock, buffer, sizeof(buffer), 0);
            if (got <= 0)
                break;
            reply.append(buffer, std::size_t(got));
        }
    }
    ::close(sock);
    return reply;
}

} // namespace

class TestKubectlPortForward : public QObject {
    Q_OBJECT

private:
    LabServer m_lab;

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(m_lab.kubectlPath()))
            QSKIP("kubectl is not installed");
        QVERIFY2(m_lab.start({"--nodes", "1", "--speed", "20"}), qPrintable(m_lab.why()));
        QCOMPARE(m_lab.kubectl({"run", "web", "--image=nginx", "--port=80"}).exitCode, 0);
        QCOMPARE(m_lab.kubectl({"expose", "pod", "web", "--port=8080", "--target-port=80"}).exitCode, 0);
        QCOMPARE(m_lab.kubectl({"run", "cache", "--image=redis"}).exitCode, 0);
        const auto ready = m_lab.kubectl({"wait", "--for=condition=Ready", "pod/web", "pod/cache", "--timeout=60s"});
        QVERIFY2(ready.exitCode == 0, qPrintable(ready.err));
    }

    void cleanupTestCase() { QVERIFY(m_lab.stop()); }

    void httpReachesThePod_data()
    {
        QTest::addColumn<QString>("kubectl");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("websockets"); // KUBECTL_PORT_FORWARD_WEBSOCKETS, if set
        const QString sdk = "/usr/lib/google-cloud-sdk/bin/kubectl.";
        QTest::newRow("1.32, SPDY in a WebSocket") << m_lab.kubectlPath() << "pod/web" << "";
        QTest::newRow("1.32, plain SPDY") << m_lab.kubectlPath() << "pod/web" << "false";
        QTest::newRow("1.32, a Service") << m_lab.kubectlPath() << "svc/web" << "";
        QTest::newRow("1.33") << sdk + "1.33" << "pod/web" << "";
        QTest::newRow("1.29, SPDY only") << sdk + "1.29" << "pod/web" << "";
    }

    void httpReachesThePod()
    {
        QFETCH(QString, kubectl);
        QFETCH(QString, target);
        QFETCH(QString, websockets);
        if (!QFileInfo::exists(kubectl))
            QSKIP(qPrintable(kubectl + " is not installed"));
        QProcessEnvironment extra;
        if (!websockets.isEmpty())
            extra.insert("KUBECTL_PORT_FORWARD_WEBSOCKETS", websockets);
        Forward forward(m_lab, kubectl, {target, target.startsWith("svc") ? ":8080" : ":80"}, extra);
        const int port = forward.localPort();
        QVERIFY2(port > 0, qPrintable(forward.printed()));

        // Two requests on one kept-alive connection, then one on a connection of its own.
        httplib::Client client("127.0.0.1", port);
        client.set_keep_alive(true);
        const QString agent = QStringLiteral("k8slab-test/%1").arg(QTest::currentDataTag());
        const httplib::Headers headers{{"User-Agent", agent.toStdString()}};
        auto page = client.Get("/", headers);
        QVERIFY2(page, qPrintable(forward.printed()));
        QCOMPARE(page->status, 200);
        QVERIFY(page->body.find("<title>Welcome to nginx!</title>") != std::string::npos);
        QCOMPARE(page->get_header_value("Server"), std::string("nginx"));
        auto missing = client.Get("/missing", headers);
        QVERIFY(missing);
        QCOMPARE(missing->status, 404);
        client.stop();
        auto again = httplib::Client("127.0.0.1", port).Get("/", headers);
        QVERIFY(again);
        QCOMPARE(again->status, 200);

        // nginx logged each request, as `kubectl logs` shows.
        const QString log = m_lab.kubectl({"logs", "web"}).out;
        const QString line = "127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET %1 HTTP/1\\.1\" %2 \\d+ \"-\" \"" + QRegularExpression::escape(agent) + "\" \"-\"";
        QCOMPARE(log.count(QRegularExpression(line.arg("/", "200"))), 2);
        QCOMPARE(log.count(QRegularExpression(line.arg("/missing", "404"))), 1);
        QTRY_VERIFY(forward.printed().contains(QStringLiteral("Handling connection for %1").arg(port)));
    }

    void redisThroughTheForward()
    {
        // What redis-cli -p PORT would do: RESP on one connection, inline on the next.
        Forward forward(m_lab, m_lab.kubectlPath(), {"pod/cache", ":6379"});
        const int port = forward.localPort();
        QVERIFY2(port > 0, qPrintable(forward.printed()));
        QCOMPARE(exchange(port, "*3\r\n$3\r\nSET\r\n$6\r\nlesson\r\n$3\r\nk8s\r\n", 5), std::string("+OK\r\n"));
        QCOMPARE(exchange(port, "PING\r\nGET lesson\r\n", 16), std::string("+PONG\r\n$3\r\nk8s\r\n"));
    }

    void nothingListens()
    {
        Forward forward(m_lab, m_lab.kubectlPath(), {"pod/web", ":81"});
        const int port = forward.localPort();
        QVERIFY2(port > 0, qPrintable(forward.printed()));
        auto answer = httplib::Client("127.0.0.1", port).Get("/");
        QVERIFY(!answer); // the connection closes without an answer
        QCOMPARE(forward.exitCode(), 1);
        const QString printed = forward.printed();
        QVERIFY2(printed.contains(QRegularExpression(
                     "an error occurred forwarding \\d+ -> 81: error forwarding port 81 to pod [0-9a-f]+, uid : failed to "
                     "execute portforward in network namespace .*failed to connect to localhost:81 inside namespace .*"
                     "dial tcp4 127\\.0\\.0\\.1:81: connect: connection refused")),
                 qPrintable(printed));
        QVERIFY2(printed.contains("error: lost connection to pod"), qPrintable(printed));
    }

    void aPodThatIsGone()
    {
        const auto missing = m_lab.kubectl({"port-forward", "pod/nope", ":80"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("pods \"nope\" not found"), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestKubectlPortForward)
#include "tst_kubectl_port_forward.moc"
