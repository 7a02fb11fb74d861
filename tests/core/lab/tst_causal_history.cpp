// The trace index and the causal histories the step views draw, on a real lab session:
// a Deployment and a Service created through the API, three nodes, the virtual clock.
#include "core/apiserver/api_server.h"
#include "core/engine/trace_codes.h"
#include "core/recording/causal_history.h"
#include "core/recording/trace_index.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

#include <set>

using namespace k8slab;
using recording::History;

namespace {

/// The index of the first step at or after `from` matching code (and the object's
/// kind when given); -1 when none.
int find(const History &h, int from, const std::string &code, const std::string &kind = {})
{
    for (int i = std::max(from, 0); i < int(h.steps.size()); ++i) {
        const proto::TraceEvent &e = *h.steps[i].event;
        if (e.code() == code && (kind.empty() || e.object().kind() == kind))
            return i;
    }
    return -1;
}

std::string describe(const History &h)
{
    std::string text;
    for (const auto &s : h.steps)
        text += std::to_string(s.event->id()) + " " + s.event->component() + " " + s.event->code() + " "
                + s.event->object().kind() + "/" + s.event->object().name() + "\n";
    return text;
}

} // namespace

class TestCausalHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyPublishedCodeIsCatalogued();
    void storeWritesNameKindsAsTheApiDoes();
    void podHistoryTellsThePodsLifeInCausalOrder();
    void everyPodReachesItsEndpointSliceAndProxies();
    void podHistoryLeavesOutOtherPods();
    void deploymentCreationReachesEveryPod();
    void unknownObjectsHaveNoHistory();
    void aRetriedPodsStoryKeepsToItself();
    void indexDropsTheOldestBeyondCapacity();
    void revisionsMapToTimes();

private:
    /// The web Deployment's pods.
    std::vector<std::string> podNames();

    std::unique_ptr<test::LabFixture> m_lab;
};

void TestCausalHistory::initTestCase()
{
    m_lab = std::make_unique<test::LabFixture>(3);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
    m_lab->create(test::kWebDeploymentAndService);
    m_lab->create(R"(apiVersion: v1
kind: Pod
metadata: {name: too-big}
spec:
  containers:
  - {name: c, image: nginx:1.27, resources: {requests: {cpu: "64"}}}
)");
    m_lab->run(std::chrono::seconds(60));
    QCOMPARE(podNames().size(), std::size_t(3));
}

std::vector<std::string> TestCausalHistory::podNames()
{
    apiserver::ApiRequest request;
    request.method = "GET";
    request.path = "/api/v1/namespaces/default/pods";
    const api::Json list = api::Json::parse(m_lab->session->api().handle(request).body);
    std::vector<std::string> names;
    for (const api::Json &pod : list["items"])
        if (pod["metadata"]["name"].get<std::string>().starts_with("web-"))
            names.push_back(pod["metadata"]["name"]);
    return names;
}

void TestCausalHistory::everyPublishedCodeIsCatalogued()
{
    std::set<std::string> unknown;
    for (const proto::TraceEvent &e : m_lab->session->traceIndex().events())
        if (!engine::findTraceCode(e.code()))
            unknown.insert(e.code());
    QVERIFY2(unknown.empty(), (*unknown.begin()).c_str());
    // And the catalog has no code twice.
    std::set<std::string_view> seen;
    for (const engine::TraceCode &c : engine::traceCodes())
        QVERIFY2(seen.insert(c.code).second, std::string(c.code).c_str());
}

void TestCausalHistory::storeWritesNameKindsAsTheApiDoes()
{
    const auto &index = m_lab->session->traceIndex();
    const auto &ids = index.about("Deployment", "default", "web");
    QVERIFY(!ids.empty());
    const proto::TraceEvent *first = index.find(ids.front());
    QVERIFY(first);
    // The kubectl-like request names the kind; its store write names it alike.
    bool storeWrite = false;
    for (auto id : ids)
        storeWrite = storeWrite || index.find(id)->code() == "store.create";
    QVERIFY(storeWrite);
}

void TestCausalHistory::podHistoryTellsThePodsLifeInCausalOrder()
{
    const auto &index = m_lab->session->traceIndex();
    const std::string pod = podNames().front();
    const History h = recording::podHistory(index, "default", pod);
    const std::string story = describe(h);
    QVERIFY2(!h.truncated, story.c_str());
    // Deployment -> ReplicaSet -> Pod created -> scheduled -> bound -> kubelet -> container
    // started -> Ready -> endpoints -> proxy sync, each after the one before.
    int at = 0;
    for (const auto &[code, kind] : std::vector<std::pair<std::string, std::string>>{
             {"apiserver.request", "Deployment"},
             {"store.create", "Deployment"},
             {"controller.deployment.newReplicaSet", "Deployment"},
             {"store.create", "ReplicaSet"},
             {"controller.replicaset.sync", "ReplicaSet"},
             {"store.create", "Pod"},
             {"scheduler.attempt", "Pod"},
             {"scheduler.bind", "Pod"},
             {"kubelet.admit", "Pod"},
             {"kubelet.sandbox", "Pod"},
             {"kubelet.pull", "Pod"},
             {"kubelet.start", "Pod"},
             {"kubelet.status", "Pod"},
             {"controller.endpointslice.sync", "Service"},
             {"store.update", "EndpointSlice"},
             {"proxy.sync", "Node"}}) {
        const int found = find(h, at, code, kind);
        QVERIFY2(found >= 0, (code + " " + kind + " missing after step " + std::to_string(at) + " in\n" + story).c_str());
        at = found + 1;
    }
    // Causal order is id order, and every step after the first has its cause earlier.
    for (std::size_t i = 1; i < h.steps.size(); ++i)
        QVERIFY(h.steps[i - 1].event->id() < h.steps[i].event->id());
    // The binding request carries its answer; the kubelet's admission names the write it watched.
    const int binding = find(h, 0, "apiserver.request", "Pod");
    QVERIFY(binding >= 0);
    const int admit = find(h, 0, "kubelet.admit");
    QVERIFY(h.steps[admit].watched);
    QCOMPARE(h.steps[admit].watched->code(), std::string("store.update"));
    bool answered = false;
    for (const auto &s : h.steps)
        if (s.event->code() == "apiserver.request" && s.event->params().at("path").ends_with("/binding"))
            answered = s.response && s.response->params().at("code") == "201";
    QVERIFY2(answered, story.c_str());
}

void TestCausalHistory::everyPodReachesItsEndpointSliceAndProxies()
{
    // The endpointslice controller handles several pods' changes in one reconcile; each
    // pod's story still reaches it (through also_caused_by) and the three proxies' syncs.
    for (const std::string &pod : podNames()) {
        const History h = recording::podHistory(m_lab->session->traceIndex(), "default", pod);
        const int ready = find(h, 0, "kubelet.status");
        QVERIFY(ready >= 0);
        const int slice = find(h, ready, "controller.endpointslice.sync");
        QVERIFY2(slice >= 0, (pod + "\n" + describe(h)).c_str());
        std::set<std::string> nodes;
        for (int i = slice; i < int(h.steps.size()); ++i)
            if (h.steps[i].event->code() == "proxy.sync")
                nodes.insert(h.steps[i].event->object().name());
        QCOMPARE(nodes.size(), std::size_t(3));
    }
}

void TestCausalHistory::podHistoryLeavesOutOtherPods()
{
    const auto names = podNames();
    const History h = recording::podHistory(m_lab->session->traceIndex(), "default", names.front());
    for (const auto &s : h.steps) {
        const proto::ObjectRef &o = recording::subjectOf(m_lab->session->traceIndex(), *s.event);
        if (o.kind() == "Pod")
            QCOMPARE(o.name(), names.front());
        QVERIFY(s.event->code() != "apiserver.response");
        QVERIFY(o.kind() != "Event");
    }
}

void TestCausalHistory::deploymentCreationReachesEveryPod()
{
    const History h = recording::creationHistory(m_lab->session->traceIndex(), "Deployment", "default", "web");
    QVERIFY(!h.steps.empty());
    QCOMPARE(h.steps.front().event->code(), std::string("apiserver.request"));
    QCOMPARE(h.steps.front().event->cause_id(), std::uint64_t(0));
    std::set<std::string> bound;
    for (const auto &s : h.steps)
        if (s.event->code() == "scheduler.bind")
            bound.insert(s.event->object().name());
    QCOMPARE(bound.size(), std::size_t(3));
}

void TestCausalHistory::aRetriedPodsStoryKeepsToItself()
{
    // The pending pod is retried whenever other pods are bound; those retries' causes
    // (the web Deployment's chain) are not its story.
    const History h = recording::podHistory(m_lab->session->traceIndex(), "default", "too-big");
    int attempts = 0;
    for (const auto &s : h.steps) {
        attempts += s.event->code() == "scheduler.attempt" ? 1 : 0;
        const std::string kind = recording::subjectOf(m_lab->session->traceIndex(), *s.event).kind();
        QVERIFY2(kind != "Deployment" && kind != "ReplicaSet", (kind + " in\n" + describe(h)).c_str());
    }
    QVERIFY(attempts >= 1);
    QCOMPARE(h.steps.front().event->code(), std::string("apiserver.request"));
    QCOMPARE(h.steps.front().event->cause_id(), std::uint64_t(0));
}

void TestCausalHistory::unknownObjectsHaveNoHistory()
{
    QVERIFY(recording::podHistory(m_lab->session->traceIndex(), "default", "nope").steps.empty());
    QVERIFY(recording::creationHistory(m_lab->session->traceIndex(), "Deployment", "default", "nope").steps.empty());
}

void TestCausalHistory::indexDropsTheOldestBeyondCapacity()
{
    recording::TraceIndex index(3);
    for (std::uint64_t id = 1; id <= 5; ++id) {
        proto::TraceEvent e;
        e.set_id(id);
        e.set_cause_id(id - 1);
        e.set_code("store.update");
        e.mutable_object()->set_kind("Pod");
        e.mutable_object()->set_name("p");
        index.add(e);
    }
    QCOMPARE(index.events().size(), std::size_t(3));
    QCOMPARE(index.firstId(), std::uint64_t(3));
    QVERIFY(!index.find(2));
    QVERIFY(index.find(4));
    QCOMPARE(index.about("Pod", "", "p").size(), std::size_t(3));
    QCOMPARE(index.effects(3), std::vector<engine::TraceId>{4});
    QVERIFY(index.effects(2).empty());
    // A repeated or older id is ignored.
    proto::TraceEvent old;
    old.set_id(4);
    index.add(old);
    QCOMPARE(index.events().size(), std::size_t(3));
    // A history whose beginning was dropped says so.
    const History h = recording::podHistory(index, "", "p");
    QVERIFY(h.truncated);
    // A story keeps its steps when the index moves on and drops them.
    const auto first = h.steps.front().event->id();
    for (std::uint64_t id = 6; id <= 20; ++id) {
        proto::TraceEvent e;
        e.set_id(id);
        e.set_code("store.update");
        index.add(e);
    }
    QVERIFY(!index.find(first));
    QCOMPARE(h.steps.front().event->id(), first);
    QCOMPARE(h.steps.front().event->code(), std::string("store.update"));
}

void TestCausalHistory::revisionsMapToTimes()
{
    const auto &events = m_lab->session->traceIndex().events();
    QVERIFY(events.size() > 100);
    const proto::TraceEvent &middle = events[events.size() / 2];
    std::int64_t expected = 0;
    for (const proto::TraceEvent &e : events)
        if (e.revision() <= middle.revision())
            expected = e.time_ns();
    QCOMPARE(m_lab->session->traceIndex().timeAtRevision(middle.revision()), expected);
    QCOMPARE(m_lab->session->traceIndex().timeAtRevision(-1), std::int64_t(0));
}

QTEST_GUILESS_MAIN(TestCausalHistory)
#include "tst_causal_history.moc"
