// Jobs and CronJobs in a simulated cluster on the virtual clock, and their arithmetic:
// the pod-failure back-off, completed-index ranges.
#include "core/api/time_format.h"
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
    void aJobRunsItsCompletions();
    void aFailingJobStopsAtItsBackoffLimit();
    void anIndexedJobRunsEachIndexOnce();
    void aCronJobCreatesJobsOnSchedule();
    void aCronJobKeepsItsTimeZone();
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

void TestBatchControllers::aCronJobKeepsItsTimeZone()
{
    // The lab's clock starts at 2025-01-01T00:00:00Z, which is 08:00 in Shanghai: the
    // CronJob of 09:00 there runs after an hour, the one of 09:00 UTC not yet.
    test::ClusterFixture c(1);
    const QString cronJob = R"({"metadata":{"name":"%1"},"spec":{"schedule":"0 9 * * *",%2"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox:1.36","command":["echo","morning"]}]}}}}}})";
    c.must("POST", kCronJobs, cronJob.arg("shanghai", R"("timeZone":"Asia/Shanghai",)").toStdString(), 201);
    c.must("POST", kCronJobs, cronJob.arg("utc", "").toStdString(), 201);
    c.run(59min);
    QVERIFY(c.get(kJobs)["items"].empty());
    c.run(2min);
    const Json jobs = c.get(kJobs)["items"];
    QCOMPARE(jobs.size(), std::size_t(1));
    // Named by the minutes since the epoch of 01:00 UTC; stamped in Shanghai's time.
    QCOMPARE(jobs[0]["metadata"]["name"], Json("shanghai-28928220"));
    QCOMPARE(jobs[0]["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"],
             Json("2025-01-01T09:00:00+08:00"));
    QCOMPARE(c.get(kCronJobs + "/shanghai")["status"]["lastScheduleTime"], Json("2025-01-01T01:00:00Z"));
}

QTEST_GUILESS_MAIN(TestBatchControllers)
#include "tst_batch_controllers.moc"
