// k8slab: the desktop app on the embedded default cluster.
#include "apps/common/cluster_options.h"
#include "apps/common/memory_policy.h"
#include "core/base/version.h"
#include "core/lab/data_paths.h"
#include "core/lab/manifests.h"
#include "gui/cluster_map_scene.h"
#include "gui/diagram_export.h"
#include "gui/language.h"
#include "gui/main_window.h"
#include "gui/network_page.h"
#include "gui/scheduling_page.h"
#include "gui/inspector_panel.h"
#include "gui/story_page.h"
#include "gui/window_host.h"
#include "gui/yaml_editor.h"
#include "gui/lab_host.h"
#include "core/lesson/lesson.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    k8slab::apps::tuneAllocatorForServing();
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
    parser.addOption(recordingOption);
    parser.addOption(quitAfterOption);
    parser.addOption(screenshotOption);
    QCommandLineOption pageOption(QStringLiteral("page"),
                                  QStringLiteral("The page to open: overview, map, network, chains (the network page's "
                                                 "chain graph of default/web:http with a packet walked through it), modes "
                                                 "(default/web's rules in iptables, IPVS and nftables side by side), or story "
                                                 "(step by step; see --story), scheduling (the decision matrix of the first pending pod), controllers, charts, or nodes (a node's memory: QoS, oom_score_adj, who goes first)."),
                                  QStringLiteral("page"), QStringLiteral("overview"));
    parser.addOption(pageOption);
    QCommandLineOption storyOption(QStringLiteral("story"),
                                   QStringLiteral("With --page story: whose story, as KIND/NAMESPACE/NAME (e.g. "
                                                  "Deployment/default/web; for a pod, a name prefix such as "
                                                  "Pod/default/web-), optionally @STEP to stop at a step."),
                                   QStringLiteral("object"));
    parser.addOption(storyOption);
    QCommandLineOption inspectOption(QStringLiteral("inspect"),
                                     QStringLiteral("Select KIND/NAMESPACE/NAME in the inspector (e.g. Deployment/default/web); "
                                                    "add :changes to show how it changed, :owners who owns which "
                                                    "field (for screenshots)."),
                                     QStringLiteral("object"));
    parser.addOption(inspectOption);
    QCommandLineOption whatIfOption(QStringLiteral("what-if"),
                                    QStringLiteral("With --page scheduling: load the first suggested change into the what-if "
                                                   "and re-score (for screenshots)."));
    parser.addOption(whatIfOption);
    QCommandLineOption createOption(QStringLiteral("create"),
                                    QStringLiteral("Create the objects of a YAML file when the lab starts (as kubectl create -f)."),
                                    QStringLiteral("file"));
    parser.addOption(createOption);
    k8slab::apps::ClusterOptions clusterOptions(parser);
    QCommandLineOption languageOption(QStringLiteral("lang"),
                                      QStringLiteral("The language: zh_CN or en (default: the system's)."),
                                      QStringLiteral("language"));
    parser.addOption(languageOption);
    QCommandLineOption exportOption(QStringLiteral("export"),
                                    QStringLiteral("Export the page's diagram to FILE (.svg, .pdf or .png) when --quit-after "
                                                   "expires, then quit."),
                                    QStringLiteral("file"));
    parser.addOption(exportOption);
    QCommandLineOption slideOption(QStringLiteral("slide"),
                                   QStringLiteral("With --export: the 16:9 slide preset, titled TITLE."), QStringLiteral("title"));
    parser.addOption(slideOption);
    QCommandLineOption lessonOption(QStringLiteral("lesson"),
                                    QStringLiteral("Start a lesson (its id or chapter number, optionally @STEP) on a fresh "
                                                   "cluster, with the lesson player beside the views."),
                                    QStringLiteral("lesson"));
    parser.addOption(lessonOption);
    QCommandLineOption editOption(QStringLiteral("edit"),
                                  QStringLiteral("Open FILE in the YAML editor (with --apply-edit: apply it once the lab runs)."),
                                  QStringLiteral("file"));
    parser.addOption(editOption);
    QCommandLineOption applyEditOption(QStringLiteral("apply-edit"), QStringLiteral("With --edit: apply the file (for screenshots)."));
    parser.addOption(applyEditOption);
    QCommandLineOption lessonsOption(QStringLiteral("lessons"), QStringLiteral("The lessons folder."), QStringLiteral("dir"));
    parser.addOption(lessonsOption);
    parser.process(app);

    k8slab::lab::LabOptions options;
    options.recordingPath = parser.value(recordingOption).toStdString();
    if (k8slab::Status s = clusterOptions.apply(parser, options); !s.ok()) {
        QMessageBox::critical(nullptr, QStringLiteral("K8s Lab"), QString::fromStdString(s.message()));
        return 2;
    }
    k8slab::gui::LabHost host(options, QString::fromStdString(k8slab::lab::userDataDir()),
                              parser.isSet(lessonsOption) ? parser.value(lessonsOption)
                                                          : QString::fromStdString(k8slab::lesson::defaultLessonsDir()));
    host.setSpeed(clusterOptions.speed(parser));
    host.setLanguage(parser.isSet(languageOption) ? parser.value(languageOption) : k8slab::gui::systemLanguage());
    const QString page = parser.value(pageOption);
    k8slab::Status started;
    if (parser.isSet(lessonOption)) {
        const QStringList parts = parser.value(lessonOption).split(QLatin1Char('@'));
        started = host.startLesson(parts.front(), parts.size() == 2 ? parts[1].toInt() - 1 : -1);
    } else {
        started = host.start(page == QLatin1String("map")                                            ? k8slab::gui::Page::ClusterMap
                             : page == QLatin1String("network") || page == QLatin1String("chains") ||
                                       page == QLatin1String("modes")      ? k8slab::gui::Page::Network
                             : page == QLatin1String("story")                                      ? k8slab::gui::Page::Story
                             : page == QLatin1String("scheduling")                                 ? k8slab::gui::Page::Scheduling
                             : page == QLatin1String("controllers")                                ? k8slab::gui::Page::Controllers
                             : page == QLatin1String("charts")                                     ? k8slab::gui::Page::Charts
                             : page == QLatin1String("nodes")                                      ? k8slab::gui::Page::Nodes
                                                                                                    : k8slab::gui::Page::Welcome);
    }
    if (!started.ok()) {
        QMessageBox::critical(nullptr, QStringLiteral("K8s Lab"), QString::fromStdString(started.toString()));
        return 1;
    }
    if (parser.isSet(createOption)) {
        QFile file(parser.value(createOption));
        if (!file.open(QIODevice::ReadOnly)) {
            QMessageBox::critical(nullptr, QStringLiteral("K8s Lab"), QStringLiteral("cannot read %1").arg(file.fileName()));
            return 2;
        }
        if (k8slab::Status s = k8slab::lab::createManifests(host.session().api(), file.readAll().toStdString()); !s.ok()) {
            QMessageBox::critical(nullptr, QStringLiteral("K8s Lab"), QString::fromStdString(s.message()));
            return 2;
        }
    }
    auto window = [&host]() -> k8slab::gui::MainWindow & { return host.windows().window(); };
    if (parser.isSet(editOption)) {
        QFile file(parser.value(editOption));
        if (!file.open(QIODevice::ReadOnly)) {
            QMessageBox::critical(nullptr, QStringLiteral("K8s Lab"), QStringLiteral("cannot read %1").arg(file.fileName()));
            return 2;
        }
        window().editYaml(QString::fromUtf8(file.readAll()));
    }

    // Before a picture: the page in the state the options ask for.
    const auto prepare = [&] {
        if (page == QLatin1String("chains"))
            window().network().traceService(QStringLiteral("default/web:http"));
        if (parser.isSet(applyEditOption))
            window().yamlEditor().apply();
        if (page == QLatin1String("modes"))
            window().network().showSideBySide(QStringLiteral("default/web"));
        if (page == QLatin1String("story") && parser.isSet(storyOption)) {
            const QStringList parts = parser.value(storyOption).split(QLatin1Char('@'));
            const QStringList names = parts.front().split(QLatin1Char('/'));
            if (names.size() == 3)
                window().story().showFirstMatching(names[0], names[1], names[2]);
            if (parts.size() == 2)
                window().story().setCurrentStep(parts[1].toInt() - 1);
        }
        if (page == QLatin1String("scheduling") && parser.isSet(whatIfOption))
            window().scheduling().applySuggestion(0);
        if (parser.isSet(inspectOption)) {
            const QStringList parts = parser.value(inspectOption).split(QLatin1Char(':'));
            const QStringList names = parts.front().split(QLatin1Char('/'));
            if (names.size() == 3)
                window().inspector().inspect({names[0], names[1], names[2]});
            if (parts.size() == 2 && parts[1] == QLatin1String("changes"))
                window().inspector().showChanges();
            if (parts.size() == 2 && parts[1] == QLatin1String("owners"))
                window().inspector().showFieldOwners();
        }
    };
    if (parser.isSet(exportOption)) {
        const int delay = parser.isSet(quitAfterOption) ? parser.value(quitAfterOption).toInt() : 500;
        QTimer::singleShot(delay, &host, [&] {
            prepare();
            k8slab::gui::ExportOptions options;
            options.slide = parser.isSet(slideOption);
            QString file;
            QGraphicsScene &scene = window().visibleDiagram(&file, &options.title);
            if (parser.isSet(slideOption))
                options.title = parser.value(slideOption);
            const k8slab::Status s = k8slab::gui::exportScene(scene, parser.value(exportOption), options);
            if (!s.ok())
                std::fprintf(stderr, "k8slab: %s\n", s.message().c_str());
            QCoreApplication::exit(s.ok() ? 0 : 1);
        });
    } else if (parser.isSet(screenshotOption)) {
        // With --quit-after, the picture is taken then (the cluster has had time to run).
        const int delay = parser.isSet(quitAfterOption) ? parser.value(quitAfterOption).toInt() : 500;
        QTimer::singleShot(delay, &host, [&] {
            prepare();
            const bool saved = window().grab().save(parser.value(screenshotOption), "PNG");
            QCoreApplication::exit(saved ? 0 : 1);
        });
    } else if (parser.isSet(quitAfterOption)) {
        QTimer::singleShot(parser.value(quitAfterOption).toInt(), &app, &QCoreApplication::quit);
    }
    return app.exec();
}
