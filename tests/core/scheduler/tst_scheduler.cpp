// The scheduler as a component of the cluster: it binds through pods/binding, writes
// the Scheduled and FailedScheduling events and the PodScheduled condition as
// upstream does, re-queues pods when the cluster changes, honours scheduling gates,
// preempts, records each attempt (trace and lab API) and counts it in its metrics.
#include "core/lab/scheduler_routes.h"
#include "core/scheduler/scheduler.h"
#include "tests/support/api_fixture.h"
#include "tests/support/json_compare.h"
#include "tests/support/scheduler_cluster.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;
using test::ApiFixture;
using test::NodeBuilder;
using test::PodBuilder;

using test::SchedulerCluster;
using Cluster = SchedulerCluster;

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bindsAndSaysSo();
    void unschedulableThenScheduledWhenANodeChanges();
    void noNodes();
    void gatedPodsWaitSilently();
    void preemptsThenBinds();
    void recordServedByTheLabApi();
};

// A pod lands on the node with room; the Scheduled event and PodScheduled=True follow.
void TestScheduler::bindsAndSaysSo()
{
    Cluster c;
    c.node(NodeBuilder("small").cpu("1").build());
    c.node(NodeBuilder("big").cpu("8").build());
    c.pod(PodBuilder("web").req("cpu", "2").build());
    c.settle();
    QCOMPARE(c.nodeOf("web"), std::string("big"));
    const auto events = c.events("web");
    QCOMPARE(events.size(), std::size_t{1});
    QCOMPARE(events[0]["reason"], Json("Scheduled"));
    QCOMPARE(events[0]["type"], Json("Normal"));
    QCOMPARE(events[0]["message"], Json("Successfully assigned default/web to big"));
    QCOMPARE(events[0]["source"]["component"], Json("default-scheduler"));
    QCOMPARE(c.condition("web")["status"], Json("True"));
    QCOMPARE(c.sched->bound(), std::uint64_t{1});
    QVERIFY(c.sched->metricsText().find("scheduler_schedule_attempts_total{result=\"scheduled\",profile=\"default-scheduler\"} 1\n") !=
            std::string::npos);
    bool attempt = false, bind = false;
    for (const proto::TraceEvent &e : c.schedulerEvents) {
        attempt = attempt || (e.code() == "scheduler.attempt" && e.params().at("node") == "big" && e.params().count("record"));
        bind = bind || (e.code() == "scheduler.bind" && e.object().name() == "web");
    }
    QVERIFY(attempt);
    QVERIFY(bind);
}

// FailedScheduling in upstream's words and PodScheduled=False/Unschedulable; a label
// added to a node moves the pod back and it binds.
void TestScheduler::unschedulableThenScheduledWhenANodeChanges()
{
    Cluster c;
    c.node(NodeBuilder("a").build());
    c.node(NodeBuilder("b").build());
    c.pod(PodBuilder("picky").nodeSelector("disk", "ssd").build());
    c.settle();
    QCOMPARE(c.nodeOf("picky"), std::string());
    const std::string message = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. "
                                "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    const auto events = c.events("picky");
    QCOMPARE(events.size(), std::size_t{1});
    QCOMPARE(events[0]["reason"], Json("FailedScheduling"));
    QCOMPARE(events[0]["type"], Json("Warning"));
    QCOMPARE(events[0]["message"], Json(message));
    const Json cond = c.condition("picky");
    QCOMPARE(cond["status"], Json("False"));
    QCOMPARE(cond["reason"], Json("Unschedulable"));
    QCOMPARE(cond["message"], Json(message));
    QCOMPARE(c.sched->queueJson()["counts"]["unschedulable"], Json(1));

    const auto r = c.f.send("PATCH", "/api/v1/nodes/b", R"({"metadata":{"labels":{"disk":"ssd"}}})",
                            "application/strategic-merge-patch+json");
    QCOMPARE(r.code, 200);
    c.settle(3s); // through the backoff
    QCOMPARE(c.nodeOf("picky"), std::string("b"));
    QCOMPARE(c.condition("picky")["status"], Json("True"));
}

// With no nodes at all: upstream's "no nodes available to schedule pods".
void TestScheduler::noNodes()
{
    Cluster c;
    c.pod(PodBuilder("alone").build());
    c.settle();
    const auto events = c.events("alone");
    QCOMPARE(events.size(), std::size_t{1});
    QCOMPARE(events[0]["message"], Json("no nodes available to schedule pods"));
    c.node(NodeBuilder("late").build());
    c.settle(12s); // backoff of at most 10 s
    QCOMPARE(c.nodeOf("alone"), std::string("late"));
}

// A gated pod is not tried (no FailedScheduling); without its gates it binds.
void TestScheduler::gatedPodsWaitSilently()
{
    Cluster c;
    c.node(NodeBuilder("n").build());
    c.pod(PodBuilder("held").gate("example.com/wait").build());
    c.settle();
    QCOMPARE(c.nodeOf("held"), std::string());
    QVERIFY(c.events("held").empty());
    QCOMPARE(c.sched->queueJson()["counts"]["gated"], Json(1));
    const auto r = c.f.send("PATCH", "/api/v1/namespaces/default/pods/held", R"([{"op":"remove","path":"/spec/schedulingGates"}])",
                            "application/json-patch+json");
    QCOMPARE(r.code, 200);
    c.settle();
    QCOMPARE(c.nodeOf("held"), std::string("n"));
}

// A high-priority pod evicts a lower one (DisruptionTarget, Preempted event), is
// nominated to the node, and binds once the victim is gone.
void TestScheduler::preemptsThenBinds()
{
    Cluster c;
    QCOMPARE(c.f.send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses",
                      R"({"metadata":{"name":"urgent"},"value":1000})").code, 201);
    c.node(NodeBuilder("only").cpu("1").build());
    Json low = PodBuilder("low").req("cpu", "800m").build();
    low["spec"]["terminationGracePeriodSeconds"] = 0;
    c.pod(low);
    c.settle();
    QCOMPARE(c.nodeOf("low"), std::string("only"));
    const std::string lowUid = c.get("low")["metadata"]["uid"];

    Json high = PodBuilder("high").req("cpu", "800m").build();
    high["spec"]["priorityClassName"] = "urgent";
    c.pod(high);
    c.settle(5s);
    QCOMPARE(c.f.send("GET", "/api/v1/namespaces/default/pods/low").code, 404);
    QCOMPARE(c.nodeOf("high"), std::string("only"));
    const std::string highUid = c.get("high")["metadata"]["uid"];
    bool preempted = false;
    for (const Json &e : c.events("low"))
        preempted = preempted || (e["reason"] == "Preempted" && e["message"] == "Preempted by pod " + highUid + " on node only");
    QVERIFY(preempted);
    std::vector<std::string> reasons;
    for (const Json &e : c.events("high"))
        reasons.push_back(e["reason"]);
    QCOMPARE(reasons, (std::vector<std::string>{"FailedScheduling", "Scheduled"}));
    // The failed attempt nominated the node; preemption that finds a node adds no suffix.
    const Json decisions = c.sched->decisions().forPod("default/high");
    QCOMPARE(decisions["history"][0]["result"], Json("Nominated"));
    QCOMPARE(decisions["history"][0]["nominatedNode"], Json("only"));
    QCOMPARE(decisions["history"][0]["victims"], Json::array({"default/low"}));
    QCOMPARE(decisions["history"][0]["message"], Json("0/1 nodes are available: 1 Insufficient cpu."));
    QCOMPARE(decisions["latest"]["result"], Json("Bound"));
    (void)lowUid;
}

// GET /lab/v1/namespaces/default/pods/<name>/scheduling: every node, every plugin.
void TestScheduler::recordServedByTheLabApi()
{
    Cluster c;
    c.node(NodeBuilder("a").label("topology.kubernetes.io/zone", "z1").build());
    c.node(NodeBuilder("b").taint("k", "v", "NoSchedule").build());
    c.pod(PodBuilder("p").build());
    c.settle();
    apiserver::ApiRequest request;
    request.method = "GET";
    request.path = "/lab/v1/namespaces/default/pods/p/scheduling";
    auto response = lab::schedulerRoutes(*c.sched, request);
    QVERIFY(response);
    QCOMPARE(response->code, 200);
    const Json body = Json::parse(response->body);
    QCOMPARE(body["kind"], Json("SchedulingDecisions"));
    const Json &latest = body["latest"];
    QCOMPARE(latest["result"], Json("Bound"));
    QCOMPARE(latest["selectedNode"], Json("a"));
    QCOMPARE(latest["complete"], Json(true));
    QCOMPARE(latest["nodes"].size(), std::size_t{2});
    QCOMPARE(latest["nodes"][1]["rejectedBy"], Json("TaintToleration"));
    QVERIFY(latest.contains("pluginTimesNs"));
    request.path = "/lab/v1/namespaces/default/pods/nobody/scheduling";
    QCOMPARE(lab::schedulerRoutes(*c.sched, request)->code, 404);
    request.path = "/lab/v1/scheduler/metrics";
    response = lab::schedulerRoutes(*c.sched, request);
    QVERIFY(response->body.find("# TYPE scheduler_pending_pods gauge") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
