#include "core/apiserver/event_recorder.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

class TestEventRecorder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void repeatsAggregateIntoOneEventWithACount();
    void differentMessagesAndOldRepeatsMakeNewEvents();
    void eventsNameTheirObjectAndSource();
};

namespace {
Json createPod(ApiFixture &f)
{
    return ApiFixture::json(f.send("POST", "/api/v1/namespaces/default/pods",
                                   R"({"metadata":{"name":"web-0"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})"));
}
Json events(ApiFixture &f)
{
    return ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/events"))["items"];
}
} // namespace

void TestEventRecorder::repeatsAggregateIntoOneEventWithACount()
{
    ApiFixture f;
    const Json pod = createPod(f);
    apiserver::EventRecorder recorder(*f.api, "default-scheduler");
    QVERIFY(recorder.record(pod, "Warning", "FailedScheduling", "0/3 nodes are available.").ok());
    f.loop.advance(std::chrono::seconds(30));
    QVERIFY(recorder.record(pod, "Warning", "FailedScheduling", "0/3 nodes are available.").ok());
    const Json list = events(f);
    QCOMPARE(list.size(), std::size_t(1));
    QCOMPARE(list[0]["count"], Json(2));
    QCOMPARE(list[0]["firstTimestamp"], Json("2025-01-01T00:00:00Z"));
    QCOMPARE(list[0]["lastTimestamp"], Json("2025-01-01T00:00:30Z"));
}

void TestEventRecorder::differentMessagesAndOldRepeatsMakeNewEvents()
{
    ApiFixture f;
    const Json pod = createPod(f);
    apiserver::EventRecorder recorder(*f.api, "kubelet", "worker-1");
    QVERIFY(recorder.record(pod, "Normal", "Pulling", "Pulling image \"nginx\"").ok());
    QVERIFY(recorder.record(pod, "Normal", "Pulled", "Successfully pulled image \"nginx\"").ok());
    f.loop.advance(std::chrono::minutes(11));
    QVERIFY(recorder.record(pod, "Normal", "Pulling", "Pulling image \"nginx\"").ok());
    QCOMPARE(events(f).size(), std::size_t(3));
}

void TestEventRecorder::eventsNameTheirObjectAndSource()
{
    ApiFixture f;
    const Json pod = createPod(f);
    apiserver::EventRecorder recorder(*f.api, "kubelet", "worker-1");
    QVERIFY(recorder.record(pod, "Normal", "Started", "Started container c").ok());
    const Json e = events(f)[0];
    QVERIFY(e["metadata"]["name"].get<std::string>().starts_with("web-0."));
    QCOMPARE(e["involvedObject"]["kind"], Json("Pod"));
    QCOMPARE(e["involvedObject"]["uid"], pod["metadata"]["uid"]);
    QCOMPARE(e["source"]["component"], Json("kubelet"));
    QCOMPARE(e["source"]["host"], Json("worker-1"));
    // describe finds a pod's events with these field selectors.
    const std::string selector = "involvedObject.name=web-0,involvedObject.namespace=default,involvedObject.uid="
                                 + pod["metadata"]["uid"].get<std::string>();
    QCOMPARE(ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/events?fieldSelector=" + selector))["items"].size(),
             std::size_t(1));
}

QTEST_GUILESS_MAIN(TestEventRecorder)
#include "tst_event_recorder.moc"
