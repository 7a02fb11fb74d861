#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {
const std::string kPods = "/api/v1/namespaces/default/pods";
std::string pod(const std::string &name, const std::string &app)
{
    return R"({"metadata":{"name":")" + name + R"(","labels":{"app":")" + app
           + R"("}},"spec":{"containers":[{"name":"c","image":"nginx"}]}})";
}
apiserver::ApiRequest watchRequest(const std::string &query, const std::string &accept = "application/json")
{
    apiserver::ApiRequest r;
    r.method = "GET";
    r.path = "/api/v1/namespaces/default/pods";
    r.query.emplace("watch", "true");
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t amp = query.find('&', start);
        if (amp == std::string::npos)
            amp = query.size();
        const std::string pair = query.substr(start, amp - start);
        const std::size_t eq = pair.find('=');
        r.query.emplace(pair.substr(0, eq), pair.substr(eq + 1));
        start = amp + 1;
    }
    r.accept = accept;
    return r;
}
} // namespace

class TestApiWatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void watchFromZeroStartsWithAddedThenFollows();
    void selectorsTurnTransitionsIntoAddedAndDeleted();
    void watchFromAResourceVersionSendsOnlyNewerEvents();
    void tooOldResourceVersionEndsWithA410Error();
    void tableWatchesSendOneRowTables();
    void bookmarksComeAboutOnceAMinute();
};

void TestApiWatch::watchFromZeroStartsWithAddedThenFollows()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kPods, pod("a", "web")).code, 201);
    std::vector<Json> events;
    auto id = f.api->startWatch(watchRequest("resourceVersion=0"), [&](std::string line, store::Revision) {
        events.push_back(Json::parse(line));
    });
    QVERIFY(id.ok());
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0]["type"], Json("ADDED"));
    QCOMPARE(f.send("POST", kPods, pod("b", "web")).code, 201);
    QCOMPARE(f.send("PATCH", kPods + "/a", R"({"metadata":{"labels":{"x":"y"}}})", "application/merge-patch+json").code, 200);
    QCOMPARE(f.send("DELETE", kPods + "/b").code, 200);
    QCOMPARE(events.size(), std::size_t(4));
    QCOMPARE(events[1]["type"], Json("ADDED"));
    QCOMPARE(events[2]["type"], Json("MODIFIED"));
    QCOMPARE(events[3]["type"], Json("DELETED"));
    QCOMPARE(events[3]["object"]["metadata"]["name"], Json("b"));
    f.api->stopWatch(*id);
    QCOMPARE(f.send("POST", kPods, pod("c", "web")).code, 201);
    QCOMPARE(events.size(), std::size_t(4));
}

void TestApiWatch::selectorsTurnTransitionsIntoAddedAndDeleted()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kPods, pod("a", "db")).code, 201);
    std::vector<Json> events;
    auto id = f.api->startWatch(watchRequest("labelSelector=app=web"), [&](std::string line, store::Revision) {
        events.push_back(Json::parse(line));
    });
    QVERIFY(id.ok());
    QCOMPARE(events.size(), std::size_t(0));
    QCOMPARE(f.send("PATCH", kPods + "/a", R"({"metadata":{"labels":{"app":"web"}}})", "application/merge-patch+json").code, 200);
    QCOMPARE(f.send("PATCH", kPods + "/a", R"({"metadata":{"labels":{"app":"db"}}})", "application/merge-patch+json").code, 200);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0]["type"], Json("ADDED"));
    QCOMPARE(events[1]["type"], Json("DELETED"));
}

void TestApiWatch::watchFromAResourceVersionSendsOnlyNewerEvents()
{
    ApiFixture f;
    auto a = f.send("POST", kPods, pod("a", "web"));
    QCOMPARE(f.send("POST", kPods, pod("b", "web")).code, 201);
    std::vector<Json> events;
    auto id = f.api->startWatch(watchRequest("resourceVersion=" + std::to_string(a.writtenRevision)),
                                [&](std::string line, store::Revision) { events.push_back(Json::parse(line)); });
    QVERIFY(id.ok());
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0]["object"]["metadata"]["name"], Json("b"));
}

void TestApiWatch::tooOldResourceVersionEndsWithA410Error()
{
    ApiFixture f;
    auto a = f.send("POST", kPods, pod("a", "web"));
    QCOMPARE(f.send("POST", kPods, pod("b", "web")).code, 201);
    QVERIFY(f.api->store().compact(f.api->store().revision()).ok());
    std::vector<std::string> lines;
    auto id = f.api->startWatch(watchRequest("resourceVersion=" + std::to_string(a.writtenRevision - 1)),
                                [&](std::string line, store::Revision) { lines.push_back(line); });
    QVERIFY(id.ok());
    QCOMPARE(lines.size(), std::size_t(2));
    const Json error = Json::parse(lines[0]);
    QCOMPARE(error["type"], Json("ERROR"));
    QCOMPARE(error["object"]["code"], Json(410));
    QCOMPARE(error["object"]["reason"], Json("Expired"));
    QVERIFY(error["object"]["message"].get<std::string>().starts_with("too old resource version"));
    QVERIFY(lines[1].empty()); // the end of the stream
}

void TestApiWatch::tableWatchesSendOneRowTables()
{
    ApiFixture f;
    std::vector<Json> events;
    auto id = f.api->startWatch(watchRequest("", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"),
                                [&](std::string line, store::Revision) { events.push_back(Json::parse(line)); });
    QVERIFY(id.ok());
    QCOMPARE(f.send("POST", kPods, pod("a", "web")).code, 201);
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0]["object"]["kind"], Json("Table"));
    QCOMPARE(events[0]["object"]["rows"].size(), std::size_t(1));
    QCOMPARE(events[0]["object"]["rows"][0]["object"]["kind"], Json("PartialObjectMetadata"));
}

void TestApiWatch::bookmarksComeAboutOnceAMinute()
{
    ApiFixture f;
    std::vector<Json> events;
    auto id = f.api->startWatch(watchRequest("allowWatchBookmarks=true&resourceVersion=0"),
                                [&](std::string line, store::Revision) { events.push_back(Json::parse(line)); });
    QVERIFY(id.ok());
    QCOMPARE(f.send("POST", kPods, pod("a", "web")).code, 201);
    f.loop.advance(std::chrono::seconds(125));
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events[1]["type"], Json("BOOKMARK"));
    QCOMPARE(events[1]["object"]["kind"], Json("Pod"));
    QCOMPARE(events[1]["object"]["metadata"]["resourceVersion"], Json(std::to_string(f.api->store().revision())));
    f.api->stopWatch(*id);
    QCOMPARE(f.loop.pendingCount(), std::size_t(0)); // no bookmark timer left behind
}

QTEST_GUILESS_MAIN(TestApiWatch)
#include "tst_api_watch.moc"
