// An object's versions read back from the store's history: each write from its
// creation on, oldest first, as the API returned them; at a past revision only those
// written by then; a deleted object's incarnation gone; a recreated one starting anew.
#include "core/apiserver/api_server.h"
#include "core/apiserver/object_versions.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;

class TestObjectVersions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionsOfAnObject();
};

void TestObjectVersions::versionsOfAnObject()
{
    test::ApiFixture f;
    const auto *configMaps = apiserver::builtinResources().findKind("v1", "ConfigMap");
    QVERIFY(configMaps);
    const std::string path = "/api/v1/namespaces/default/configmaps";
    QCOMPARE(f.send("POST", path, R"({"metadata":{"name":"c"},"data":{"k":"1"}})").code, 201);
    const std::int64_t afterCreate = f.recording.get().store().revision();
    // Writes to another object in between do not count.
    QCOMPARE(f.send("POST", path, R"({"metadata":{"name":"other"}})").code, 201);
    QCOMPARE(f.send("PATCH", path + "/c", R"({"data":{"k":"2"}})", "application/merge-patch+json").code, 200);
    QCOMPARE(f.send("PATCH", path + "/c", R"({"data":{"k":"3"}})", "application/merge-patch+json").code, 200);
    auto versions = apiserver::objectVersions(f.recording.get().store(), *configMaps, "default", "c");
    QVERIFY2(versions.ok(), versions.status().message().c_str());
    QCOMPARE(versions->size(), std::size_t(3));
    QCOMPARE((*versions)[0].version, 1);
    QCOMPARE((*versions)[2].version, 3);
    QCOMPARE((*versions)[0].revision, afterCreate);
    QCOMPARE((*versions)[1].object["data"]["k"].get<std::string>(), std::string("2"));
    QCOMPARE((*versions)[2].object["metadata"]["resourceVersion"].get<std::string>(),
             std::to_string((*versions)[2].revision));
    QCOMPARE((*versions)[2].object["kind"].get<std::string>(), std::string("ConfigMap"));
    // As it was right after its creation: one version.
    auto early = apiserver::objectVersions(f.recording.get().store(), *configMaps, "default", "c", afterCreate);
    QCOMPARE(early->size(), std::size_t(1));
    // The newest only, when asked for fewer.
    auto last = apiserver::objectVersions(f.recording.get().store(), *configMaps, "default", "c", 0, 2);
    QCOMPARE(last->size(), std::size_t(2));
    QCOMPARE(last->back().version, 3);
    // Deleted: nothing now; recreated: a history of its own.
    QCOMPARE(f.send("DELETE", path + "/c").code, 200);
    QCOMPARE(apiserver::objectVersions(f.recording.get().store(), *configMaps, "default", "c").status().code(),
             StatusCode::NotFound);
    QCOMPARE(f.send("POST", path, R"({"metadata":{"name":"c"},"data":{"k":"again"}})").code, 201);
    auto again = apiserver::objectVersions(f.recording.get().store(), *configMaps, "default", "c");
    QCOMPARE(again->size(), std::size_t(1));
    QCOMPARE(again->front().object["data"]["k"].get<std::string>(), std::string("again"));
}

QTEST_GUILESS_MAIN(TestObjectVersions)
#include "tst_object_versions.moc"
