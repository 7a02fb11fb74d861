#include "core/client/informer.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;

namespace {
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }
Json pod(const std::string &name, const std::string &app)
{
    return {{"metadata", {{"name", name}, {"labels", {{"app", app}}}}},
            {"spec", {{"containers", Json::array({{{"name", "c"}, {"image", "nginx"}}})}}}};
}
} // namespace

class TestInformer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsThenFollowsWithHandlers();
    void listerReadsTheCacheWithSelectors();
    void aRestartedInformerCatchesUpByRelisting();
};

void TestInformer::listsThenFollowsWithHandlers()
{
    test::ApiFixture f;
    client::Client c(*f.api, "test");
    QVERIFY(c.create(pods(), "default", pod("before", "web")).ok());
    client::Informer informer(c, pods());
    std::vector<std::string> seen;
    informer.addHandlers({[&](const Json &o) { seen.push_back("add " + o["metadata"]["name"].get<std::string>()); },
                          [&](const Json &, const Json &o) { seen.push_back("update " + o["metadata"]["name"].get<std::string>()); },
                          [&](const Json &o) { seen.push_back("delete " + o["metadata"]["name"].get<std::string>()); }});
    QVERIFY(informer.start().ok());
    QVERIFY(informer.hasSynced());
    QVERIFY(c.create(pods(), "default", pod("after", "web")).ok());
    QVERIFY(c.patch(pods(), "default", "after", "application/merge-patch+json", {{"metadata", {{"labels", {{"x", "1"}}}}}}).ok());
    QVERIFY(c.remove(pods(), "default", "before").ok());
    f.loop.runAll();
    QCOMPARE(seen, (std::vector<std::string>{"add before", "add after", "update after", "delete before"}));
    QVERIFY(informer.get("default", "after"));
    QVERIFY(!informer.get("default", "before"));
}

void TestInformer::listerReadsTheCacheWithSelectors()
{
    test::ApiFixture f;
    client::Client c(*f.api, "test");
    for (auto [name, app] : {std::pair{"a", "web"}, std::pair{"b", "db"}, std::pair{"c", "web"}})
        QVERIFY(c.create(pods(), "default", pod(name, app)).ok());
    client::Informer informer(c, pods());
    QVERIFY(informer.start().ok());
    QCOMPARE(informer.list(*api::LabelSelector::parse("app=web")).size(), std::size_t(2));
    QCOMPARE(informer.list({}, "kube-system").size(), std::size_t(0));
}

void TestInformer::aRestartedInformerCatchesUpByRelisting()
{
    test::ApiFixture f;
    client::Client c(*f.api, "test");
    client::Informer informer(c, pods());
    int adds = 0;
    informer.addHandlers({[&](const Json &) { ++adds; }, {}, {}});
    QVERIFY(informer.start().ok());
    // Stop the watch, write and compact behind its back: a restart must not miss the write.
    informer.stop();
    QVERIFY(c.create(pods(), "default", pod("missed", "web")).ok());
    QVERIFY(f.api->store().compact(f.api->store().revision()).ok());
    QVERIFY(informer.start().ok()); // a fresh list finds what the watch missed
    f.loop.runAll();
    QCOMPARE(adds, 1);
    QVERIFY(informer.get("default", "missed"));
}

QTEST_GUILESS_MAIN(TestInformer)
#include "tst_informer.moc"
