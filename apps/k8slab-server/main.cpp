// k8slab-server: the lab's cluster without the desktop, for kubectl, lessons and CI.
#include "apps/common/cluster_options.h"
#include "apps/common/memory_policy.h"
#include "apps/k8slab-server/lesson_command.h"
#include "core/base/version.h"
#include "core/engine/loop_driver.h"
#include "core/lab/data_paths.h"
#include "core/lab/lab_session.h"
#include "core/lab/served_lab.h"

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
    k8slab::apps::tuneAllocatorForServing();
    if (argc > 1 && QByteArray(argv[1]) == "lesson")
        return lessonMain(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("k8slab-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral("%1 (Kubernetes %2)")
                                                .arg(QString::fromLatin1(k8slab::kVersion),
                                                     QString::fromLatin1(k8slab::kKubernetesVersion)));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("K8s Lab's cluster, headless.\n"
                                                    "k8slab-server lesson --help: the lessons, headless."));
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
    k8slab::apps::ClusterOptions clusterOptions(parser);
    parser.addOption(recordingOption);
    parser.addOption(dataOption);
    parser.addOption(listenOption);
    parser.addOption(kubeconfigOption);
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
    if (k8slab::Status s = clusterOptions.apply(parser, options); !s.ok()) {
        std::fprintf(stderr, "k8slab-server: %s\n", s.message().c_str());
        return 2;
    }
    // The loop runs on this thread: HTTP workers hand requests over with post().
    k8slab::lab::ServeOptions serve;
    serve.host = host;
    serve.ports = {port};
    serve.kubeconfigPath = parser.isSet(kubeconfigOption) ? parser.value(kubeconfigOption).toStdString()
                                                         : (dataDir + "/kubeconfig").toStdString();
    auto lab = k8slab::lab::ServedLab::start(options, serve);
    if (!lab.ok()) {
        std::fprintf(stderr, "k8slab-server: %s\n", lab.status().toString().c_str());
        return 1;
    }
    quitOnSignals(app);
    (*lab)->driver().setSpeed(clusterOptions.speed(parser));
    (*lab)->driver().play();
    std::printf("k8slab-server %s: serving the Kubernetes API at %s\n", k8slab::kVersion, (*lab)->url().c_str());
    std::printf("  recording %s at store revision %lld\n", options.recordingPath.c_str(),
                static_cast<long long>((*lab)->session().store().revision()));
    std::printf("  kubectl: export KUBECONFIG=%s\nready\n", (*lab)->kubeconfig().c_str());
    std::fflush(stdout);
    return app.exec();
}
