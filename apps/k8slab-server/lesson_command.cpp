// k8slab-server lesson: list the lessons, play one headless, or prove them as CI does.
#include "apps/k8slab-server/lesson_command.h"

#include "core/lesson/lesson_play.h"
#include "gui/language.h"
#include "gui/lesson_deck.h"
#include "runtime/sim/sim_runtime_factory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTemporaryDir>

#include <cstdio>

namespace {

using namespace k8slab::lesson;

void print(const std::string &line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

int usage(const QCommandLineParser &parser, const char *message)
{
    std::fprintf(stderr, "k8slab-server lesson: %s\n\n%s", message, qPrintable(parser.helpText()));
    return 2;
}

LessonLabOptions labOptions(const QTemporaryDir &dir)
{
    LessonLabOptions options;
    options.runtimeFactory = k8slab::runtime::sim::simRuntimeFactory();
    options.dir = dir.path().toStdString();
    return options;
}

} // namespace

int lessonMain(int argc, char *argv[])
{
    // Only export draws; it uses the app's own views, on the offscreen platform unless
    // the caller chose another.
    const bool drawing = argc > 2 && QByteArray(argv[2]) == "export";
    if (drawing && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app =
        drawing ? std::make_unique<QApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("k8slab-server"));
    const QStringList arguments = app->arguments().mid(2);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The lessons, headless.\n"
        "  list              the lessons, in course order\n"
        "  run ID            plays a lesson: narration, actions, kubectl's answers, checks\n"
        "  check ID|all      proves lessons as CI does: every action succeeds, every check passes,\n"
        "                    each exercise's reference solution passes and its wrong one fails\n"
        "  export ID|all     a slide deck per lesson: DIR/<id>.<lang>.pdf (a page per step: title,\n"
        "                    narration, the diagram of the step's view) and DIR/<id>.<lang>/step-NN.svg"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("list, run or check"));
    parser.addPositionalArgument(QStringLiteral("lesson"), QStringLiteral("a lesson's id or chapter number, or all"));
    QCommandLineOption lessonsOption(QStringLiteral("lessons"), QStringLiteral("The lessons folder."),
                                     QStringLiteral("dir"), QString::fromStdString(defaultLessonsDir()));
    QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("The language: en or zh_CN."),
                                  QStringLiteral("lang"), QStringLiteral("en"));
    QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("export: the folder for the decks."),
                                 QStringLiteral("dir"), QStringLiteral("."));
    parser.addOption(lessonsOption);
    parser.addOption(langOption);
    parser.addOption(outOption);
    QStringList args = arguments;
    args.prepend(QStringLiteral("k8slab-server lesson"));
    if (!parser.parse(args))
        return usage(parser, qPrintable(parser.errorText()));
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage(parser, "which command: list, run or check?");
    const std::string language = parser.value(langOption).toStdString();
    if (language != "en" && language != "zh_CN")
        return usage(parser, "--lang wants en or zh_CN");

    auto lessons = loadLessons(parser.value(lessonsOption).toStdString());
    if (!lessons.ok()) {
        std::fprintf(stderr, "k8slab-server lesson: %s\n", lessons.status().message().c_str());
        return 1;
    }
    const QString command = positional.first();
    if (command == QStringLiteral("list")) {
        for (const Lesson &lesson : *lessons)
            std::printf("%2d  %-22s %s (%zu steps, %d exercises)\n", lesson.number, lesson.id.c_str(),
                        lesson.title.text(language).c_str(), lesson.steps.size(), lesson.exerciseCount());
        return 0;
    }
    if (positional.size() < 2)
        return usage(parser, "which lesson?");
    const std::string which = positional.at(1).toStdString();
    std::vector<const Lesson *> chosen;
    if (which == "all" && (command == QStringLiteral("check") || command == QStringLiteral("export"))) {
        for (const Lesson &lesson : *lessons)
            chosen.push_back(&lesson);
    } else if (const Lesson *lesson = findLesson(*lessons, which)) {
        chosen.push_back(lesson);
    } else {
        std::fprintf(stderr, "k8slab-server lesson: no lesson \"%s\" (k8slab-server lesson list)\n", which.c_str());
        return 1;
    }

    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "k8slab-server lesson: no temporary folder: %s\n", qPrintable(dir.errorString()));
        return 1;
    }
    if (command == QStringLiteral("run")) {
        const Lesson &lesson = *chosen.front();
        auto lab = LessonLab::start(lesson.cluster, labOptions(dir));
        if (!lab.ok()) {
            std::fprintf(stderr, "k8slab-server lesson: %s\n", lab.status().message().c_str());
            return 1;
        }
        print("# " + std::to_string(lesson.number) + ". " + lesson.title.text(language));
        print(lesson.summary.text(language));
        PlayOptions options;
        options.language = language;
        options.narration = true;
        options.out = print;
        const PlayResult result = playLesson(lesson, **lab, options);
        print(result.ok ? "lesson played: every check passed" : "lesson failed: " + result.error);
        return result.ok ? 0 : 1;
    }
    if (command == QStringLiteral("check")) {
        int failed = 0;
        for (const Lesson *lesson : chosen) {
            const PlayResult result = proveLesson(*lesson, labOptions(dir), print);
            print(std::string(result.ok ? "PASS " : "FAIL ") + lesson->id + (result.ok ? "" : ": " + result.error));
            failed += result.ok ? 0 : 1;
        }
        print(std::to_string(chosen.size() - static_cast<std::size_t>(failed)) + "/" + std::to_string(chosen.size()) +
              " lessons proved");
        return failed == 0 ? 0 : 1;
    }
    if (command == QStringLiteral("export")) {
        k8slab::gui::useLanguage(QString::fromStdString(language));
        const QString out = parser.value(outOption);
        for (const Lesson *lesson : chosen) {
            QTemporaryDir labDir;
            auto lab = LessonLab::start(lesson->cluster, labOptions(labDir));
            if (!lab.ok()) {
                std::fprintf(stderr, "k8slab-server lesson: %s\n", lab.status().message().c_str());
                return 1;
            }
            const QString base = QStringLiteral("%1/%2.%3").arg(out, QString::fromStdString(lesson->id),
                                                                 QString::fromStdString(language));
            k8slab::gui::DeckOptions deck;
            deck.language = QString::fromStdString(language);
            deck.pdfPath = base + QStringLiteral(".pdf");
            deck.svgDir = base;
            QDir().mkpath(out);
            if (k8slab::Status s = k8slab::gui::exportLessonDeck(*lesson, **lab, deck); !s.ok()) {
                std::fprintf(stderr, "k8slab-server lesson: %s: %s\n", lesson->id.c_str(), s.message().c_str());
                return 1;
            }
            print("wrote " + deck.pdfPath.toStdString() + " and " + deck.svgDir.toStdString() + "/step-*.svg (" +
                  std::to_string(lesson->steps.size()) + " slides)");
        }
        return 0;
    }
    return usage(parser, "unknown command (list, run, check or export)");
}
