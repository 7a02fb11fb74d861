// Versions served from another version's storage: autoscaling/v1 HPAs (stored as v2)
// and events.k8s.io/v1 Events (stored as core/v1), converted at the API's edges.
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {
const std::string kV1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
const std::string kV2 = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
const std::string kHpaV1 = R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
  "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5,"targetCPUUtilizationPercentage":50}})";
} // namespace

class TestConversion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void anHpaWrittenAsV1ReadsAsV2AndBack();
    void patchesApplyToTheVersionAsked();
    void listsAndWatchesConvertEachItem();
    void eventsReadInBothGroups();
};

void TestConversion::anHpaWrittenAsV1ReadsAsV2AndBack()
{
    ApiFixture f;
    auto created = f.send("POST", kV1, kHpaV1);
    QCOMPARE(created.code, 201);
    const Json v1 = ApiFixture::json(created);
    QCOMPARE(v1["apiVersion"], Json("autoscaling/v1"));
    QCOMPARE(v1["spec"]["targetCPUUtilizationPercentage"], Json(50));
    QCOMPARE(v1["spec"]["minReplicas"], Json(1));
    QVERIFY(!v1["spec"].contains("metrics"));
    const Json v2 = ApiFixture::json(f.send("GET", kV2 + "/web"));
    QCOMPARE(v2["apiVersion"], Json("autoscaling/v2"));
    QCOMPARE(v2["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"], Json(50));
    QCOMPARE(v2["metadata"]["uid"], v1["metadata"]["uid"]);
}

void TestConversion::patchesApplyToTheVersionAsked()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kV1, kHpaV1).code, 201);
    auto patched = f.send("PATCH", kV1 + "/web", R"({"spec":{"targetCPUUtilizationPercentage":70}})", "application/merge-patch+json");
    QCOMPARE(patched.code, 200);
    QCOMPARE(ApiFixture::json(patched)["spec"]["targetCPUUtilizationPercentage"], Json(70));
    QCOMPARE(ApiFixture::json(f.send("GET", kV2 + "/web"))["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"], Json(70));
    QCOMPARE(f.send("GET", kV1 + "/nope").code, 404);
}

void TestConversion::listsAndWatchesConvertEachItem()
{
    ApiFixture f;
    std::vector<Json> events;
    apiserver::ApiRequest watch;
    watch.method = "GET";
    watch.path = kV1;
    watch.query.emplace("watch", "true");
    auto id = f.api->startWatch(watch, [&](std::string line, store::Revision) { events.push_back(Json::parse(line)); });
    QVERIFY(id.ok());
    QCOMPARE(f.send("POST", kV1, kHpaV1).code, 201);
    const Json list = ApiFixture::json(f.send("GET", kV1));
    QCOMPARE(list["kind"], Json("HorizontalPodAutoscalerList"));
    QCOMPARE(list["apiVersion"], Json("autoscaling/v1"));
    QCOMPARE(list["items"][0]["spec"]["targetCPUUtilizationPercentage"], Json(50));
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0]["object"]["apiVersion"], Json("autoscaling/v1"));
    QCOMPARE(events[0]["object"]["spec"]["targetCPUUtilizationPercentage"], Json(50));
}

void TestConversion::eventsReadInBothGroups()
{
    ApiFixture f;
    const std::string core = R"({"metadata":{"name":"web.1"},"involvedObject":{"kind":"Pod","name":"web","namespace":"default"},
        "reason":"Scheduled","message":"Successfully assigned default/web to worker-1","type":"Normal","source":{"component":"default-scheduler"},"count":1})";
    QCOMPARE(f.send("POST", "/api/v1/namespaces/default/events", core).code, 201);
    const Json e = ApiFixture::json(f.send("GET", "/apis/events.k8s.io/v1/namespaces/default/events/web.1"));
    QCOMPARE(e["apiVersion"], Json("events.k8s.io/v1"));
    QCOMPARE(e["note"], Json("Successfully assigned default/web to worker-1"));
    QCOMPARE(e["regarding"]["name"], Json("web"));
    QCOMPARE(e["deprecatedSource"]["component"], Json("default-scheduler"));
    QVERIFY(!e.contains("message"));
    const std::string modern = R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.2"},
        "regarding":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Pulled","note":"Pulled nginx","type":"Normal",
        "reportingController":"kubelet","reportingInstance":"worker-1","action":"Pull","eventTime":"2025-01-01T00:00:00.000000Z"})";
    QCOMPARE(f.send("POST", "/apis/events.k8s.io/v1/namespaces/default/events", modern).code, 201);
    const Json asCore = ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/events/web.2"));
    QCOMPARE(asCore["message"], Json("Pulled nginx"));
    QCOMPARE(asCore["involvedObject"]["name"], Json("web"));
    QCOMPARE(asCore["reportingComponent"], Json("kubelet"));
}

QTEST_GUILESS_MAIN(TestConversion)
#include "tst_conversion.moc"
