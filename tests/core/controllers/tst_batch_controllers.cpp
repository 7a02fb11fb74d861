// Jobs and CronJobs in a simulated cluster on the virtual clock, and their arithmetic:
// the pod-failure back-off, completed-index ranges, cron schedules.
#include "core/api/time_format.h"
#include "core/controllers/cron_schedule.h"
#include "core/controllers/job_controller.h"
#include "tests/support/cluster_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {
const std::string kJobs = "/apis/batch/v1/namespaces/default/jobs";
const std::string kCronJobs = "/apis/batch/v1/namespaces/default/cronjobs";

std::string job(const std::string &name, const std::string &command, const std::string &extraSpec = {})
{
    return R"({"metadata":{"name":")" + name + R"("},"spec":{)" + extraSpec
           + R"("template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox:1.36","command":["sh","-c",")"
           + command + R"("]}]}}}})";
}

std::string condition(const Json &object, const std::string &type)
{
    if (!object.contains("status"))
        return "";
    for (const Json &c : object["status"].value("conditions", Json::array()))
        if (c["type"] == type && c["status"] == "True")
            return c["reason"];
    return "";
}
} // namespace

class TestBatchControllers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void backoff_data();
    void backoff();
    void indexRanges();
    void cron_data();
    void cron();
    void cronRejectsNonsense();
    void aJobRunsItsCompletions();
    void aFailingJobStopsAtItsBackoffLimit();
    void anIndexedJobRunsEachIndexOnce();
    void aCronJobCreatesJobsOnSchedule();
};

void TestBatchControllers::backoff_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("seconds");
    QTest::newRow("none") << 0 << 0;
    QTest::newRow("first") << 1 << 10;
    QTest::newRow("second") << 2 << 20;
    QTest::newRow("fourth") << 4 << 80;
    QTest::newRow("capped at 10 minutes") << 8 << 600;
    QTest::newRow("stays capped") << 30 << 600;
}

void TestBatchControllers::backoff()
{
    QFETCH(int, failures);
    QFETCH(int, seconds);
    QCOMPARE(std::chrono::duration_cast<std::chrono::seconds>(controllers::jobPodFailureBackoff(failures)).count(), seconds);
}

void TestBatchControllers::indexRanges()
{
    QCOMPARE(controllers::formatIndexes({0, 1, 2, 4, 6, 7}), std::string("0-2,4,6-7"));
    QCOMPARE(controllers::formatIndexes({}), std::string());
    QCOMPARE(controllers::formatIndexes({5}), std::string("5"));
}

void TestBatchControllers::cron_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("next");
    QTest::newRow("every minute") << "* * * * *" << "2026-03-10T10:15:30Z" << "2026-03-10T10:16:00Z";
    QTest::newRow("every 5 minutes") << "*/5 * * * *" << "2026-03-10T10:15:00Z" << "2026-03-10T10:20:00Z";
    QTest::newRow("daily at 02:30") << "30 2 * * *" << "2026-03-10T10:15:00Z" << "2026-03-11T02:30:00Z";
    QTest::newRow("weekdays at 9") << "0 9 * * MON-FRI" << "2026-03-13T09:00:00Z" << "2026-03-16T09:00:00Z"; // Friday → Monday
    QTest::newRow("first of the month") << "@monthly" << "2026-01-31T12:00:00Z" << "2026-02-01T00:00:00Z";
    QTest::newRow("29 February") << "0 0 29 2 *" << "2026-03-01T00:00:00Z" << "2028-02-29T00:00:00Z";
    QTest::newRow("day OR weekday") << "0 0 13 * FRI" << "2026-03-10T00:00:00Z" << "2026-03-13T00:00:00Z";
    QTest::newRow("hourly") << "@hourly" << "2026-03-10T10:59:59Z" << "2026-03-10T11:00:00Z";
    QTest::newRow("lists and ranges") << "0,30 8-10/2 * * *" << "2026-03-10T08:31:00Z" << "2026-03-10T10:00:00Z";
}

void TestBatchControllers::cron()
{
    QFETCH(QString, schedule);
    QFETCH(QString, after);
    QFETCH(QString, next);
    auto parsed = controllers::CronSchedule::parse(schedule.toStdString());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.status().message().c_str());
    const auto t = api::parseTime(after.toStdString());
    QCOMPARE(QString::fromStdString(api::formatTime(parsed->next(*t))), next);
}

void TestBatchControllers::cronRejectsNonsense()
{
    for (const char *bad : {"", "* * * *", "61 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * FUNDAY", "*/0 * * * *"})
        QVERIFY2(!controllers::CronSchedule::parse(bad).ok(), bad);
}

void TestBatchControllers::aJobRunsItsCompletions()
{
    test::ClusterFixture c(2);
    c.must("POST", kJobs, job("work", "echo done", R"("completions":3,"parallelism":2,)"), 201);
    QVERIFY(c.runUntil([&] { return condition(c.get(kJobs + "/work"), "Complete") == "CompletionsReached"; }, 120s));
    const Json j = c.get(kJobs + "/work");
    QCOMPARE(j["status"]["succeeded"], Json(3));
    QVERIFY(j["status"].contains("completionTime"));
    QCOMPARE(condition(j, "SuccessCriteriaMet"), std::string("CompletionsReached"));
    QCOMPARE(j["status"]["uncountedTerminatedPods"], Json::object());
    const Json pods = c.get("/api/v1/namespaces/default/pods?labelSelector=batch.kubernetes.io/job-name=work")["items"];
    QCOMPARE(pods.size(), std::size_t(3));
    for (const Json &p : pods)
        QVERIFY(!p["metadata"].contains("finalizers")); // counted: the tracking finalizer is off
}

void TestBatchControllers::aFailingJobStopsAtItsBackoffLimit()
{
    test::ClusterFixture c(1);
    c.must("POST", kJobs, job("flaky", "exit 3", R"("backoffLimit":2,)"), 201);
    QVERIFY(c.runUntil([&] { return condition(c.get(kJobs + "/flaky"), "Failed") == "BackoffLimitExceeded"; }, 300s));
    const Json j = c.get(kJobs + "/flaky");
    QCOMPARE(j["status"]["failed"], Json(3)); // the (backoffLimit + 1)-th failure ends it
    QCOMPARE(condition(j, "FailureTarget"), std::string("BackoffLimitExceeded"));
    // Replacements waited 10 s, then 20 s, after the previous failure.
    std::vector<engine::TimePoint> created;
    const Json pods = c.get("/api/v1/namespaces/default/pods?labelSelector=batch.kubernetes.io/job-name=flaky")["items"];
    for (const Json &p : pods)
        created.push_back(*api::parseTime(p["metadata"]["creationTimestamp"].get<std::string>()));
    std::sort(created.begin(), created.end());
    QCOMPARE(created.size(), std::size_t(3));
    QVERIFY(created[1] - created[0] >= 10s && created[1] - created[0] < 15s);
    QVERIFY(created[2] - created[1] >= 20s && created[2] - created[1] < 25s);
    const Json events = c.get("/api/v1/namespaces/default/events?fieldSelector=reason=BackoffLimitExceeded")["items"];
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0]["message"], Json("Job has reached the specified backoff limit"));
}

void TestBatchControllers::anIndexedJobRunsEachIndexOnce()
{
    test::ClusterFixture c(2);
    c.must("POST", kJobs, job("idx", "echo hi", R"("completions":4,"parallelism":2,"completionMode":"Indexed",)"), 201);
    QVERIFY(c.runUntil([&] { return condition(c.get(kJobs + "/idx"), "Complete") == "CompletionsReached"; }, 120s));
    QCOMPARE(c.get(kJobs + "/idx")["status"]["completedIndexes"], Json("0-3"));
    std::set<std::string> indexes;
    const Json pods = c.get("/api/v1/namespaces/default/pods?labelSelector=batch.kubernetes.io/job-name=idx")["items"];
    for (const Json &p : pods) {
        indexes.insert(p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"]);
        QCOMPARE(p["spec"]["hostname"],
                 Json("idx-" + p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"].get<std::string>()));
    }
    QCOMPARE(indexes, (std::set<std::string>{"0", "1", "2", "3"}));
}

void TestBatchControllers::aCronJobCreatesJobsOnSchedule()
{
    test::ClusterFixture c(1);
    c.must("POST", kCronJobs,
           R"({"metadata":{"name":"tick"},"spec":{"schedule":"*/2 * * * *","successfulJobsHistoryLimit":2,"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox:1.36","command":["echo","tick"]}]}}}}}})",
           201);
    c.run(7min);
    const Json jobs = c.get(kJobs)["items"];
    QCOMPARE(jobs.size(), std::size_t(2)); // three ran; the history limit keeps two
    for (const Json &j : jobs) {
        const std::string name = j["metadata"]["name"];
        const auto scheduled = api::parseTime(j["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"].get<std::string>());
        QVERIFY(scheduled);
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(scheduled->time_since_epoch()).count();
        QCOMPARE(name, "tick-" + std::to_string(minutes));
        QCOMPARE(minutes % 2, 0);
    }
    const Json cj = c.get(kCronJobs + "/tick");
    QVERIFY(cj["status"].contains("lastScheduleTime"));
    QVERIFY(cj["status"].contains("lastSuccessfulTime"));
    const Json events = c.get("/api/v1/namespaces/default/events?fieldSelector=reason=SuccessfulCreate,involvedObject.kind=CronJob")["items"];
    QVERIFY(!events.empty());
    QVERIFY(events[0]["message"].get<std::string>().starts_with("Created job tick-"));
}

QTEST_GUILESS_MAIN(TestBatchControllers)
#include "tst_batch_controllers.moc"
