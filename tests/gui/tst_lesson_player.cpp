// The lesson player offscreen, as a learner takes a lesson: the app starts the lesson on
// a fresh cluster of its own, the player shows the step's narration and focus, the
// step's kubectl actions run with the real kubectl, and the checks turn green as the
// cluster gets there; an exercise stays open until the cluster shows it solved; progress
// is kept for the user; starting over gives a fresh cluster.
#include "core/engine/loop_driver.h"
#include "core/lesson/lesson_run.h"
#include "gui/lab_host.h"
#include "gui/language.h"
#include "gui/lesson_picker.h"
#include "gui/lesson_player.h"
#include "gui/lesson_progress.h"
#include "gui/main_window.h"
#include "gui/story_page.h"
#include "gui/window_host.h"
#include "core/apiserver/resource_registry.h"
#include "runtime/sim/sim_runtime_factory.h"

#include <QListWidget>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace k8slab;

namespace {

QStringList ticks(gui::LessonPlayer &player)
{
    QStringList lines;
    for (int i = 0; i < player.checkList().count(); ++i)
        lines << player.checkList().item(i)->text();
    return lines;
}

bool allGreen(gui::LessonPlayer &player)
{
    const QStringList lines = ticks(player);
    return !lines.isEmpty() && std::all_of(lines.begin(), lines.end(), [](const QString &l) { return l.startsWith(u'✓'); });
}

} // namespace

class TestLessonPlayer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void playsALessonAndTheChecksTurnGreen();
    void startingOverGivesAFreshCluster();
    void jumpingAheadCatchesTheClusterUp();
    void thePickerListsTheCourseWithProgress();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<gui::LabHost> m_host;
};

namespace {
// How long a step's actions may take: they run the real kubectl, which on a 2-core CI
// machine busy with the e2e tests has taken over 30 s to start and finish.
constexpr int kActionsMs = 120000;
} // namespace

void TestLessonPlayer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    gui::LessonProgress::forget(QStringLiteral("pod-creation"));
    lab::LabOptions options;
    options.recordingPath = m_dir.filePath(QStringLiteral("lab.k8slab")).toStdString();
    options.synchronous = "OFF";
    options.nodes = 3;
    options.runtimeFactory = runtime::sim::simRuntimeFactory();
    m_host = std::make_unique<gui::LabHost>(options, m_dir.path(), QStringLiteral(LESSONS_DIR));
    m_host->setSpeed(engine::LoopDriver::kAsFastAsPossible);
    m_host->setLanguage(QStringLiteral("en"));
    QVERIFY(!m_host->lessons().empty());
}

void TestLessonPlayer::playsALessonAndTheChecksTurnGreen()
{
    const Status started = m_host->startLesson(QStringLiteral("pod-creation"), 0);
    QVERIFY2(started.ok(), started.message().c_str());
    gui::MainWindow &window = m_host->windows().window();
    gui::LessonPlayer *player = window.lessonPlayer();
    QVERIFY(player);
    lesson::LessonRun &run = *m_host->lessonRun();
    QCOMPARE(run.step(), 0);
    QVERIFY(player->findChild<QTextBrowser *>()->toPlainText().contains(QStringLiteral("kubectl apply -f nginx-pod.yaml")));

    // Step 1: kubectl applies the pod (the real kubectl, through the lab's HTTP API);
    // its check ticks green once the store holds the pod.
    QTRY_VERIFY_WITH_TIMEOUT(allGreen(*player), kActionsMs);
    QVERIFY2(ticks(*player).front().contains(QStringLiteral("The pod is stored")), qPrintable(ticks(*player).join('\n')));
    // The step's focus: the pod's story, stopped at its third step.
    QTRY_COMPARE_WITH_TIMEOUT(window.story().shownObject().name, QStringLiteral("nginx"), 10000);
    // Complete once kubectl has also finished: the progress is the user's to keep.
    QTRY_VERIFY_WITH_TIMEOUT(gui::LessonProgress::completed(QStringLiteral("pod-creation")).contains(QStringLiteral("submit")), kActionsMs);

    // Next: the scheduler's step waits for the binding, then its two checks pass.
    run.goTo(1);
    QCOMPARE(ticks(*player).size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(allGreen(*player), kActionsMs);

    // The exercise: nothing is done for the learner, so its check stays open…
    run.goTo(3);
    QVERIFY(ticks(*player).front().startsWith(QStringLiteral("○  Your task: Pod hello runs busybox")));
    QTest::qWait(1500);
    QVERIFY(!allGreen(*player));
    QCOMPARE(run.revealHint(), 1);
    // … until the cluster shows it solved (here by the reference solution).
    run.runSolution();
    QTRY_VERIFY_WITH_TIMEOUT(allGreen(*player), kActionsMs);
    QTRY_VERIFY_WITH_TIMEOUT(gui::LessonProgress::completed(QStringLiteral("pod-creation")).contains(QStringLiteral("your-pod")), kActionsMs);
    QCOMPARE(gui::LessonProgress::lastStep(QStringLiteral("pod-creation")), 3);
}

void TestLessonPlayer::startingOverGivesAFreshCluster()
{
    const Status started = m_host->startLesson(QStringLiteral("pod-creation"), 0);
    QVERIFY2(started.ok(), started.message().c_str());
    // The pods of the previous run are gone: the lesson's cluster is new.
    auto pods = m_host->session().api().objects(*apiserver::builtinResources().findKind("v1", "Pod"), "default");
    QVERIFY(pods.empty());
    QCOMPARE(m_host->lessonRun()->step(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(allGreen(*m_host->windows().window().lessonPlayer()), kActionsMs);
}

void TestLessonPlayer::jumpingAheadCatchesTheClusterUp()
{
    // Resuming at the exercise: the steps before it run first, so pod big is there, Pending.
    const Status started = m_host->startLesson(QStringLiteral("scheduler"), 2);
    QVERIFY2(started.ok(), started.message().c_str());
    lesson::LessonRun &run = *m_host->lessonRun();
    gui::LessonPlayer &player = *m_host->windows().window().lessonPlayer();
    QTRY_VERIFY_WITH_TIMEOUT(run.actionsState() == lesson::ActionRunner::State::Done, kActionsMs);
    const auto *pods = apiserver::builtinResources().findKind("v1", "Pod");
    QVERIFY(m_host->session().api().get(*pods, "default", "big").ok());
    QVERIFY(ticks(player).front().startsWith(QStringLiteral("○  Your task: big is Running")));
    QVERIFY(run.log().front().text.starts_with("-- first, what the steps before this one do"));
    // Moving on without solving it: the solution runs, so the next step finds big bound.
    run.goTo(3);
    QTRY_VERIFY_WITH_TIMEOUT(allGreen(player), kActionsMs);
    QCOMPARE(m_host->session().api().get(*pods, "default", "big")->at("spec").value("nodeName", ""), "worker-big");
    // (The check can turn green before the solution's last action is done: wait for it,
    // or going back would find it still running on a loaded machine.)
    QTRY_VERIFY_WITH_TIMEOUT(run.actionsState() == lesson::ActionRunner::State::Done, kActionsMs);
    // Back to the exercise: nothing runs again, and its check is green now.
    run.goTo(2);
    QCOMPARE(run.actionsState(), lesson::ActionRunner::State::Done);
    QTRY_VERIFY_WITH_TIMEOUT(allGreen(player), 10000);
}

void TestLessonPlayer::thePickerListsTheCourseWithProgress()
{
    gui::LessonPicker picker(m_host->lessons());
    auto *list = picker.findChild<QListWidget *>();
    QVERIFY(list);
    QCOMPARE(list->count(), int(m_host->lessons().size()));
    // In chapter order, with what this user has done (pod-creation was taken above).
    QVERIFY(list->item(0)->text().startsWith(QStringLiteral("1. What Kubernetes is")));
    QString podCreation;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->data(Qt::UserRole).toString() == QLatin1String("pod-creation"))
            podCreation = list->item(i)->text();
    QVERIFY2(podCreation.contains(QStringLiteral("of 4 steps")) || podCreation.contains(QStringLiteral("done")),
             qPrintable(podCreation));
    list->setCurrentRow(1);
    QCOMPARE(picker.chosenId(), QStringLiteral("pod-creation"));
    QVERIFY(picker.findChild<QTextBrowser *>()->toPlainText().contains(QStringLiteral("How a pod is created")));
}

QTEST_MAIN(TestLessonPlayer)
#include "tst_lesson_player.moc"
