// The in-process client: the same request path, errors and tracing as kubectl's.
#include "core/client/client.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;

class TestClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void crudGoesThroughTheApiServer();
    void errorsComeBackAsStatuses();
    void listsSelect();
    void watchEventsArriveAsTasks();
    void requestsAreTracedWithTheComponent();
};

namespace {
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }
Json pod(const std::string &name, const std::string &app)
{
    return {{"metadata", {{"name", name}, {"labels", {{"app", app}}}}},
            {"spec", {{"containers", Json::array({{{"name", "c"}, {"image", "nginx"}}})}}}};
}
} // namespace

void TestClient::crudGoesThroughTheApiServer()
{
    test::ApiFixture f;
    client::Client c(*f.api, "kube-controller-manager/test");
    auto created = c.create(pods(), "default", pod("a", "web"));
    QVERIFY2(created.ok(), created.status().toString().c_str());
    QCOMPARE((*created)["spec"]["schedulerName"], Json("default-scheduler")); // defaulted like any request
    auto got = c.get(pods(), "default", "a");
    QCOMPARE((*got)["metadata"]["uid"], (*created)["metadata"]["uid"]);
    Json changed = *got;
    changed["metadata"]["labels"]["tier"] = "x";
    QVERIFY(c.update(pods(), changed).ok());
    Json status = *c.get(pods(), "default", "a");
    status["status"]["phase"] = "Running";
    QCOMPARE((*c.updateStatus(pods(), status))["status"]["phase"], Json("Running"));
    auto patched = c.patch(pods(), "default", "a", "application/merge-patch+json", {{"metadata", {{"labels", {{"tier", nullptr}}}}}});
    QVERIFY(!(*patched)["metadata"]["labels"].contains("tier"));
    QVERIFY(c.createSubresource(pods(), "default", "a", "binding",
                                {{"apiVersion", "v1"}, {"kind", "Binding"}, {"metadata", {{"name", "a"}}},
                                 {"target", {{"kind", "Node"}, {"name", "worker-1"}}}}).ok());
    QCOMPARE((*c.get(pods(), "default", "a"))["spec"]["nodeName"], Json("worker-1"));
    QVERIFY(c.remove(pods(), "default", "a", {{"gracePeriodSeconds", 0}}).ok());
    QCOMPARE(c.get(pods(), "default", "a").status().code(), StatusCode::NotFound);
}

void TestClient::errorsComeBackAsStatuses()
{
    test::ApiFixture f;
    client::Client c(*f.api, "test");
    QVERIFY(c.create(pods(), "default", pod("a", "web")).ok());
    QCOMPARE(c.create(pods(), "default", pod("a", "web")).status().code(), StatusCode::AlreadyExists);
    Json stale = *c.get(pods(), "default", "a");
    QVERIFY(c.patch(pods(), "default", "a", "application/merge-patch+json", {{"metadata", {{"labels", {{"x", "1"}}}}}}).ok());
    QCOMPARE(c.update(pods(), stale).status().code(), StatusCode::Conflict);
    Json bad = pod("b", "web");
    bad["spec"]["containers"][0].erase("image");
    const Status invalid = c.create(pods(), "default", bad).status();
    QCOMPARE(invalid.code(), StatusCode::Invalid);
    QCOMPARE(invalid.causes().at(0).field, std::string("spec.containers[0].image"));
}

void TestClient::listsSelect()
{
    test::ApiFixture f;
    client::Client c(*f.api, "test");
    QVERIFY(c.create(pods(), "default", pod("a", "web")).ok());
    QVERIFY(c.create(pods(), "default", pod("b", "db")).ok());
    auto web = c.list(pods(), "default", {"app in (web)", ""});
    QCOMPARE((*web)["items"].size(), std::size_t(1));
    auto byName = c.list(pods(), "", {"", "metadata.name=b"});
    QCOMPARE((*byName)["items"][0]["metadata"]["labels"]["app"], Json("db"));
}

void TestClient::watchEventsArriveAsTasks()
{
    test::ApiFixture f;
    client::Client c(*f.api, "test");
    std::vector<std::string> seen;
    auto id = c.watch(pods(), "default", {}, "", [&](const client::WatchEvent &e) {
        seen.push_back(e.type + " " + e.object["metadata"]["name"].get<std::string>());
    });
    QVERIFY(id.ok());
    QVERIFY(c.create(pods(), "default", pod("a", "web")).ok());
    QVERIFY(seen.empty()); // delivered as tasks, not inside the write
    f.loop.runAll();
    QCOMPARE(seen, (std::vector<std::string>{"ADDED a"}));
    c.stopWatch(*id);
}

void TestClient::requestsAreTracedWithTheComponent()
{
    test::ApiFixture f;
    std::vector<proto::TraceEvent> events;
    f.trace.subscribe([&](const proto::TraceEvent &e) { events.push_back(e); });
    client::Client c(*f.api, "kube-scheduler/v1.32.0");
    QVERIFY(c.create(pods(), "default", pod("a", "web")).ok());
    auto request = std::find_if(events.begin(), events.end(), [](const auto &e) { return e.code() == "apiserver.request"; });
    QVERIFY(request != events.end());
    QCOMPARE(request->params().at("client"), std::string("kube-scheduler"));
    QCOMPARE(request->params().at("verb"), std::string("POST"));
}

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
