// k8slab-server: the lab's cluster without the desktop, for kubectl, lessons and CI.
#include "core/base/version.h"
#include "core/engine/loop_driver.h"
#include "core/apiserver/http_frontend.h"
#include "core/lab/data_paths.h"
#include "core/lab/kubeconfig.h"
#include "core/lab/lab_control.h"
#include "core/lab/lab_session.h"
#include "runtime/netns/netns_rule_sink.h"
#include "runtime/sim/sim_runtime_factory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFds[2] = {-1, -1};

void onTerminate(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1); // async-signal-safe
}

// SIGINT/SIGTERM end the event loop cleanly, so the recording is committed and closed.
void quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    struct sigaction action = {};
    action.sa_handler = onTerminate;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("k8slab-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral("%1 (Kubernetes %2)")
                                                .arg(QString::fromLatin1(k8slab::kVersion),
                                                     QString::fromLatin1(k8slab::kKubernetesVersion)));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("K8s Lab's cluster, headless"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption recordingOption(QStringLiteral("recording"),
                                       QStringLiteral("The recording file of the lab (created if missing)."),
                                       QStringLiteral("path"));
    QCommandLineOption dataOption(QStringLiteral("data"),
                                  QStringLiteral("The folder for the lab's recording (lab.k8slab) and kubeconfig."),
                                  QStringLiteral("dir"));
    QCommandLineOption listenOption(QStringLiteral("listen"),
                                    QStringLiteral("Serve the Kubernetes API on ADDR:PORT (port 0 picks a free one)."),
                                    QStringLiteral("addr:port"), QStringLiteral("127.0.0.1:6443"));
    QCommandLineOption kubeconfigOption(QStringLiteral("kubeconfig"),
                                        QStringLiteral("Write a kubeconfig for kubectl to this file."),
                                        QStringLiteral("file"));
    QCommandLineOption speedOption(QStringLiteral("speed"),
                                   QStringLiteral("Virtual seconds per wall second (0: as fast as possible)."),
                                   QStringLiteral("x"), QStringLiteral("1"));
    QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed of the lab's random source."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    QCommandLineOption wallClockOption(QStringLiteral("wall-clock"),
                                       QStringLiteral("Run on the machine's clock instead of virtual time."));
    QCommandLineOption schedulerConfigOption(QStringLiteral("scheduler-config"),
                                             QStringLiteral("A KubeSchedulerConfiguration (YAML or JSON) for the scheduler."),
                                             QStringLiteral("file"));
    parser.addOption(schedulerConfigOption);
    QCommandLineOption controllersOption(QStringLiteral("controllers"),
                                         QStringLiteral("Controllers to run, as kube-controller-manager's flag: \"*\" for all, "
                                                        "\"-name\" to leave one out (default \"*\")."),
                                         QStringLiteral("LIST"), QStringLiteral("*"));
    parser.addOption(controllersOption);
    QCommandLineOption qpsOption(QStringLiteral("kube-api-qps"),
                                 QStringLiteral("Requests per second each controller may send (upstream's default 20; 0: no limit)."),
                                 QStringLiteral("QPS"), QStringLiteral("20"));
    parser.addOption(qpsOption);
    QCommandLineOption burstOption(QStringLiteral("kube-api-burst"),
                                   QStringLiteral("Burst of requests each controller may send (upstream's default 30)."),
                                   QStringLiteral("N"), QStringLiteral("30"));
    parser.addOption(burstOption);
    QCommandLineOption nodesOption(QStringLiteral("nodes"),
                                   QStringLiteral("How many simulated worker nodes to start with (worker-1, ...)."),
                                   QStringLiteral("n"), QStringLiteral("3"));
    parser.addOption(nodesOption);
    QCommandLineOption proxyModeOption(QStringLiteral("proxy-mode"),
                                       QStringLiteral("kube-proxy's mode on every node: iptables, ipvs or nftables."),
                                       QStringLiteral("mode"), QStringLiteral("iptables"));
    parser.addOption(proxyModeOption);
    QCommandLineOption realRulesOption(QStringLiteral("real-proxy-rules"),
                                       QStringLiteral("Also apply each node's kube-proxy rules with iptables-restore or nft "
                                                      "inside a network namespace k8slab-<node> (needs root)."));
    parser.addOption(realRulesOption);
    parser.addOption(recordingOption);
    parser.addOption(dataOption);
    parser.addOption(listenOption);
    parser.addOption(kubeconfigOption);
    parser.addOption(speedOption);
    parser.addOption(seedOption);
    parser.addOption(wallClockOption);
    parser.process(app);

    k8slab::lab::LabOptions options;
    const QString dataDir = parser.isSet(dataOption) ? parser.value(dataOption)
                                                     : QString::fromStdString(k8slab::lab::userDataDir());
    QDir().mkpath(dataDir);
    options.recordingPath = parser.isSet(recordingOption) ? parser.value(recordingOption).toStdString()
                                                          : (dataDir + "/lab.k8slab").toStdString();
    const QString listen = parser.value(listenOption);
    const int colon = listen.lastIndexOf(':');
    bool portOk = false;
    const int port = listen.mid(colon + 1).toInt(&portOk);
    if (colon <= 0 || !portOk || port < 0 || port > 65535) {
        std::fprintf(stderr, "k8slab-server: --listen wants ADDR:PORT, e.g. 127.0.0.1:6443, not \"%s\"\n",
                     qPrintable(listen));
        return 2;
    }
    const std::string host = listen.left(colon).toStdString();
    options.seed = parser.value(seedOption).toULongLong();
    options.clock = parser.isSet(wallClockOption) ? k8slab::engine::ClockMode::Wall : k8slab::engine::ClockMode::Virtual;
    if (parser.isSet(schedulerConfigOption)) {
        auto config = k8slab::scheduler::readSchedulerConfigFile(parser.value(schedulerConfigOption).toStdString());
        if (!config.ok()) {
            std::fprintf(stderr, "k8slab-server: --scheduler-config %s\n", config.status().message().c_str());
            return 2;
        }
        options.schedulerConfig = *config;
    }
    if (k8slab::Status s = options.controllerManager.setControllers(parser.value(controllersOption).toStdString()); !s.ok()) {
        std::fprintf(stderr, "k8slab-server: --controllers: %s\n", s.message().c_str());
        return 2;
    }
    bool qpsOk = false, burstOk = false;
    options.controllerManager.qps = parser.value(qpsOption).toDouble(&qpsOk);
    options.controllerManager.burst = parser.value(burstOption).toInt(&burstOk);
    if (!qpsOk || !burstOk || options.controllerManager.qps < 0 || options.controllerManager.burst < 1) {
        std::fprintf(stderr, "k8slab-server: --kube-api-qps wants a number >= 0 and --kube-api-burst a number >= 1\n");
        return 2;
    }
    bool nodesOk = false;
    options.nodes = parser.value(nodesOption).toInt(&nodesOk);
    if (!nodesOk || options.nodes < 0 || options.nodes > 5000) {
        std::fprintf(stderr, "k8slab-server: --nodes wants a number from 0 to 5000, not \"%s\"\n",
                     qPrintable(parser.value(nodesOption)));
        return 2;
    }
    if (!k8slab::proxy::parseMode(parser.value(proxyModeOption).toStdString(), options.proxy.mode)) {
        std::fprintf(stderr, "k8slab-server: --proxy-mode wants iptables, ipvs or nftables, not \"%s\"\n",
                     qPrintable(parser.value(proxyModeOption)));
        return 2;
    }
    if (parser.isSet(realRulesOption)) {
        const std::string why = options.proxy.mode == k8slab::proxy::ProxyMode::IPVS
                                    ? k8slab::runtime::NetnsRuleSink::ipvsUnavailableReason()
                                    : k8slab::runtime::NetnsRuleSink::unavailableReason();
        if (!why.empty()) {
            std::fprintf(stderr, "k8slab-server: --real-proxy-rules: %s\n", why.c_str());
            return 2;
        }
        // The lab creates no nfacct counters in its namespaces, so (as kube-proxy does when
        // it cannot create them) its rules leave the nfacct matches out.
        options.proxy.config.nfacct = false;
        options.proxy.sinkFactory = [](const std::string &node) -> std::unique_ptr<k8slab::proxy::RuleSink> {
            auto sink = k8slab::runtime::NetnsRuleSink::create("k8slab-" + node);
            if (!sink.ok()) {
                std::fprintf(stderr, "k8slab-server: no namespace for %s: %s\n", node.c_str(),
                             sink.status().message().c_str());
                return nullptr;
            }
            return std::move(*sink);
        };
    }
    options.runtimeFactory = k8slab::runtime::sim::simRuntimeFactory();
    auto session = k8slab::lab::LabSession::start(options);
    if (!session.ok()) {
        std::fprintf(stderr, "k8slab-server: %s\n", session.status().toString().c_str());
        return 1;
    }

    quitOnSignals(app);
    k8slab::engine::LoopDriver driver((*session)->loop());
    bool speedOk = false;
    const double speed = parser.value(speedOption).toDouble(&speedOk);
    if (!speedOk || speed < 0) {
        std::fprintf(stderr, "k8slab-server: --speed wants a non-negative number (0: as fast as possible), not \"%s\"\n",
                     qPrintable(parser.value(speedOption)));
        return 2;
    }
    driver.setSpeed(speed);
    // The loop runs on this thread: HTTP workers hand requests over with post().
    k8slab::apiserver::HttpFrontend http((*session)->api(), (*session)->loop());
    k8slab::lab::LabControl control(**session, driver);
    http.setExtraHandler([&control](const k8slab::apiserver::ApiRequest &r) { return control.handle(r); });
    auto bound = http.listen(host, port);
    if (!bound.ok()) {
        std::fprintf(stderr, "k8slab-server: %s\n", bound.status().toString().c_str());
        return 1;
    }
    const std::string url = "http://" + host + ":" + std::to_string(*bound);
    const std::string kubeconfig = parser.isSet(kubeconfigOption) ? parser.value(kubeconfigOption).toStdString()
                                                                   : (dataDir + "/kubeconfig").toStdString();
    if (auto written = k8slab::lab::writeKubeconfig(kubeconfig, url); !written.ok()) {
        std::fprintf(stderr, "k8slab-server: %s\n", written.toString().c_str());
        return 1;
    }
    driver.play();
    std::printf("k8slab-server %s: serving the Kubernetes API at %s\n", k8slab::kVersion, url.c_str());
    std::printf("  recording %s at store revision %lld\n", options.recordingPath.c_str(),
                static_cast<long long>((*session)->store().revision()));
    std::printf("  kubectl: export KUBECONFIG=%s\nready\n", kubeconfig.c_str());
    std::fflush(stdout);
    const int rc = app.exec();
    http.stop();
    return rc;
}
