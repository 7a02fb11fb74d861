// Reading lessons: what instructors write, and the errors they get when it is wrong.
#include "core/lesson/lesson.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace k8slab::lesson;

namespace {

const char *const kLesson = R"(id: sample
number: 7
title: {en: A sample, zh_CN: 示例}
summary: {en: What it teaches, zh_CN: 它教什么}
prerequisites: [components]
cluster: {nodes: 2, proxyMode: ipvs, seed: 9}
steps:
  - id: first
    title: {en: First, zh_CN: 第一步}
    focus: {view: story, object: {kind: Pod, name: web}, step: 3}
    actions:
      - apply: manifests/pod.yaml
      - kubectl: get pods
      - advance: 30s
      - wait: {for: {condition: {kind: Pod, name: web, type: Ready}}, timeout: 1m}
    checks:
      - title: {en: It runs, zh_CN: 它在运行}
        field: {kind: Pod, name: web, path: "{.status.phase}", equals: Running}
  - id: second
    title: {en: Second, zh_CN: 第二步}
    exercise:
      hints:
        - {en: A hint, zh_CN: 提示}
      check:
        count: {kind: Pod, atLeast: 2}
      timeout: 90s
      solution:
        - scale: {kind: deploy, name: web, replicas: 2}
      wrong:
        - delete: {kind: Pod, name: web}
)";

const char *const kPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: c, image: nginx}]\n";

void write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

// A lesson folder holding `yaml`, the pod manifest and narration for steps first and second.
void writeLesson(const QString &dir, const QByteArray &yaml)
{
    write(dir + "/lesson.yaml", yaml);
    write(dir + "/manifests/pod.yaml", kPod);
    for (const char *language : {"en", "zh_CN"})
        for (const char *step : {"first", "second"})
            write(dir + "/narration/" + language + "/" + step + ".md", QByteArray("# ") + step + " " + language);
}

} // namespace

class TestLessonFormat : public QObject {
    Q_OBJECT
private slots:
    void readsALesson();
    void readsANodeList();
    void findsLessonsByIdAndNumber();
    void refusesWhatIsWrong_data();
    void refusesWhatIsWrong();
    void refusesAMissingNarration();
    void theCourseLessonsAllLoad();
};

void TestLessonFormat::readsALesson()
{
    QTemporaryDir dir;
    writeLesson(dir.path(), kLesson);
    auto lesson = loadLesson(dir.path().toStdString());
    QVERIFY2(lesson.ok(), lesson.status().message().c_str());
    QCOMPARE(lesson->id, "sample");
    QCOMPARE(lesson->number, 7);
    QCOMPARE(lesson->title.text("zh_CN"), "示例");
    QCOMPARE(lesson->title.text("fr"), "A sample"); // English when a language is missing
    QCOMPARE(lesson->cluster.nodes, 2);
    QCOMPARE(lesson->cluster.proxyMode, "ipvs");
    QCOMPARE(lesson->cluster.seed, 9u);
    QCOMPARE(lesson->prerequisites, std::vector<std::string>{"components"});
    QCOMPARE(lesson->steps.size(), 2u);
    const Step &first = lesson->steps[0];
    QCOMPARE(first.narration.text("zh_CN"), "# first zh_CN");
    QCOMPARE(first.actions.size(), 4u);
    QCOMPARE(first.actions[0].type, "apply");
    QCOMPARE(first.actions[0].spec["yaml"].get<std::string>(), kPod); // the manifest is read in
    QCOMPARE(first.actions[1].spec["args"].get<std::string>(), "get pods");
    QCOMPARE(first.actions[2].spec["ns"].get<long long>(), 30'000'000'000LL);
    QCOMPARE(first.actions[3].spec["ns"].get<long long>(), 60'000'000'000LL);
    QVERIFY(first.focus);
    QCOMPARE(first.focus->view, "story");
    QCOMPARE(first.focus->sequenceStep, 3);
    QCOMPARE(first.checks.size(), 1u);
    QCOMPARE(first.checks[0].title.text("en"), "It runs");
    QVERIFY(!first.checks[0].spec.contains("title"));
    QCOMPARE(lesson->exerciseCount(), 1);
    const Exercise &exercise = *lesson->steps[1].exercise;
    QCOMPARE(exercise.hints.size(), 1u);
    QCOMPARE(exercise.timeout, std::chrono::seconds(90));
    QCOMPARE(exercise.solution[0].type, "scale");
    QCOMPARE(exercise.wrong[0].type, "delete");
}

void TestLessonFormat::readsANodeList()
{
    // cluster.nodes as a cluster spec's list: the lesson's lab starts with these nodes.
    QByteArray yaml(kLesson);
    yaml.replace("cluster: {nodes: 2, proxyMode: ipvs, seed: 9}",
                 "cluster:\n  nodes:\n    - {name: gpu, labels: {gpu: \"true\"}, taints: [{key: gpu, effect: NoSchedule}]}\n"
                 "    - {name: worker, count: 2}");
    QTemporaryDir dir;
    writeLesson(dir.path(), yaml);
    auto lesson = loadLesson(dir.path().toStdString());
    QVERIFY2(lesson.ok(), lesson.status().message().c_str());
    QCOMPARE(lesson->cluster.nodes, 3);
    QCOMPARE(lesson->cluster.nodeSpecs.size(), 3u);
    QCOMPARE(lesson->cluster.nodeSpecs[0].labels.at("gpu"), "true");
    QCOMPARE(lesson->cluster.nodeSpecs[2].name, "worker-2");
    // Its errors name the lesson's field.
    yaml.replace("{name: worker, count: 2}", "{name: worker, cont: 2}");
    writeLesson(dir.path(), yaml);
    lesson = loadLesson(dir.path().toStdString());
    QVERIFY(!lesson.ok());
    QVERIFY2(QString::fromStdString(lesson.status().message()).contains(QStringLiteral("cluster.nodes[1].cont: unknown field")),
             lesson.status().message().c_str());
}

void TestLessonFormat::findsLessonsByIdAndNumber()
{
    QTemporaryDir dir;
    writeLesson(dir.path() + "/07-sample", kLesson);
    auto lessons = loadLessons(dir.path().toStdString());
    QVERIFY2(lessons.ok(), lessons.status().message().c_str());
    QCOMPARE(lessons->size(), 1u);
    QVERIFY(findLesson(*lessons, "sample"));
    QVERIFY(findLesson(*lessons, "7"));
    QVERIFY(findLesson(*lessons, "07"));
    QVERIFY(!findLesson(*lessons, "8"));
    QVERIFY(!findLesson(*lessons, "7x"));
}

void TestLessonFormat::refusesWhatIsWrong_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("message");
    QTest::newRow("a title without Chinese") << QByteArray("title: {en: A sample, zh_CN: 示例}")
                                             << QByteArray("title: {en: A sample}") << "title.zh_CN: is missing";
    QTest::newRow("an unknown action") << QByteArray("- advance: 30s") << QByteArray("- sleep: 30s")
                                       << "steps[0].actions[2]: unknown action \"sleep\"";
    QTest::newRow("a bad duration") << QByteArray("- advance: 30s") << QByteArray("- advance: soon")
                                    << "steps[0].actions[2].advance: wants a duration";
    QTest::newRow("a missing manifest") << QByteArray("apply: manifests/pod.yaml")
                                        << QByteArray("apply: manifests/none.yaml") << "cannot read manifests/none.yaml";
    QTest::newRow("an unknown kind") << QByteArray("scale: {kind: deploy") << QByteArray("scale: {kind: Blob")
                                     << "the lab serves no kind \"Blob\"";
    QTest::newRow("an unknown check") << QByteArray("count: {kind: Pod, atLeast: 2}")
                                      << QByteArray("counter: {kind: Pod, atLeast: 2}")
                                      << "steps[1].exercise.check: unknown check \"counter\"";
    QTest::newRow("a field check without a comparison") << QByteArray(", equals: Running}") << QByteArray("}")
                                                         << "steps[0].checks[0].field: wants equals";
    QTest::newRow("a malformed JSONPath") << QByteArray("{.status.phase}") << QByteArray("{.status[}")
                                          << "steps[0].checks[0].field.path: JSONPath";
    QTest::newRow("a bad regular expression") << QByteArray("equals: Running") << QByteArray("matches: \"(\"")
                                              << "steps[0].checks[0].field.matches: not a regular expression";
    QTest::newRow("an exercise without a wrong solution")
        << QByteArray("wrong:\n        - delete: {kind: Pod, name: web}") << QByteArray("")
        << "needs a reference solution and a plausible wrong one";
    QTest::newRow("an unknown view") << QByteArray("view: story") << QByteArray("view: movie")
                                     << "steps[0].focus.view: unknown view \"movie\"";
    QTest::newRow("an unknown proxy mode") << QByteArray("proxyMode: ipvs") << QByteArray("proxyMode: ebpf")
                                           << "cluster.proxyMode: wants iptables, ipvs or nftables";
    QTest::newRow("an unquoted comma in a title") << QByteArray("{en: First, zh_CN: 第一步}")
                                                  << QByteArray("{en: First, then more, zh_CN: 第一步}")
                                                  << "steps[0].title: \"then more\" is not a language";
    QTest::newRow("an unknown fault") << QByteArray("- advance: 30s") << QByteArray("- fault: {flood: worker-1}")
                                      << "steps[0].actions[2].fault: unknown fault \"flood\"";
    QTest::newRow("a kill without its pod") << QByteArray("- advance: 30s")
                                            << QByteArray("- fault: {killContainer: {container: c}}")
                                            << "steps[0].actions[2].fault.killContainer: wants {pod: NAME} or {selector: LABELS}";
    QTest::newRow("a fill without a quantity") << QByteArray("- advance: 30s")
                                               << QByteArray("- fault: {fillMemory: {node: worker-1, bytes: lots}}")
                                               << "steps[0].actions[2].fault.fillMemory.bytes: wants a non-negative quantity";
    QTest::newRow("a fill both ways") << QByteArray("- advance: 30s")
                                      << QByteArray("- fault: {fillMemory: {node: worker-1, bytes: 1Gi, available: 50Mi}}")
                                      << "steps[0].actions[2].fault.fillMemory: wants {node: NODE, bytes: QUANTITY}";
    QTest::newRow("a step id used twice") << QByteArray("- id: second") << QByteArray("- id: first")
                                          << "\"first\" is used twice";
}

void TestLessonFormat::refusesWhatIsWrong()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, message);
    QByteArray yaml(kLesson);
    QVERIFY2(yaml.contains(from), from.constData());
    yaml.replace(from, to);
    QTemporaryDir dir;
    writeLesson(dir.path(), yaml);
    auto lesson = loadLesson(dir.path().toStdString());
    QVERIFY(!lesson.ok());
    QVERIFY2(QString::fromStdString(lesson.status().message()).contains(message), lesson.status().message().c_str());
    QVERIFY2(QString::fromStdString(lesson.status().message()).contains("lesson.yaml"), "the message names the file");
}

void TestLessonFormat::refusesAMissingNarration()
{
    QTemporaryDir dir;
    writeLesson(dir.path(), kLesson);
    QVERIFY(QFile::remove(dir.path() + "/narration/zh_CN/second.md"));
    auto lesson = loadLesson(dir.path().toStdString());
    QVERIFY(!lesson.ok());
    QVERIFY2(QString::fromStdString(lesson.status().message()).contains("steps[1]: no narration in zh_CN"),
             lesson.status().message().c_str());
}

void TestLessonFormat::theCourseLessonsAllLoad()
{
    auto lessons = loadLessons(LESSONS_DIR);
    QVERIFY2(lessons.ok(), lessons.status().message().c_str());
    QVERIFY(!lessons->empty());
    int previous = 0;
    for (const Lesson &lesson : *lessons) {
        QVERIFY2(lesson.number > previous, lesson.id.c_str());
        previous = lesson.number;
        QVERIFY2(lesson.exerciseCount() >= 1, (lesson.id + " has no exercise").c_str());
        for (const std::string &prerequisite : lesson.prerequisites)
            QVERIFY2(findLesson(*lessons, prerequisite), (lesson.id + ": unknown prerequisite " + prerequisite).c_str());
    }
}

QTEST_APPLESS_MAIN(TestLessonFormat)
#include "tst_lesson_format.moc"
