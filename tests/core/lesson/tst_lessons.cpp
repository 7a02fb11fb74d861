// Every lesson of the course, proved as CI must: on a fresh cluster each time, every
// action succeeds and every check passes with the reference solutions, and each
// exercise's plausible wrong solution is refused by its check.
#include "core/lesson/lesson_play.h"
#include "runtime/sim/sim_runtime_factory.h"

#include <QTemporaryDir>
#include <QTest>

using namespace k8slab::lesson;

class TestLessons : public QObject {
    Q_OBJECT
private slots:
    void proved_data();
    void proved();
};

void TestLessons::proved_data()
{
    QTest::addColumn<QString>("id");
    auto lessons = loadLessons(LESSONS_DIR);
    QVERIFY2(lessons.ok(), lessons.status().message().c_str());
    for (const Lesson &lesson : *lessons)
        QTest::newRow(lesson.id.c_str()) << QString::fromStdString(lesson.id);
}

void TestLessons::proved()
{
    QFETCH(QString, id);
    auto lessons = loadLessons(LESSONS_DIR);
    QVERIFY(lessons.ok());
    const Lesson *lesson = findLesson(*lessons, id.toStdString());
    QVERIFY(lesson);
    QTemporaryDir dir;
    LessonLabOptions options;
    options.runtimeFactory = k8slab::runtime::sim::simRuntimeFactory();
    options.dir = dir.path().toStdString();
    options.virtualEpoch = k8slab::engine::kDefaultVirtualEpoch;
    std::string log;
    const PlayResult result = proveLesson(*lesson, options, [&log](const std::string &line) { log += line + "\n"; });
    if (!result.ok)
        qWarning("%s", log.c_str());
    QVERIFY2(result.ok, result.error.c_str());
}

QTEST_GUILESS_MAIN(TestLessons)
#include "tst_lessons.moc"
