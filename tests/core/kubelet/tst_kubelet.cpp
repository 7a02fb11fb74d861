// The kubelet with the simulated runtime in a cluster (API server, scheduler, node
// agents), driven on the virtual clock: registration and heartbeats, pods through
// pull/create/start to Running, init containers in order, CrashLoopBackOff's delays,
// restartPolicy, admission, image pull failures, graceful deletion, logs (followed too).
#include "core/kubelet/node_agents.h"
#include "core/scheduler/scheduler.h"
#include "runtime/sim/sim_runtime_factory.h"
#include "tests/support/api_fixture.h"
#include "tests/support/json_compare.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;
using test::ApiFixture;

namespace {

struct Cluster {
    explicit Cluster(int nodes = 1)
    {
        auto made = scheduler::Scheduler::create(*f.api, f.trace);
        if (!made.ok())
            qFatal("%s", made.status().message().c_str());
        sched = std::move(*made);
        if (!sched->start().ok())
            qFatal("scheduler");
        agents = std::make_unique<kubelet::NodeAgents>(*f.api, f.trace, runtime::sim::simRuntimeFactory());
        if (!agents->start(nodes).ok())
            qFatal("agents");
        run(1s);
    }
    void run(engine::Duration d) { f.loop.runUntil(f.loop.now() + d); }
    void pod(const std::string &yamlJson)
    {
        const auto r = f.send("POST", "/api/v1/namespaces/default/pods", yamlJson);
        if (r.code != 201)
            qFatal("create: %s", r.body.c_str());
    }
    Json get(const std::string &name) { return ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/pods/" + name)); }
    // kubectl's STATUS column, from the server-side Table.
    std::string column(const std::string &name, const std::string &col)
    {
        if (f.send("GET", "/api/v1/namespaces/default/pods/" + name).code != 200)
            return "(gone)";
        const Json table = ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/pods/" + name, {}, "application/json",
                                                   "application/json;as=Table;v=v1;g=meta.k8s.io"));
        std::size_t i = 0;
        for (const Json &c : table["columnDefinitions"]) {
            if (c["name"] == col)
                return table["rows"][0]["cells"][i].is_string() ? table["rows"][0]["cells"][i].get<std::string>()
                                                                 : table["rows"][0]["cells"][i].dump();
            ++i;
        }
        return "?";
    }
    std::vector<std::string> reasons(const std::string &pod)
    {
        const Json list = ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=" + pod));
        std::vector<std::string> out;
        for (const Json &e : list["items"])
            out.push_back(e["reason"].get<std::string>() + (e.value("count", 1) > 1 ? "x" + std::to_string(e.value("count", 1)) : ""));
        return out;
    }

    ApiFixture f;
    std::unique_ptr<scheduler::Scheduler> sched;
    std::unique_ptr<kubelet::NodeAgents> agents;
};

} // namespace

class TestKubelet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registersAndHeartbeats();
    void podRuns();
    void initContainersInOrder();
    void crashLoopBackOffDelays();
    void restartPolicyNeverFails();
    void unknownImage();
    void gracefulDeletion();
    void admissionRejects();
    void logs();
    void followedLogsStreamUntilTheExit();
    void execRunsInTheContainerAndIsTraced();
};

// The node is Ready with capacity, nodeInfo and a Lease renewed every 10 s.
void TestKubelet::registersAndHeartbeats()
{
    Cluster c;
    const Json node = ApiFixture::json(c.f.send("GET", "/api/v1/nodes/worker-1"));
    QCOMPARE(node["status"]["capacity"]["cpu"], Json("4"));
    QCOMPARE(node["status"]["allocatable"]["memory"], Json("8092Mi"));
    QCOMPARE(node["metadata"]["labels"]["kubernetes.io/arch"], Json("amd64"));
    Json ready;
    for (const Json &cond : node["status"]["conditions"])
        if (cond["type"] == "Ready")
            ready = cond;
    QCOMPARE(ready["status"], Json("True"));
    QCOMPARE(ready["reason"], Json("KubeletReady"));
    QCOMPARE(ready["message"], Json("kubelet is posting ready status"));
    const Json lease1 = ApiFixture::json(c.f.send("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-1"));
    QCOMPARE(lease1["spec"]["holderIdentity"], Json("worker-1"));
    QCOMPARE(lease1["spec"]["leaseDurationSeconds"], Json(40));
    c.run(10s);
    const Json lease2 = ApiFixture::json(c.f.send("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-1"));
    QVERIFY(lease2["spec"]["renewTime"] != lease1["spec"]["renewTime"]);
}

// Pulling, Pulled, Created, Started; Running with all conditions True and an IP.
void TestKubelet::podRuns()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"web"},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}})");
    c.run(5s);
    const Json pod = c.get("web");
    QCOMPARE(pod["status"]["phase"], Json("Running"));
    QCOMPARE(c.column("web", "Status"), std::string("Running"));
    QCOMPARE(c.column("web", "Ready"), std::string("1/1"));
    QVERIFY(pod["status"]["podIP"].get<std::string>().starts_with("10.244.1."));
    QCOMPARE(pod["status"]["qosClass"], Json("BestEffort"));
    for (const Json &cond : pod["status"]["conditions"])
        QVERIFY2(cond["status"] == "True", cond.dump().c_str());
    QCOMPARE(pod["status"]["containerStatuses"][0]["image"], Json("docker.io/library/nginx:1.27"));
    QCOMPARE(c.reasons("web"), (std::vector<std::string>{"Scheduled", "Pulling", "Pulled", "Created", "Started"}));
}

// Init:0/2, Init:1/2, PodInitializing, Running.
void TestKubelet::initContainersInOrder()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"init"},"spec":{
        "initContainers":[{"name":"fetch","image":"busybox:1.36","command":["sh","-c","echo fetching; sleep 20"]},
                          {"name":"migrate","image":"busybox:1.36","command":["sh","-c","echo migrating; sleep 20"]}],
        "containers":[{"name":"app","image":"nginx:1.27"}]}})");
    c.run(5s);
    QCOMPARE(c.column("init", "Status"), std::string("Init:0/2"));
    c.run(20s);
    QCOMPARE(c.column("init", "Status"), std::string("Init:1/2"));
    c.run(17s); // migrate ended at ~41.6 s; nginx is being pulled (1.7 s)
    QCOMPARE(c.column("init", "Status"), std::string("PodInitializing"));
    c.run(5s);
    QCOMPARE(c.column("init", "Status"), std::string("Running"));
}

// A container exiting 3 at once: restarts immediately, then after 10, 20, 40 s.
void TestKubelet::crashLoopBackOffDelays()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"crash"},"spec":{"containers":[{"name":"c","image":"busybox:1.36","command":["sh","-c","exit 3"]}]}})");
    c.run(2s); // pulled, started, exited, restarted at once, exited
    Json s = c.get("crash")["status"]["containerStatuses"][0];
    QCOMPARE(s["restartCount"], Json(1));
    QCOMPARE(s["state"]["waiting"]["reason"], Json("CrashLoopBackOff"));
    QVERIFY(s["state"]["waiting"]["message"].get<std::string>().starts_with("back-off 10s restarting failed container=c pod=crash_default("));
    QCOMPARE(s["lastState"]["terminated"]["exitCode"], Json(3));
    QCOMPARE(s["lastState"]["terminated"]["reason"], Json("Error"));
    QCOMPARE(c.column("crash", "Status"), std::string("CrashLoopBackOff"));
    // Then 10, 20 and 40 s between the restarts (1 s steps; the exit is instant).
    std::vector<int> at;
    int last = 1;
    for (int second = 0; second < 80; ++second) {
        c.run(1s);
        const int count = c.get("crash")["status"]["containerStatuses"][0]["restartCount"];
        if (count != last)
            at.push_back(second);
        last = count;
    }
    QCOMPARE(at.size(), std::size_t{3});
    QVERIFY2(std::abs(at[1] - at[0] - 20) <= 1, QByteArray::number(at[1] - at[0]));
    QVERIFY2(std::abs(at[2] - at[1] - 40) <= 1, QByteArray::number(at[2] - at[1]));
    s = c.get("crash")["status"]["containerStatuses"][0];
    QVERIFY(s["state"]["waiting"]["message"].get<std::string>().starts_with("back-off 80s"));
}

// restartPolicy Never: the pod fails with the container's exit.
void TestKubelet::restartPolicyNeverFails()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"once"},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36","command":["sh","-c","echo done; exit 2"]}]}})");
    c.run(5s);
    const Json pod = c.get("once");
    QCOMPARE(pod["status"]["phase"], Json("Failed"));
    QCOMPARE(c.column("once", "Status"), std::string("Error"));
    c.pod(R"({"metadata":{"name":"ok"},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36","command":["sh","-c","echo done"]}]}})");
    c.run(5s);
    QCOMPARE(c.get("ok")["status"]["phase"], Json("Succeeded"));
    QCOMPARE(c.column("ok", "Status"), std::string("Completed"));
}

// ErrImagePull with containerd's message, then ImagePullBackOff.
void TestKubelet::unknownImage()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"typo"},"spec":{"containers":[{"name":"c","image":"nginxx:1.0"}]}})");
    c.run(2s);
    const Json s = c.get("typo")["status"]["containerStatuses"][0];
    QCOMPARE(s["state"]["waiting"]["reason"], Json("ImagePullBackOff"));
    QCOMPARE(s["state"]["waiting"]["message"], Json("Back-off pulling image \"nginxx:1.0\""));
    bool failed = false;
    const Json events = ApiFixture::json(c.f.send("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=typo"));
    for (const Json &e : events["items"])
        failed = failed || e["message"] == "Failed to pull image \"nginxx:1.0\": rpc error: code = NotFound desc = failed to "
                                            "pull and unpack image \"docker.io/library/nginxx:1.0\": failed to resolve "
                                            "reference \"docker.io/library/nginxx:1.0\": docker.io/library/nginxx:1.0: not found";
    QVERIFY(failed);
    // An image for another platform fails like containerd's.
    c.pod(R"({"metadata":{"name":"arm"},"spec":{"containers":[{"name":"c","image":"k8slab/arm64-only:1.0"}]}})");
    c.run(2s);
    QVERIFY(c.get("arm")["status"]["containerStatuses"][0]["state"]["waiting"].dump().find("ImagePullBackOff") != std::string::npos);
}

// A shell ignores SIGTERM: Terminating for the whole grace period, then gone.
void TestKubelet::gracefulDeletion()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"sleeper"},"spec":{"terminationGracePeriodSeconds":20,"containers":[{"name":"c","image":"busybox:1.36","command":["sleep","3600"]}]}})");
    c.pod(R"({"metadata":{"name":"server"},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}})");
    c.run(5s);
    QCOMPARE(c.f.send("DELETE", "/api/v1/namespaces/default/pods/sleeper").code, 200);
    QCOMPARE(c.f.send("DELETE", "/api/v1/namespaces/default/pods/server").code, 200);
    c.run(2s);
    QCOMPARE(c.column("sleeper", "Status"), std::string("Terminating"));
    QCOMPARE(c.f.send("GET", "/api/v1/namespaces/default/pods/server").code, 404); // nginx exits on SIGTERM
    c.run(19s);
    QCOMPARE(c.f.send("GET", "/api/v1/namespaces/default/pods/sleeper").code, 404);
}

// A pod bound to a full node (nodeName set directly) is rejected with OutOfcpu.
void TestKubelet::admissionRejects()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"big"},"spec":{"nodeName":"worker-1","containers":[{"name":"c","image":"nginx:1.27","resources":{"requests":{"cpu":"10"}}}]}})");
    c.run(2s);
    const Json status = c.get("big")["status"];
    QCOMPARE(status["phase"], Json("Failed"));
    QCOMPARE(status["reason"], Json("OutOfcpu"));
    QCOMPARE(status["message"], Json("Pod was rejected: Node didn't have enough resource: cpu, requested: 10000, used: 0, capacity: 4000"));
}

// pods/log returns what the container printed; errors as upstream words them.
void TestKubelet::logs()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"talk"},"spec":{"containers":[{"name":"c","image":"busybox:1.36","env":[{"name":"WHO","value":"lab"}],"command":["sh","-c","echo hello $WHO; echo second; sleep 3600"]}]}})");
    c.run(3s);
    const auto r = c.f.send("GET", "/api/v1/namespaces/default/pods/talk/log");
    QCOMPARE(r.code, 200);
    QCOMPARE(r.body, std::string("hello lab\nsecond\n"));
    QCOMPARE(c.f.send("GET", "/api/v1/namespaces/default/pods/talk/log?tailLines=1").body, std::string("second\n"));
    const auto bad = c.f.send("GET", "/api/v1/namespaces/default/pods/talk/log?container=nope");
    QCOMPARE(bad.code, 400);
    QVERIFY(bad.body.find("container nope is not valid for pod talk") != std::string::npos);
}

void TestKubelet::followedLogsStreamUntilTheExit()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"steps"},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36","command":["sh","-c","echo one; echo two; sleep 10; echo three; sleep 10; echo four"]}]}})");
    c.run(3s);
    const auto start = [&](const std::string &query, std::vector<std::string> &chunks,
                           bool &ended) -> apiserver::ApiServer::Stream {
        apiserver::ApiRequest request;
        request.method = "GET";
        request.path = "/api/v1/namespaces/default/pods/steps/log";
        request.query.emplace("follow", "true");
        if (!query.empty())
            request.query.emplace("tailLines", query);
        if (!apiserver::ApiServer::streams(request))
            qFatal("a followed log is not a stream");
        auto stream = c.f.api->startStream(request, [&chunks, &ended](std::string chunk, store::Revision) {
            if (chunk.empty())
                ended = true;
            else
                chunks.push_back(std::move(chunk));
        });
        if (!stream.ok())
            qFatal("%s", stream.status().message().c_str());
        return *stream;
    };
    std::vector<std::string> all, tail, left;
    bool allEnded = false, tailEnded = false, leftEnded = false;
    const apiserver::ApiServer::Stream whole = start("", all, allEnded);
    QCOMPARE(all, std::vector<std::string>({"one\ntwo\n"})); // what there is, at once
    (void)start("1", tail, tailEnded);
    QCOMPARE(tail, std::vector<std::string>({"two\n"}));
    const apiserver::ApiServer::Stream gone = start("0", left, leftEnded);
    QCOMPARE(whole.contentType, std::string("application/octet-stream"));
    QVERIFY(!whole.watch);
    c.run(10s);
    QCOMPARE(all.back(), std::string("three\n")); // each line as it is written
    QVERIFY(!allEnded);
    gone.stop(); // that client left: it hears nothing more
    c.run(15s);
    QCOMPARE(all, std::vector<std::string>({"one\ntwo\n", "three\n", "four\n"}));
    QVERIFY(allEnded); // the container exited: the stream is over
    QVERIFY(tailEnded);
    QCOMPARE(left, std::vector<std::string>({"three\n"}));
    QVERIFY(!leftEnded);
    // A finished container's log: everything, then the end at once.
    std::vector<std::string> after;
    bool afterEnded = false;
    (void)start("", after, afterEnded);
    QCOMPARE(after, std::vector<std::string>({"one\ntwo\nthree\nfour\n"}));
    QVERIFY(afterEnded);
    // Errors as for a plain GET of the log.
    apiserver::ApiRequest bad;
    bad.method = "GET";
    bad.path = "/api/v1/namespaces/default/pods/steps/log";
    bad.query = {{"follow", "true"}, {"container", "nope"}};
    auto refused = c.f.api->startStream(bad, [](std::string, store::Revision) {});
    QCOMPARE(refused.status().code(), StatusCode::BadRequest);
    bad.path = "/api/v1/namespaces/default/pods/nope/log";
    QCOMPARE(c.f.api->startStream(bad, [](std::string, store::Revision) {}).status().code(), StatusCode::NotFound);
}

// kubectl exec's session, from the API server's check to the runtime: the output, the
// exit code, a kubelet.exec step per command; an interactive shell line by line; attach
// from now on; a stopped agent refuses as an unreachable kubelet would.
void TestKubelet::execRunsInTheContainerAndIsTraced()
{
    Cluster c;
    c.pod(R"({"metadata":{"name":"box"},"spec":{"containers":[{"name":"c","image":"busybox:1.36","command":["sh","-c","echo started; sleep 5; echo later; sleep 3600"]}]}})");
    c.run(3s);
    std::vector<std::pair<std::string, std::string>> steps; // code, command
    c.f.trace.subscribe([&steps](const proto::TraceEvent &e) {
        if (e.code() == "kubelet.exec" || e.code() == "kubelet.attach")
            steps.emplace_back(e.code(), e.params().contains("command") ? e.params().at("command") + " -> " + e.params().at("exitCode") : "");
    });
    struct Output {
        std::string out, err;
        int code = -100;
    };
    const auto start = [&c](std::multimap<std::string, std::string> query, const std::string &sub, Output &o) {
        apiserver::ApiRequest request;
        request.method = "GET";
        request.path = "/api/v1/namespaces/default/pods/box/" + sub;
        request.query = std::move(query);
        return c.f.api->startRemoteCommand(
            request, {[&o](std::uint8_t channel, std::string bytes) { (channel == 1 ? o.out : o.err) += bytes; },
                      [&o](int code, std::string) { o.code = code; }});
    };

    Output once;
    QVERIFY(start({{"command", "sh"}, {"command", "-c"}, {"command", "echo hi; echo no >&2; exit 2"}, {"stdout", "true"},
                   {"stderr", "true"}},
                  "exec", once)
                .ok());
    QCOMPARE(once.code, -100); // it runs after the upgrade, on the loop
    c.run(0s);
    QCOMPARE(once.out, std::string("hi\n"));
    QCOMPARE(once.err, std::string("no\n"));
    QCOMPARE(once.code, 2);

    Output shell;
    auto session = start({{"command", "sh"}, {"stdin", "true"}, {"stdout", "true"}, {"stderr", "true"}}, "exec", shell);
    QVERIFY(session.ok());
    c.run(0s);
    session->input("echo a\n");
    session->input("printenv HOSTNAME\n");
    QCOMPARE(shell.out, std::string("a\nbox\n"));
    session->closeInput();
    QCOMPARE(shell.code, 0);

    Output attached;
    auto attach = start({{"stdout", "true"}}, "attach", attached);
    QVERIFY(attach.ok());
    QCOMPARE(attached.out, std::string()); // what it wrote before is not replayed
    c.run(5s);
    QCOMPARE(attached.out, std::string("later\n"));
    attach->stop();

    QCOMPARE(steps, (std::vector<std::pair<std::string, std::string>>{
                        {"kubelet.exec", "sh -c echo hi; echo no >&2; exit 2 -> 2"},
                        {"kubelet.exec", "sh -c echo a -> 0"},
                        {"kubelet.exec", "sh -c printenv HOSTNAME -> 0"},
                        {"kubelet.attach", ""}}));

    c.agents->kubelet("worker-1")->setAgentRunning(false);
    Output refused;
    auto down = start({{"command", "true"}, {"stdout", "true"}}, "exec", refused);
    QVERIFY(!down.ok());
    QVERIFY2(down.status().message().find(":10250: connect: connection refused") != std::string::npos,
             down.status().message().c_str());
}

QTEST_GUILESS_MAIN(TestKubelet)
#include "tst_kubelet.moc"
