// The pod network between simulated runtimes: wget through a resolver (names,
// Services, endpoints), busybox's messages for each failure, and load generators whose
// steady rate is spread over the endpoints and turned into the servers' CPU.
#include "runtime/sim/sim_program.h"
#include "runtime/sim/sim_runtime.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using runtime::sim::Instruction;
using runtime::sim::SimNetwork;
using runtime::sim::SimRuntime;

namespace {

struct Cluster {
    engine::EventLoop loop;
    std::shared_ptr<SimNetwork> network = std::make_shared<SimNetwork>(loop);
    SimRuntime a{loop, "linux/amd64", "10.244.1.", runtime::sim::ImageCatalog::builtin(), {}, network};
    SimRuntime b{loop, "linux/amd64", "10.244.2.", runtime::sim::ImageCatalog::builtin(), {}, network};
    std::vector<std::pair<std::string, int>> backends; // what "php-apache" leads to

    Cluster()
    {
        for (SimRuntime *r : {&a, &b})
            for (const char *image : {"busybox", "registry.k8s.io/hpa-example", "nginx"})
                r->preload(image);
        a.setServiceResolver([this](const std::string &, const std::string &host, int port) {
            kubelet::ServiceRoute route;
            if (host == "php-apache" && port == 80) {
                route.resolved = true;
                route.address = "10.96.0.20";
                route.endpoints = backends;
            } else if (host == "nowhere") {
                route.resolved = true;
                route.address = "10.96.0.30";
            } else if (host.starts_with("10.244.")) { // pod IPs are reached directly
                route.resolved = true;
                route.address = host;
                route.endpoints = {{host, port}};
            }
            return route;
        });
    }
    // Starts a pod with one container; returns {container id, pod IP}.
    std::pair<std::string, std::string> run(SimRuntime &r, const std::string &name, const std::string &image,
                                            std::vector<std::string> command = {})
    {
        const std::string sandbox = *r.runPodSandbox({"default", name, "uid-" + name, 0, name});
        kubelet::ContainerConfig config;
        config.name = name;
        config.image = image;
        config.command = std::move(command);
        const std::string id = *r.createContainer(sandbox, config);
        [[maybe_unused]] Status started = r.startContainer(id);
        return {id, r.podSandboxStatus(sandbox)->ip};
    }
};

std::string exec(SimRuntime &r, const std::string &id, std::vector<std::string> cmd, int *code = nullptr)
{
    Result<kubelet::ExecResult> result = r.execSync(id, cmd, 1s);
    if (code)
        *code = result->exitCode;
    return result->stdoutText + result->stderrText;
}

} // namespace

class TestSimNetwork : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fastRequestLoopBecomesALoadGenerator();
    void slowRequestLoopStaysALoop();
    void wgetReachesAServiceThroughItsEndpoints();
    void wgetSaysWhatWentWrong();
    void loadIsSpreadOverTheEndpoints();
};

void TestSimNetwork::fastRequestLoopBecomesALoadGenerator()
{
    const auto *busybox = runtime::sim::ImageCatalog::builtin().find("busybox:1.28");
    QVERIFY(busybox);
    const runtime::sim::Program p = runtime::sim::compileProgram(
        *busybox, {"/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"}, {}, {}, {});
    QCOMPARE(p.steps.size(), std::size_t(2));
    QCOMPARE(p.steps[0].kind, Instruction::Kind::Client);
    QCOMPARE(QString::fromStdString(p.steps[0].text), QStringLiteral("http://php-apache"));
    // One pass: the 10 ms sleep and about 5 ms for the request.
    QVERIFY(std::abs(p.steps[0].rate - 1000.0 / 15) < 1e-6);
    QCOMPARE(p.steps[1].kind, Instruction::Kind::Forever);
}

void TestSimNetwork::slowRequestLoopStaysALoop()
{
    const auto *busybox = runtime::sim::ImageCatalog::builtin().find("busybox");
    const runtime::sim::Program p =
        runtime::sim::compileProgram(*busybox, {"sh", "-c", "while true; do wget -qO- http://web; sleep 5; done"}, {}, {}, {});
    QCOMPARE(p.steps.front().kind, Instruction::Kind::Request);
    QCOMPARE(p.steps.back().kind, Instruction::Kind::Jump);
}

void TestSimNetwork::wgetReachesAServiceThroughItsEndpoints()
{
    Cluster c;
    const auto [server, serverIp] = c.run(c.b, "php", "registry.k8s.io/hpa-example");
    c.backends = {{serverIp, 80}};
    const auto [client, clientIp] = c.run(c.a, "client", "busybox", {"sleep", "3600"});
    int code = -1;
    QCOMPARE(QString::fromStdString(exec(c.a, client, {"wget", "-q", "-O-", "http://php-apache"}, &code)), QStringLiteral("OK!\n"));
    QCOMPARE(code, 0);
    // A pod IP is reached directly; nginx answers with its page.
    const auto [web, webIp] = c.run(c.b, "web", "nginx");
    const QString page = QString::fromStdString(exec(c.a, client, {"wget", "-qO-", "http://" + webIp}, &code));
    QVERIFY(page.contains(QStringLiteral("Welcome to nginx!")));
    QCOMPARE(code, 0);
}

void TestSimNetwork::wgetSaysWhatWentWrong()
{
    Cluster c;
    const auto [client, ip] = c.run(c.a, "client", "busybox", {"sleep", "3600"});
    int code = 0;
    QCOMPARE(QString::fromStdString(exec(c.a, client, {"wget", "-q", "-O-", "http://unknown"}, &code)),
             QStringLiteral("wget: bad address 'unknown'\n"));
    QCOMPARE(code, 1);
    // A Service without endpoints: kube-proxy rejects the connection.
    QCOMPARE(QString::fromStdString(exec(c.a, client, {"wget", "-q", "-O-", "http://nowhere"}, &code)),
             QStringLiteral("wget: can't connect to remote host (10.96.0.30): Connection refused\n"));
    const auto [web, webIp] = c.run(c.b, "web", "nginx");
    QCOMPARE(QString::fromStdString(exec(c.a, client, {"wget", "-q", "-O-", "http://" + webIp + "/missing"}, &code)),
             QStringLiteral("wget: server returned error: HTTP/1.1 404 Not Found\n"));
    QCOMPARE(code, 1);
}

void TestSimNetwork::loadIsSpreadOverTheEndpoints()
{
    Cluster c;
    const auto [one, ip1] = c.run(c.b, "php-1", "registry.k8s.io/hpa-example");
    const auto [two, ip2] = c.run(c.a, "php-2", "registry.k8s.io/hpa-example");
    c.backends = {{ip1, 80}};
    const auto [load, loadIp] =
        c.run(c.a, "load", "busybox", {"/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"});
    c.loop.advance(2s);
    // 66.7 requests per second at 10 ms of CPU each: 667 millicores, all on one backend.
    QVERIFY(std::abs(c.b.cpuMilliNow(one) - (1 + 1000.0 / 15 * 10)) < 1e-6);
    QCOMPARE(c.a.cpuMilliNow(two), 1.0);
    // A second endpoint appears: within a second the load is shared.
    c.backends = {{ip1, 80}, {ip2, 80}};
    c.loop.advance(1s);
    QVERIFY(std::abs(c.b.cpuMilliNow(one) - (1 + 1000.0 / 15 * 5)) < 1e-6);
    QVERIFY(std::abs(c.a.cpuMilliNow(two) - (1 + 1000.0 / 15 * 5)) < 1e-6);
    // The load generator stops: the servers go back to idle.
    c.a.stopContainer(load, 0s, [] {});
    c.loop.advance(1s);
    QCOMPARE(c.b.cpuMilliNow(one), 1.0);
}

QTEST_GUILESS_MAIN(TestSimNetwork)
#include "tst_sim_network.moc"
