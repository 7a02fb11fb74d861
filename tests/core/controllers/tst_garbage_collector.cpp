// The garbage collector follows ownerReferences: background, foreground and orphan.
#include "core/client/informer_factory.h"
#include "core/controllers/garbage_collector.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {
const std::string kCms = "/api/v1/namespaces/default/configmaps";

// An owner (a configmap stands in for any kind) and two dependents pointing at it.
std::string makeFamily(ApiFixture &f)
{
    const Json owner = ApiFixture::json(f.send("POST", kCms, R"({"metadata":{"name":"owner"}})"));
    const std::string uid = owner["metadata"]["uid"];
    for (const char *name : {"child-a", "child-b"}) {
        const Json child = {{"metadata", {{"name", name},
                                          {"ownerReferences", Json::array({{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                                                            {"name", "owner"}, {"uid", uid},
                                                                            {"blockOwnerDeletion", true}}})}}}};
        if (f.send("POST", kCms, child.dump()).code != 201)
            qFatal("cannot create %s", name);
    }
    return uid;
}

bool exists(ApiFixture &f, const std::string &name)
{
    return f.send("GET", kCms + "/" + name).code == 200;
}

// A cluster with a running collector and one owner with two dependents, all observed.
struct Collected {
    Collected()
    {
        gc.start();
        if (!informers.start().ok())
            qFatal("the collector did not start");
        ownerUid = makeFamily(f);
        f.loop.runAll();
    }
    ApiFixture f;
    client::Client client{*f.api, "kube-controller-manager/garbage-collector"};
    client::InformerFactory informers{client};
    controllers::GarbageCollector gc{client, informers};
    std::string ownerUid;
};
} // namespace

class TestGarbageCollector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void backgroundDeletionTakesTheDependents();
    void foregroundDeletionWaitsForTheDependents();
    void orphanDeletionLeavesThemWithoutTheReference();
    void aDependentWithAnotherOwnerOnlyLosesTheReference();
    void dependentsOfAnOwnerGoneBeforeTheCollectorStartedAreCollected();
};

void TestGarbageCollector::backgroundDeletionTakesTheDependents()
{
    Collected c;
    ApiFixture &f = c.f;
    QVERIFY(exists(f, "child-a"));
    QCOMPARE(f.send("DELETE", kCms + "/owner", R"({"propagationPolicy":"Background"})").code, 200);
    QVERIFY(!exists(f, "owner"));
    f.loop.runAll();
    QVERIFY(!exists(f, "child-a"));
    QVERIFY(!exists(f, "child-b"));
}

void TestGarbageCollector::foregroundDeletionWaitsForTheDependents()
{
    Collected c;
    ApiFixture &f = c.f;
    auto deleted = f.send("DELETE", kCms + "/owner", R"({"propagationPolicy":"Foreground"})");
    QCOMPARE(deleted.code, 200);
    const Json owner = ApiFixture::json(deleted);
    QVERIFY(owner["metadata"].contains("deletionTimestamp"));
    QCOMPARE(owner["metadata"]["finalizers"], Json({"foregroundDeletion"}));
    QVERIFY(exists(f, "owner")); // still there while it has dependents
    f.loop.runAll();
    QVERIFY(!exists(f, "child-a"));
    QVERIFY(!exists(f, "owner"));
}

void TestGarbageCollector::orphanDeletionLeavesThemWithoutTheReference()
{
    Collected c;
    ApiFixture &f = c.f;
    QCOMPARE(f.send("DELETE", kCms + "/owner", R"({"propagationPolicy":"Orphan"})").code, 200);
    f.loop.runAll();
    QVERIFY(!exists(f, "owner"));
    const Json child = ApiFixture::json(f.send("GET", kCms + "/child-a"));
    QVERIFY(!child["metadata"].contains("ownerReferences"));
}

void TestGarbageCollector::aDependentWithAnotherOwnerOnlyLosesTheReference()
{
    Collected c;
    ApiFixture &f = c.f;
    const Json second = ApiFixture::json(f.send("POST", kCms, R"({"metadata":{"name":"second"}})"));
    Json child = ApiFixture::json(f.send("GET", kCms + "/child-a"));
    child["metadata"]["ownerReferences"].push_back({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "second"},
                                                    {"uid", second["metadata"]["uid"]}});
    QCOMPARE(f.send("PUT", kCms + "/child-a", child.dump()).code, 200);
    f.loop.runAll();
    QCOMPARE(f.send("DELETE", kCms + "/owner").code, 200);
    f.loop.runAll();
    QVERIFY(!exists(f, "child-b"));
    const Json kept = ApiFixture::json(f.send("GET", kCms + "/child-a"));
    QCOMPARE(kept["metadata"]["ownerReferences"].size(), std::size_t(1));
    QCOMPARE(kept["metadata"]["ownerReferences"][0]["name"], Json("second"));
}

void TestGarbageCollector::dependentsOfAnOwnerGoneBeforeTheCollectorStartedAreCollected()
{
    ApiFixture f;
    makeFamily(f);
    QCOMPARE(f.send("DELETE", kCms + "/owner").code, 200); // no collector running yet
    QVERIFY(exists(f, "child-a"));
    client::Client c(*f.api, "gc");
    client::InformerFactory informers(c);
    controllers::GarbageCollector gc(c, informers);
    gc.start();
    QVERIFY(informers.start().ok());
    f.loop.runAll();
    QVERIFY(!exists(f, "child-a"));
    QVERIFY(!exists(f, "child-b"));
}

QTEST_GUILESS_MAIN(TestGarbageCollector)
#include "tst_garbage_collector.moc"
