// Hostile input against k8slab-server over HTTP: thousands of malformed requests —
// broken JSON and Protobuf, wrong types, deep nesting, huge bodies, headers and URLs,
// invalid names and labels, stale resourceVersions, unknown kinds, verbs and patch
// types, raw garbage instead of HTTP, WebSocket and SPDY upgrades gone wrong — then slow clients
// that never finish a request and watchers that drop mid-stream. It proves that each
// request gets a Kubernetes Status with the right code, that the server keeps answering
// and never crashes, that its memory stays bounded, and (the lab's clock paused, so the
// cluster itself writes nothing) that the store is exactly as it was.
//
// K8SLAB_HOSTILE_REQUESTS sets how many malformed requests to send (CI: 3000); the
// figures of a full run are in docs/benchmarks.md.
#include "core/api/json.h"
#include "tests/e2e/lab_server.h"

#include <QFile>
#include <QTest>
#include <QUrl>

#include <httplib.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>

using k8slab::api::Json;

namespace {

// The resident set of a process, and its peak, in bytes (/proc/PID/status).
std::pair<std::int64_t, std::int64_t> memoryOf(qint64 pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    std::int64_t rss = 0, peak = 0;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            rss = std::atoll(line.c_str() + 6) * 1024;
        else if (line.rfind("VmHWM:", 0) == 0)
            peak = std::atoll(line.c_str() + 6) * 1024;
    }
    return {rss, peak};
}

// A raw TCP connection to the server, for what an HTTP client library would not send.
class RawConnection {
public:
    RawConnection(const std::string &host, int port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        timeval timeout{3, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    }
    ~RawConnection()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    [[nodiscard]] bool connected() const { return m_fd >= 0; }
    bool send(const std::string &bytes) { return ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }
    // Reads until the peer closes, `until` appears, or the timeout.
    std::string receive(const std::string &until = {})
    {
        std::string got;
        char buffer[8192];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
            if (n <= 0)
                break;
            got.append(buffer, static_cast<std::size_t>(n));
            if (!until.empty() && got.find(until) != std::string::npos)
                break;
        }
        return got;
    }

private:
    int m_fd = -1;
};

// The Status a raw HTTP answer carries: its code and body.
std::pair<int, std::string> splitResponse(const std::string &raw)
{
    if (raw.rfind("HTTP/1.1 ", 0) != 0)
        return {0, raw};
    const int code = std::atoi(raw.c_str() + 9);
    const auto headEnd = raw.find("\r\n\r\n");
    if (headEnd == std::string::npos)
        return {code, {}};
    // Only the first answer (a connection kept alive may carry more).
    const std::string head = raw.substr(0, headEnd);
    const auto length = head.find("Content-Length: ");
    const std::size_t size = length == std::string::npos ? std::string::npos : std::stoul(head.substr(length + 16));
    return {code, raw.substr(headEnd + 4, size)};
}

// Empty when `body` is a Kubernetes Status for `code`; else what is wrong.
std::string statusProblem(int code, const std::string &body)
{
    const Json status = Json::parse(body, nullptr, false);
    if (!status.is_object())
        return "the body is not JSON: " + body.substr(0, 200);
    if (status.value("kind", "") != "Status" || status.value("apiVersion", "") != "v1")
        return "not a v1 Status: " + body.substr(0, 200);
    if (status.value("status", "") != "Failure" || status.value("code", 0) != code)
        return "status/code do not say Failure " + std::to_string(code) + ": " + body.substr(0, 200);
    if (status.value("reason", "").empty() || status.value("message", "").empty())
        return "no reason or message: " + body.substr(0, 200);
    return {};
}

constexpr const char *kPod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"fuzzed","labels":{"app":"web"}},)"
                             R"("spec":{"containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80}]}]}})";

} // namespace

class TestHostileInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void malformedRequestsGetStatuses();
    void rawGarbageIsRefused();
    void slowClientsDoNotHangTheServer();
    void watchersThatDropAreForgotten();
    void cleanupTestCase();

private:
    // Sends one request and checks the answer; counts it.
    void expect(const std::string &what, const std::string &method, const std::string &path, const std::string &body,
                const std::string &contentType, const std::set<int> &codes, const httplib::Headers &headers = {});
    void connect();
    std::int64_t storeRevision();
    qint64 longRunningRequests();

    k8slab::test::LabServer m_lab;
    std::unique_ptr<httplib::Client> m_client;
    std::string m_host;
    int m_port = 0;
    std::int64_t m_revision = 0;
    std::int64_t m_rssBefore = 0;
    std::map<int, int> m_byCode;
    int m_sent = 0;
    QStringList m_problems;
};

void TestHostileInput::initTestCase()
{
    QVERIFY2(m_lab.start(), qPrintable(m_lab.why()));
    const QUrl url(m_lab.url());
    m_host = url.host().toStdString();
    m_port = url.port();
    connect();
    // Something to conflict with, then the cluster frozen: from here on nothing may write.
    auto seeded = m_client->Post("/api/v1/namespaces/default/configmaps",
                                 R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"seed"},"data":{"a":"1"}})",
                                 "application/json");
    QVERIFY(seeded && seeded->status == 201);
    auto paused = m_client->Post("/lab/v1/clock/pause", "", "application/json");
    QVERIFY(paused && paused->status == 200);
    m_revision = storeRevision();
    QVERIFY(m_revision > 0);
    m_rssBefore = memoryOf(m_lab.pid()).first;
}

void TestHostileInput::connect()
{
    m_client = std::make_unique<httplib::Client>(m_host, m_port);
    m_client->set_read_timeout(30, 0);
    m_client->set_keep_alive(true);
    m_client->set_tcp_nodelay(true); // a POST's body would otherwise wait for the server's delayed ACK
}

std::int64_t TestHostileInput::storeRevision()
{
    auto clock = m_client->Get("/lab/v1/clock");
    if (!clock || clock->status != 200)
        return -1;
    return Json::parse(clock->body, nullptr, false).value("storeRevision", std::int64_t(-1));
}

qint64 TestHostileInput::longRunningRequests()
{
    auto metrics = m_client->Get("/metrics");
    if (!metrics || metrics->status != 200)
        return -1;
    qint64 sum = 0; // a gauge of whole requests
    std::size_t at = 0;
    const std::string &text = metrics->body;
    while ((at = text.find("\napiserver_longrunning_requests{", at)) != std::string::npos) {
        const auto end = text.find('\n', at + 1);
        const auto space = text.rfind(' ', end);
        sum += std::atoll(text.substr(space + 1, end - space - 1).c_str());
        at = end;
    }
    return sum;
}

void TestHostileInput::expect(const std::string &what, const std::string &method, const std::string &path,
                              const std::string &body, const std::string &contentType, const std::set<int> &codes,
                              const httplib::Headers &headers)
{
    ++m_sent;
    httplib::Result result = method == "GET"      ? m_client->Get(path, headers)
                             : method == "DELETE" ? m_client->Delete(path, headers, body, contentType)
                             : method == "PUT"    ? m_client->Put(path, headers, body, contentType)
                             : method == "PATCH"  ? m_client->Patch(path, headers, body, contentType)
                                                  : m_client->Post(path, headers, body, contentType);
    if (!result) {
        m_problems << QString::fromStdString(what + ": no answer (" + httplib::to_string(result.error()) + ")");
        connect();
        return;
    }
    ++m_byCode[result->status];
    if (!codes.contains(result->status)) {
        m_problems << QString::fromStdString(what + ": code " + std::to_string(result->status) + ": " + result->body.substr(0, 300));
        return;
    }
    if (const std::string problem = statusProblem(result->status, result->body); !problem.empty())
        m_problems << QString::fromStdString(what + ": " + problem);
}

void TestHostileInput::malformedRequestsGetStatuses()
{
    const int total = qEnvironmentVariableIsSet("K8SLAB_HOSTILE_REQUESTS") ? qEnvironmentVariableIntValue("K8SLAB_HOSTILE_REQUESTS")
                                                                          : 3000;
    std::mt19937 random(20261128);
    const auto pick = [&random](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
    const std::string pod = kPod;
    const std::string pods = "/api/v1/namespaces/default/pods";
    const std::string seed = "/api/v1/namespaces/default/configmaps/seed";
    QFile fixture(QStringLiteral(PROTOBUF_FIXTURES) + "/namespace.pb");
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    const QByteArray proto = fixture.readAll();
    const std::string protobuf = "application/vnd.kubernetes.protobuf";
    const std::vector<std::string> badNames = {"Bad_Name", "-lead", "trail-", std::string(254, 'a'), "ünïcode", "a/b",
                                               "..", "has space", "UPPER", "dot..dot"};
    const std::vector<std::string> wrongTypes = {
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":123},"spec":{"containers":[{"name":"c","image":"x"}]}})",
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":[1,2]},"spec":{"containers":[{"name":"c","image":"x"}]}})",
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":"nginx"}})",
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x","ports":[{"containerPort":"eighty"}]}]}})",
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x","resources":{"limits":{"cpu":"lots"}}}]}})",
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x"}],"restartPolicy":"Sometimes"}})",
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":null})",
        R"({"apiVersion":"v1","kind":"Pod","metadata":"p"})",
        R"([])", R"("just a string")", R"(null)", R"(42)"};
    const std::vector<std::pair<std::string, std::string>> unknown = {
        {"GET", "/apis/nope.example.com/v1/foos"}, {"POST", "/apis/nope.example.com/v1/namespaces/default/foos"},
        {"GET", "/api/v2/pods"}, {"GET", "/api/v1/namespaces/default/widgets"}, {"DELETE", "/apis/apps/v9/deployments"},
        {"GET", "/api/v1/namespaces/default/pods/nope/frobnicate"}, {"PUT", "/api/v1/namespaces/default/pods"},
        {"PATCH", "/api/v1/namespaces/default/configmaps"}, {"GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"}};

    for (int i = 0; i < total; ++i) {
        switch (i % 16) {
        case 0: { // JSON cut short
            expect("truncated JSON", "POST", pods, pod.substr(0, pick(pod.size())), "application/json", {400});
            break;
        }
        case 1: { // a control character anywhere is never JSON
            std::string broken = pod;
            broken.insert(pick(broken.size()), 1, static_cast<char>(1 + pick(8)));
            expect("a control byte in JSON", "POST", pods, broken, "application/json", {400});
            break;
        }
        case 2:
            expect("wrong types", "POST", pods, wrongTypes[pick(wrongTypes.size())], "application/json", {400, 422});
            break;
        case 3: { // deep nesting, in the body's value or as the whole body
            static const std::size_t depths[] = {10, 100, 1000, 5000, 9999, 10000, 10001, 100000, 1000000};
            const std::size_t depth = depths[pick(std::size(depths))];
            const std::string nested = std::string(depth, '[') + std::string(depth, ']');
            const std::string body = pick(2) == 0 ? nested
                                                  : R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep","annotations":{"a":)"
                                                        + nested + "}}}";
            expect("nesting " + std::to_string(depth), "POST", pods, body, "application/json", {400, 413, 422});
            break;
        }
        case 4: { // bodies over 3 MiB
            const std::string huge = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"a":")"
                                     + std::string(3 * 1024 * 1024 + pick(4096), 'x') + "\"}}";
            expect("a body over the limit", "POST", "/api/v1/namespaces/default/configmaps", huge, "application/json", {413});
            break;
        }
        case 5: { // invalid names
            Json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", badNames[pick(badNames.size())]}}}};
            expect("an invalid name", "POST", "/api/v1/namespaces/default/configmaps", cm.dump(), "application/json", {400, 422});
            break;
        }
        case 6: { // invalid label keys and values
            const std::vector<std::pair<std::string, std::string>> labels = {
                {"app", "has space"}, {"-bad", "v"}, {"app", std::string(64, 'v')}, {"a/b/c", "v"}, {"example.com/", "v"},
                {std::string(64, 'k'), "v"}, {"app", "-dash"}, {"", "v"}};
            const auto &[key, value] = labels[pick(labels.size())];
            Json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "labelled"}, {"labels", {{key, value}}}}}};
            expect("an invalid label", "POST", "/api/v1/namespaces/default/configmaps", cm.dump(), "application/json", {422});
            break;
        }
        case 7: { // stale resourceVersions
            const std::size_t which = pick(3);
            if (which == 0)
                expect("a stale update", "PUT", seed,
                       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"seed","resourceVersion":"1"},"data":{"a":"2"}})",
                       "application/json", {409});
            else if (which == 1)
                expect("a stale delete precondition", "DELETE", seed, R"({"preconditions":{"resourceVersion":"1"}})",
                       "application/json", {409});
            else
                expect("a resourceVersion that is not one", "GET",
                       "/api/v1/namespaces/default/configmaps?resourceVersion=yesterday", "", "application/json", {400});
            break;
        }
        case 8: { // unknown kinds, versions, subresources and verbs
            const auto &[method, path] = unknown[pick(unknown.size())];
            expect("unknown " + method + " " + path, method, path, pod, "application/json", {404, 405});
            break;
        }
        case 9: { // a body of another kind, or with a name other than the URL's
            if (pick(2) == 0)
                expect("a Service posted as a pod", "POST", pods,
                       R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}})",
                       "application/json", {400});
            else
                expect("a name unlike the URL's", "PUT", seed,
                       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"},"data":{}})", "application/json",
                       {400});
            break;
        }
        case 10: { // patches gone wrong
            const std::vector<std::tuple<std::string, std::string, std::set<int>>> patches = {
                {"application/merge-patch+json", R"({"data":)", {400}},
                {"application/json-patch+json", R"([{"op":"explode","path":"/data/a"}])", {400, 422}},
                {"application/json-patch+json", R"([{"op":"test","path":"/data/a","value":"no"}])", {400, 422}},
                {"application/json-patch+json", R"({"not":"a list"})", {400, 422}},
                {"application/strategic-merge-patch+json", R"({"data":"not a map"})", {400, 422}},
                {"application/merge-patch+json", R"({"metadata":{"name":"renamed"}})", {400, 422}},
                {"text/plain", "a=b", {415}},
                {"application/xml", "<data/>", {415}}};
            const auto &[type, body, codes] = patches[pick(patches.size())];
            expect("a bad " + type + " patch", "PATCH", seed, body, type, codes);
            break;
        }
        case 11: { // Protobuf that is not
            const std::size_t which = pick(3);
            std::string body;
            if (which == 0) {
                body = std::string("k8s\0", 4);
                for (std::size_t n = pick(200); n > 0; --n)
                    body.push_back(static_cast<char>(pick(256)));
            } else if (which == 1) { // cut inside the object (the last four bytes are two empty trailing fields)
                body = proto.left(static_cast<qsizetype>(4 + pick(static_cast<std::size_t>(proto.size()) - 8))).toStdString();
            } else {
                body = "k9s" + proto.mid(3).toStdString();
            }
            expect("broken Protobuf", "POST", "/api/v1/namespaces", body, protobuf, {400, 422});
            break;
        }
        case 12: { // a name on a create, a selector that is not one
            if (pick(2) == 0)
                expect("a bad label selector", "GET", pods + "?labelSelector=" + httplib::detail::encode_query_param("app in (web"),
                       "", "application/json", {400});
            else
                expect("a bad field selector", "GET", pods + "?fieldSelector=" + httplib::detail::encode_query_param("spec.nope=1"),
                       "", "application/json", {400});
            break;
        }
        case 13: { // dry run and field validation do not turn bad into good
            expect("unknown fields under Strict", "POST", pods + "?fieldValidation=Strict&dryRun=All",
                   R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"bogus":1,"containers":[{"name":"c","image":"x"}]}})",
                   "application/json", {400, 422});
            break;
        }
        case 14: { // huge headers and URLs
            if (pick(2) == 0)
                expect("a 20 KiB header", "GET", "/api/v1/namespaces", "", "application/json", {400, 431},
                       {{"X-Padding", std::string(20 * 1024, 'h')}});
            else
                expect("a 20 KiB URL", "GET", "/api/v1/namespaces/" + std::string(20 * 1024, 'n'), "", "application/json",
                       {400, 414});
            break;
        }
        case 15: { // WebSocket and SPDY upgrades gone wrong
            const std::vector<std::pair<std::string, std::set<int>>> upgrades = {
                {"/api/v1/namespaces/default/pods/nope/exec?command=sh&stdout=true", {404}},
                {"/api/v1/namespaces/default/configmaps/seed/exec?command=sh&stdout=true", {404}},
                {"/api/v1/namespaces/default/pods/nope/exec", {400}}};
            // port-forward's SPDY upgrades too (this lab runs no kubelet: nothing is forwarded).
            const std::vector<std::pair<std::string, std::set<int>>> spdyUpgrades = {
                {"/api/v1/namespaces/default/pods/nope/portforward", {404}},
                {"/api/v1/namespaces/default/pods/fuzzed/portforward?ports=http", {400, 404}},
                {"/api/v1/namespaces/default/configmaps/seed/portforward", {404}}};
            const bool spdy = pick(2) == 0;
            const auto &[path, codes] = spdy ? spdyUpgrades[pick(spdyUpgrades.size())] : upgrades[pick(upgrades.size())];
            const bool badVersion = !spdy && pick(2) == 0;
            RawConnection raw(m_host, m_port);
            ++m_sent;
            if (spdy)
                raw.send("POST " + path + " HTTP/1.1\r\nHost: lab\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                         "X-Stream-Protocol-Version: portforward.k8s.io\r\nContent-Length: 0\r\n\r\n");
            else
                raw.send("GET " + path + " HTTP/1.1\r\nHost: lab\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                         "Sec-WebSocket-Version: " + std::string(badVersion ? "8" : "13")
                         + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n");
            const auto [code, body] = splitResponse(raw.receive());
            ++m_byCode[code];
            const std::set<int> wanted = badVersion ? std::set<int>{400} : codes;
            if (!wanted.contains(code))
                m_problems << QString::fromStdString("upgrade " + path + ": code " + std::to_string(code) + ": " + body);
            else if (const std::string problem = statusProblem(code, body); !problem.empty())
                m_problems << QString::fromStdString("upgrade " + path + ": " + problem);
            break;
        }
        }
        if (m_problems.size() > 20)
            break;
    }
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.mid(0, 12).join("\n")));
    QCOMPARE(storeRevision(), m_revision);
    QVERIFY(m_lab.running());
}

void TestHostileInput::rawGarbageIsRefused()
{
    // Not HTTP at all, or HTTP with a made-up method: a Status 400 (or, for bytes that
    // are not a request line, the connection closed), never a crash.
    const std::vector<std::string> garbage = {
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), // a TLS ClientHello
        "FROB /api/v1/namespaces HTTP/1.1\r\nHost: lab\r\n\r\n",
        "GET /api/v1/namespaces HTTP/9.9\r\nHost: lab\r\n\r\n",
        "GET\r\n\r\n",
        "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: lab\r\nContent-Length: -5\r\n\r\n",
        "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
        std::string(10000, 'A') + "\r\n\r\n"};
    for (const std::string &bytes : garbage) {
        RawConnection raw(m_host, m_port);
        QVERIFY(raw.connected());
        ++m_sent;
        raw.send(bytes);
        const auto [code, body] = splitResponse(raw.receive());
        ++m_byCode[code];
        if (code != 0) {
            QVERIFY2(code == 400 || code == 405 || code == 414 || code == 505, qPrintable(QString::number(code)));
            const std::string problem = statusProblem(code, body);
            QVERIFY2(problem.empty(), problem.c_str());
        }
    }
    auto alive = m_client->Get("/version");
    QVERIFY(alive && alive->status == 200);
}

void TestHostileInput::slowClientsDoNotHangTheServer()
{
    // Clients that start a request and never finish it each hold a worker until the read
    // timeout; others are still answered meanwhile.
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 48; ++i) {
        auto raw = std::make_unique<RawConnection>(m_host, m_port);
        raw->send(i % 2 == 0 ? "GET /api/v1/namespaces HTTP/1.1\r\nHost: lab\r\nX-Never: "
                             : "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: lab\r\n"
                               "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\":");
        slow.push_back(std::move(raw));
    }
    for (int i = 0; i < 20; ++i) {
        auto answered = m_client->Get("/api/v1/namespaces/default/configmaps/seed");
        QVERIFY2(answered && answered->status == 200, "a slow client blocked the server");
    }
    slow.clear();
    QCOMPARE(storeRevision(), m_revision);
}

void TestHostileInput::watchersThatDropAreForgotten()
{
    const qint64 before = longRunningRequests();
    QVERIFY(before >= 0);
    for (int i = 0; i < 64; ++i) {
        RawConnection raw(m_host, m_port);
        raw.send("GET /api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0 HTTP/1.1\r\nHost: lab\r\n\r\n");
        const std::string head = raw.receive("\"seed\""); // the synthetic ADDED of the seed
        QVERIFY2(head.find("200 OK") != std::string::npos, head.c_str());
    } // each closes here, mid-watch
    // The server notices on its next write or keep-alive check and ends the watch.
    qint64 now = longRunningRequests();
    for (int i = 0; i < 100 && now > before; ++i) {
        QTest::qWait(100);
        now = longRunningRequests();
    }
    QCOMPARE(now, before);
}

void TestHostileInput::cleanupTestCase()
{
    QVERIFY(m_lab.running());
    QCOMPARE(storeRevision(), m_revision);
    const auto [rss, peak] = memoryOf(m_lab.pid());
    QString codes;
    for (const auto &[code, count] : m_byCode)
        codes += QStringLiteral(" %1×%2").arg(code).arg(count);
    qInfo("hostile input: %d requests; answers by code:%s; RSS %.1f MiB before, %.1f MiB after, peak %.1f MiB; "
          "store revision %lld unchanged",
          m_sent, qPrintable(codes), double(m_rssBefore) / 1048576.0, double(rss) / 1048576.0, double(peak) / 1048576.0,
          static_cast<long long>(m_revision));
    // Bounded: the lab keeps a trace of every request it served (two events, about 2 KiB
    // in memory), so the server may grow by that and a warm-up; a request's body (up to
    // 3 MiB) or connection left behind would blow through it.
    const std::int64_t allowed = 32LL * 1024 * 1024 + 4096LL * m_sent;
    QVERIFY2(rss - m_rssBefore < allowed, qPrintable(QStringLiteral("the server grew by %1 MiB for %2 requests")
                                                           .arg(double(rss - m_rssBefore) / 1048576.0)
                                                           .arg(m_sent)));
    QVERIFY2(m_lab.stop(), "the server did not exit cleanly after the hostile input");
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostile_input.moc"
