// The live lesson runner: a check ticks green when the cluster gets there, and once the
// step's actions are done it stays green when the cluster moves on.
#include "core/lesson/action.h"
#include "core/lesson/lesson_run.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

class TestLessonRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aPassedCheckStaysGreenAfterTheActions();
};

void TestLessonRun::aPassedCheckStaysGreenAfterTheActions()
{
    test::LabFixture lab(1);
    QVERIFY2(lab.ok(), lab.error().c_str());
    lesson::Lesson l;
    l.id = "latch";
    lesson::Step step;
    step.id = "one";
    Result<lesson::Action> wait = lesson::readAction(Json::parse(R"({"advance": "10s"})"), "steps[0].actions[0]", ".");
    QVERIFY(wait.ok());
    step.actions.push_back(*wait);
    step.checks.push_back({{}, Json::parse(R"({"count": {"kind": "ConfigMap", "name": "marker", "equals": 1}})"), "steps[0].checks[0]"});
    l.steps.push_back(step);
    lesson::LessonRun run(l, *lab.session, {});
    lab.create("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: marker}\n");
    run.goTo(0);
    // While the actions run the check is live.
    run.poll();
    QVERIFY(run.checks().front().result.passed);
    QVERIFY(!run.checks().front().latched);
    lab.run(11s);
    run.poll();
    QVERIFY(run.stepComplete());
    QVERIFY(run.checks().front().latched);
    // The cluster moves on: the ConfigMap goes. The check saw it; it stays green.
    QVERIFY(lab.session->api().handle({"DELETE", "/api/v1/namespaces/default/configmaps/marker", {}, {}, {}, {}, {}}).code == 200);
    run.poll();
    QVERIFY(run.checks().front().result.passed);
}

QTEST_GUILESS_MAIN(TestLessonRun)
#include "tst_lesson_run.moc"
