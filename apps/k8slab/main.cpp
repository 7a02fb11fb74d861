// k8slab: the desktop app on the embedded default cluster.
#include "core/base/version.h"
#include "core/apiserver/http_frontend.h"
#include "core/engine/loop_driver.h"
#include "core/lab/kubeconfig.h"
#include "core/lab/lab_control.h"
#include "core/lab/data_paths.h"
#include "core/lab/lab_session.h"
#include "runtime/sim/sim_runtime_factory.h"
#include "gui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    // --version must answer without a display, so it is handled before QApplication.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("k8slab %s (Kubernetes %s)\n", k8slab::kVersion, k8slab::kKubernetesVersion);
            return 0;
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("k8slab"));
    QApplication::setApplicationVersion(QString::fromLatin1(k8slab::kVersion));
    QApplication::setDesktopFileName(QString::fromLatin1(k8slab::kAppId));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("K8s Lab: a desktop lab for Kubernetes internals"));
    parser.addHelpOption();
    QCommandLineOption recordingOption(QStringLiteral("recording"),
                                       QStringLiteral("The recording file of the lab (created if missing)."),
                                       QStringLiteral("path"),
                                       QString::fromStdString(k8slab::lab::defaultRecordingPath()));
    QCommandLineOption quitAfterOption(QStringLiteral("quit-after"),
                                       QStringLiteral("Quit after this many milliseconds (for screenshots and tests)."),
                                       QStringLiteral("ms"));
    QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                        QStringLiteral("Save the window as a PNG once it is shown, then quit."),
                                        QStringLiteral("file"));
    QCommandLineOption schedulerConfigOption(QStringLiteral("scheduler-config"),
                                             QStringLiteral("A KubeSchedulerConfiguration (YAML or JSON) for the scheduler."),
                                             QStringLiteral("file"));
    parser.addOption(recordingOption);
    parser.addOption(schedulerConfigOption);
    parser.addOption(quitAfterOption);
    parser.addOption(screenshotOption);
    parser.process(app);

    k8slab::lab::LabOptions options;
    options.recordingPath = parser.value(recordingOption).toStdString();
    if (parser.isSet(schedulerConfigOption)) {
        auto config = k8slab::scheduler::readSchedulerConfigFile(parser.value(schedulerConfigOption).toStdString());
        if (!config.ok()) {
            QMessageBox::critical(nullptr, QStringLiteral("K8s Lab"), QString::fromStdString(config.status().message()));
            return 2;
        }
        options.schedulerConfig = *config;
    }
    // The embedded default cluster: three simulated worker nodes.
    options.nodes = 3;
    options.runtimeFactory = k8slab::runtime::sim::simRuntimeFactory();
    auto session = k8slab::lab::LabSession::start(options);
    if (!session.ok()) {
        QMessageBox::critical(nullptr, QStringLiteral("K8s Lab"),
                              QString::fromStdString(session.status().toString()));
        return 1;
    }

    k8slab::engine::LoopDriver driver((*session)->loop());
    // kubectl talks to the same cluster the window shows: the usual port if free, else any.
    k8slab::apiserver::HttpFrontend http((*session)->api(), (*session)->loop());
    k8slab::lab::LabControl control(**session, driver);
    http.setExtraHandler([&control](const k8slab::apiserver::ApiRequest &r) { return control.handle(r); });
    auto bound = http.listen("127.0.0.1", 6443);
    if (!bound.ok())
        bound = http.listen("127.0.0.1", 0);
    k8slab::gui::MainWindow window(**session);
    if (bound.ok()) {
        const std::string url = "http://127.0.0.1:" + std::to_string(*bound);
        const std::string kubeconfig = k8slab::lab::userDataDir() + "/kubeconfig";
        if (k8slab::lab::writeKubeconfig(kubeconfig, url).ok())
            window.setApiEndpoint(QString::fromStdString(url), QString::fromStdString(kubeconfig));
    }
    QObject::connect(&driver, &k8slab::engine::LoopDriver::advanced, &window, &k8slab::gui::MainWindow::refresh);
    window.show();
    driver.play();

    if (parser.isSet(screenshotOption)) {
        QTimer::singleShot(500, &window, [&] {
            const bool saved = window.grab().save(parser.value(screenshotOption), "PNG");
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    if (parser.isSet(quitAfterOption))
        QTimer::singleShot(parser.value(quitAfterOption).toInt(), &app, &QCoreApplication::quit);
    const int rc = app.exec();
    http.stop();
    return rc;
}
