// A lesson as a slide deck: played on a fresh cluster, one 16:9 page per step with the
// step's title, narration, checks and the diagram of its view at that moment, as a PDF
// and as one SVG per step, in English and in Chinese.
#include "core/lesson/lesson_lab.h"
#include "gui/language.h"
#include "gui/lesson_deck.h"
#include "runtime/sim/sim_runtime_factory.h"

#include <QDir>
#include <QFile>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace k8slab;

namespace {

int pdfPages(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray bytes = file.readAll();
    return int(bytes.count("/Type /Page\n") + bytes.count("/Type /Page\r") + bytes.count("/Type /Page ") +
               bytes.count("/Type /Page/"));
}

} // namespace

class TestLessonDeck : public QObject {
    Q_OBJECT
private slots:
    void decks_data();
    void decks();
};

void TestLessonDeck::decks_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("narration");
    QTest::newRow("English") << "en" << "kubectl sends the pod to the API server" << "admits";
    QTest::newRow("Chinese") << "zh_CN" << QStringLiteral("kubectl 把 Pod 发给 API Server") << QStringLiteral("准入");
}

void TestLessonDeck::decks()
{
    QFETCH(QString, language);
    QFETCH(QString, title);
    QFETCH(QString, narration);
    gui::useLanguage(language);
    auto lessons = lesson::loadLessons(LESSONS_DIR);
    QVERIFY(lessons.ok());
    const lesson::Lesson *podCreation = lesson::findLesson(*lessons, "pod-creation");
    QVERIFY(podCreation);
    QTemporaryDir labDir, out;
    lesson::LessonLabOptions options;
    options.runtimeFactory = runtime::sim::simRuntimeFactory();
    options.dir = labDir.path().toStdString();
    auto lab = lesson::LessonLab::start(podCreation->cluster, options);
    QVERIFY(lab.ok());
    gui::DeckOptions deck;
    deck.language = language;
    deck.pdfPath = out.filePath(QStringLiteral("deck.pdf"));
    deck.svgDir = out.filePath(QStringLiteral("svg"));
    const Status s = gui::exportLessonDeck(*podCreation, **lab, deck);
    QVERIFY2(s.ok(), s.message().c_str());

    QCOMPARE(pdfPages(deck.pdfPath), int(podCreation->steps.size()));
    const QStringList svgs = QDir(deck.svgDir).entryList({QStringLiteral("*.svg")}, QDir::Files, QDir::Name);
    QCOMPARE(svgs, (QStringList{"step-01.svg", "step-02.svg", "step-03.svg", "step-04.svg"}));
    QFile first(deck.svgDir + QStringLiteral("/step-01.svg"));
    QVERIFY(first.open(QIODevice::ReadOnly));
    const QString svg = QString::fromUtf8(first.readAll());
    QVERIFY2(svg.contains(title), "the step's title is on its slide");
    QVERIFY2(svg.contains(narration), "its narration too");
    QVERIFY2(svg.contains(QStringLiteral("kube-apiserver")), "and the sequence diagram's lanes");
    QSvgRenderer renderer(deck.svgDir + QStringLiteral("/step-03.svg"));
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBoxF(), QRectF(0, 0, 1920, 1080)); // a 16:9 slide
}

QTEST_MAIN(TestLessonDeck)
#include "tst_lesson_deck.moc"
