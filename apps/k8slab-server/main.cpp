// k8slab-server: the lab's cluster without the desktop, for kubectl, lessons and CI.
#include "core/base/version.h"
#include "core/engine/loop_driver.h"
#include "core/lab/data_paths.h"
#include "core/lab/lab_session.h"

#include <QCommandLineParser>
#include <QCoreApplication>
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
                                       QStringLiteral("path"),
                                       QString::fromStdString(k8slab::lab::defaultRecordingPath()));
    QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed of the lab's random source."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    QCommandLineOption wallClockOption(QStringLiteral("wall-clock"),
                                       QStringLiteral("Run on the machine's clock instead of virtual time."));
    parser.addOption(recordingOption);
    parser.addOption(seedOption);
    parser.addOption(wallClockOption);
    parser.process(app);

    k8slab::lab::LabOptions options;
    options.recordingPath = parser.value(recordingOption).toStdString();
    options.seed = parser.value(seedOption).toULongLong();
    options.clock = parser.isSet(wallClockOption) ? k8slab::engine::ClockMode::Wall : k8slab::engine::ClockMode::Virtual;
    auto session = k8slab::lab::LabSession::start(options);
    if (!session.ok()) {
        std::fprintf(stderr, "k8slab-server: %s\n", session.status().toString().c_str());
        return 1;
    }

    quitOnSignals(app);
    k8slab::engine::LoopDriver driver((*session)->loop());
    driver.play();
    std::printf("k8slab-server %s: recording %s at store revision %lld; ready\n", k8slab::kVersion,
                options.recordingPath.c_str(), static_cast<long long>((*session)->store().revision()));
    std::fflush(stdout);
    return app.exec();
}
