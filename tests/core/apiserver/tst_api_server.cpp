// The API server's REST semantics, driven in-process the way kubectl drives it.
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {
const std::string kPods = "/api/v1/namespaces/default/pods";
const std::string kDeployments = "/apis/apps/v1/namespaces/default/deployments";

std::string pod(const std::string &name, const std::string &image = "nginx:1.27", const std::string &labels = R"({"app":"web"})")
{
    return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name + R"(","labels":)" + labels
           + R"(},"spec":{"containers":[{"name":"c","image":")" + image + R"("}]}})";
}

std::string deployment(const std::string &name, int replicas)
{
    return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":")" + name + R"("},"spec":{"replicas":)"
           + std::to_string(replicas)
           + R"(,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})";
}
} // namespace

class TestApiServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bootstrapCreatesTheDefaultObjects();
    void createFillsMetadataAndDefaults();
    void errorsHaveUpstreamShape_data();
    void errorsHaveUpstreamShape();
    void replaceWithAStaleResourceVersionConflicts();
    void generationFollowsSpecOnly();
    void statusIsWrittenOnlyThroughItsSubresource();
    void patchesOfAllThreeTypes();
    void scaleSubresourceSpeaksAutoscalingV1();
    void listsFilterAndPaginate();
    void tablesCarryColumnsAndMetadata();
    void finalizersHoldDeletionUntilRemoved();
    void servicesGetAddresses();
    void generateNameAndDryRun();
    void limitsAloneAreAlsoRequests();
    void replicationControllersSelectByEquality();
    void servesItsOwnMetrics();
};

void TestApiServer::bootstrapCreatesTheDefaultObjects()
{
    ApiFixture f;
    auto list = f.send("GET", "/api/v1/namespaces");
    QCOMPARE(list.code, 200);
    std::vector<std::string> names;
    const Json listed = ApiFixture::json(list);
    for (const Json &ns : listed["items"])
        names.push_back(ns["metadata"]["name"]);
    QCOMPARE(QString::fromStdString(list.body).count("\"Namespace\""), 4);
    QCOMPARE(names, (std::vector<std::string>{"default", "kube-node-lease", "kube-public", "kube-system"}));
    auto svc = ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/services/kubernetes"));
    QCOMPARE(svc["spec"]["clusterIP"], Json("10.96.0.1"));
    const std::int64_t revision = f.api->store().revision();
    QVERIFY(f.api->bootstrap().ok());
    QCOMPARE(f.api->store().revision(), revision); // idempotent
}

void TestApiServer::createFillsMetadataAndDefaults()
{
    ApiFixture f;
    auto created = f.send("POST", kPods + "?fieldManager=kubectl-create&fieldValidation=Strict", pod("web"));
    QCOMPARE(created.code, 201);
    const Json p = ApiFixture::json(created);
    QCOMPARE(p["metadata"]["namespace"], Json("default"));
    QCOMPARE(p["metadata"]["uid"].get<std::string>().size(), std::size_t(36));
    QCOMPARE(p["metadata"]["creationTimestamp"], Json("2025-01-01T00:00:00Z"));
    QVERIFY(!p["metadata"].contains("generation")); // pods carry no generation in v1.32
    QCOMPARE(p["metadata"]["resourceVersion"], Json(std::to_string(created.writtenRevision)));
    QCOMPARE(p["spec"]["restartPolicy"], Json("Always"));
    QCOMPARE(p["spec"]["schedulerName"], Json("default-scheduler"));
    QCOMPARE(p["spec"]["serviceAccountName"], Json("default"));
    QCOMPARE(p["spec"]["containers"][0]["imagePullPolicy"], Json("IfNotPresent"));
    QCOMPARE(p["spec"]["containers"][0]["terminationMessagePath"], Json("/dev/termination-log"));
    QCOMPARE(p["spec"]["tolerations"].size(), std::size_t(2));
    QCOMPARE(p["status"]["phase"], Json("Pending"));
    QCOMPARE(p["status"]["qosClass"], Json("BestEffort"));
    auto d = ApiFixture::json(f.send("POST", kDeployments, deployment("web", 2)));
    QCOMPARE(d["metadata"]["generation"], Json(1));
    QCOMPARE(d["spec"]["strategy"]["rollingUpdate"]["maxSurge"], Json("25%"));
    QCOMPARE(d["spec"]["revisionHistoryLimit"], Json(10));
    QCOMPARE(d["spec"]["progressDeadlineSeconds"], Json(600));
}

void TestApiServer::errorsHaveUpstreamShape_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message");
    QTest::newRow("NotFound uses resource.group")
        << "GET" << QString::fromStdString(kDeployments + "/nope") << "" << 404 << "NotFound" << R"(deployments.apps "nope" not found)";
    QTest::newRow("NotFound for core resources has no group")
        << "GET" << QString::fromStdString(kPods + "/nope") << "" << 404 << "NotFound" << R"(pods "nope" not found)";
    QTest::newRow("unknown resource")
        << "GET" << "/api/v1/namespaces/default/widgets" << "" << 404 << "NotFound" << "the server could not find the requested resource";
    QTest::newRow("missing namespace")
        << "POST" << "/api/v1/namespaces/nope/pods" << QString::fromStdString(pod("x")) << 404 << "NotFound" << R"(namespaces "nope" not found)";
    QTest::newRow("Invalid with field causes")
        << "POST" << QString::fromStdString(kPods) << QString::fromStdString(pod("bad", "")) << 422 << "Invalid"
        << R"(Pod "bad" is invalid: spec.containers[0].image: Required value)";
    QTest::newRow("Invalid name")
        << "POST" << QString::fromStdString(kPods) << QString::fromStdString(pod("Bad_Name")) << 422 << "Invalid"
        << R"(Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain)";
    QTest::newRow("bad JSON is a BadRequest")
        << "POST" << QString::fromStdString(kPods) << "{not json" << 400 << "BadRequest" << "the body of the request was in an unknown format";
    QTest::newRow("a body that is not an object")
        << "POST" << QString::fromStdString(kPods) << "[]" << 400 << "BadRequest"
        << "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct";
    QTest::newRow("a null body") << "POST" << QString::fromStdString(kPods) << "null" << 400 << "BadRequest"
                                 << "Object 'Kind' is missing in 'null'";
    QTest::newRow("a value of the wrong type")
        << "POST" << QString::fromStdString(kPods) << R"({"metadata":{"name":"x","labels":[1]},"spec":{"containers":[]}})"
        << 400 << "BadRequest" << "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal array";
    QTest::newRow("a field set twice (strict)")
        << "POST" << QString::fromStdString(kPods + "?fieldValidation=Strict")
        << R"({"metadata":{"name":"x","name":"y"},"spec":{"containers":[{"name":"c","image":"i","image":"j"}]}})" << 400
        << "BadRequest"
        << R"(Pod in version "v1" cannot be handled as a Pod: strict decoding error: duplicate field "metadata.name", duplicate field "spec.containers[0].image")";
    QTest::newRow("a resourceVersion that is not a number")
        << "GET" << QString::fromStdString(kPods + "?resourceVersion=yesterday") << "" << 400 << "BadRequest"
        << R"(resourceVersion: Invalid value: "yesterday")";
    QTest::newRow("a patch type that is none")
        << "PATCH" << QString::fromStdString(kPods + "/x") << "a=b" << 415 << "UnsupportedMediaType"
        << "the body of the request was in an unknown format - accepted media types include: application/json-patch+json";
    QTest::newRow("namespace mismatch")
        << "POST" << "/api/v1/namespaces/kube-system/pods"
        << R"({"metadata":{"name":"x","namespace":"default"},"spec":{"containers":[{"name":"c","image":"i"}]}})" << 400
        << "BadRequest" << "the namespace of the provided object does not match the namespace sent on the request";
    QTest::newRow("bad label selector")
        << "GET" << QString::fromStdString(kPods + "?labelSelector=a%20b") << "" << 400 << "BadRequest" << "unable to parse requirement";
    QTest::newRow("unsupported field selector")
        << "GET" << QString::fromStdString(kPods + "?fieldSelector=spec.color%3Dblue") << "" << 400 << "BadRequest" << "field label not supported: spec.color";
}

void TestApiServer::errorsHaveUpstreamShape()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, body);
    QFETCH(int, code);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    ApiFixture f;
    std::string p = path.toStdString();
    // The fixture does not URL-decode: decode the few escapes used above.
    for (auto [from, to] : {std::pair{"%20", " "}, std::pair{"%3D", "="}})
        for (std::size_t at; (at = p.find(from)) != std::string::npos;)
            p.replace(at, 3, to);
    const std::int64_t revision = f.api->store().revision();
    auto response = f.send(method.toStdString(), p, body.toStdString());
    QCOMPARE(response.code, code);
    const Json status = ApiFixture::json(response);
    QCOMPARE(status["kind"], Json("Status"));
    QCOMPARE(status["status"], Json("Failure"));
    QCOMPARE(QString::fromStdString(status["reason"]), reason);
    QCOMPARE(status["code"], Json(code));
    QVERIFY2(QString::fromStdString(status["message"]).startsWith(message), status.dump().c_str());
    if (reason == "Invalid") {
        QCOMPARE(status["details"]["kind"], Json("Pod"));
        QVERIFY(!status["details"]["causes"].empty());
    }
    QCOMPARE(f.api->store().revision(), revision); // nothing changed
}

void TestApiServer::replaceWithAStaleResourceVersionConflicts()
{
    ApiFixture f;
    Json d = ApiFixture::json(f.send("POST", kDeployments, deployment("web", 1)));
    Json stale = d;
    d["spec"]["replicas"] = 2;
    QCOMPARE(f.send("PUT", kDeployments + "/web", d.dump()).code, 200);
    stale["spec"]["replicas"] = 5;
    auto conflict = f.send("PUT", kDeployments + "/web", stale.dump());
    QCOMPARE(conflict.code, 409);
    QCOMPARE(ApiFixture::json(conflict)["message"],
             Json(R"(Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again)"));
    QCOMPARE(ApiFixture::json(f.send("GET", kDeployments + "/web"))["spec"]["replicas"], Json(2));
}

void TestApiServer::generationFollowsSpecOnly()
{
    ApiFixture f;
    Json d = ApiFixture::json(f.send("POST", kDeployments, deployment("web", 1)));
    d["metadata"]["labels"] = {{"tier", "frontend"}};
    d = ApiFixture::json(f.send("PUT", kDeployments + "/web", d.dump()));
    QCOMPARE(d["metadata"]["generation"], Json(1));
    d["spec"]["replicas"] = 3;
    d = ApiFixture::json(f.send("PUT", kDeployments + "/web", d.dump()));
    QCOMPARE(d["metadata"]["generation"], Json(2));
}

void TestApiServer::statusIsWrittenOnlyThroughItsSubresource()
{
    ApiFixture f;
    Json d = ApiFixture::json(f.send("POST", kDeployments, deployment("web", 1)));
    d["status"] = {{"replicas", 7}};
    d = ApiFixture::json(f.send("PUT", kDeployments + "/web", d.dump()));
    QVERIFY(!d["status"].contains("replicas"));
    d["status"] = {{"replicas", 1}, {"observedGeneration", 1}};
    d["spec"]["replicas"] = 9;
    d = ApiFixture::json(f.send("PUT", kDeployments + "/web/status", d.dump()));
    QCOMPARE(d["status"]["replicas"], Json(1));
    QCOMPARE(d["spec"]["replicas"], Json(1));
}

void TestApiServer::patchesOfAllThreeTypes()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kDeployments, deployment("web", 1)).code, 201);
    auto merged = f.send("PATCH", kDeployments + "/web", R"({"metadata":{"labels":{"tier":"frontend"}}})",
                         "application/merge-patch+json");
    QCOMPARE(merged.code, 200);
    QCOMPARE(ApiFixture::json(merged)["metadata"]["labels"]["tier"], Json("frontend"));
    auto strategic = f.send("PATCH", kDeployments + "/web",
                            R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}})",
                            "application/strategic-merge-patch+json");
    QCOMPARE(strategic.code, 200);
    const Json afterSmp = ApiFixture::json(strategic);
    QCOMPARE(afterSmp["spec"]["template"]["spec"]["containers"][0]["image"], Json("nginx:1.28"));
    QCOMPARE(afterSmp["spec"]["template"]["spec"]["containers"][0]["terminationMessagePath"], Json("/dev/termination-log"));
    QCOMPARE(afterSmp["metadata"]["generation"], Json(2));
    auto jsonPatch = f.send("PATCH", kDeployments + "/web", R"([{"op":"replace","path":"/spec/replicas","value":4}])",
                            "application/json-patch+json");
    QCOMPARE(jsonPatch.code, 200);
    QCOMPARE(ApiFixture::json(jsonPatch)["spec"]["replicas"], Json(4));
    auto failing = f.send("PATCH", kDeployments + "/web", R"([{"op":"test","path":"/spec/replicas","value":1}])",
                          "application/json-patch+json");
    QCOMPARE(failing.code, 422);
}

void TestApiServer::scaleSubresourceSpeaksAutoscalingV1()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kDeployments, deployment("web", 2)).code, 201);
    const Json scale = ApiFixture::json(f.send("GET", kDeployments + "/web/scale"));
    QCOMPARE(scale["kind"], Json("Scale"));
    QCOMPARE(scale["apiVersion"], Json("autoscaling/v1"));
    QCOMPARE(scale["spec"]["replicas"], Json(2));
    QCOMPARE(scale["status"]["selector"], Json("app=web"));
    auto patched = f.send("PATCH", kDeployments + "/web/scale", R"({"spec":{"replicas":4}})", "application/merge-patch+json");
    QCOMPARE(patched.code, 200);
    QCOMPARE(ApiFixture::json(patched)["kind"], Json("Scale"));
    QCOMPARE(ApiFixture::json(f.send("GET", kDeployments + "/web"))["spec"]["replicas"], Json(4));
    Json put = ApiFixture::json(f.send("GET", kDeployments + "/web/scale"));
    put["spec"]["replicas"] = 5;
    QCOMPARE(f.send("PUT", kDeployments + "/web/scale", put.dump()).code, 200);
    put["spec"]["replicas"] = 6; // stale resourceVersion now
    QCOMPARE(f.send("PUT", kDeployments + "/web/scale", put.dump()).code, 409);
}

void TestApiServer::listsFilterAndPaginate()
{
    ApiFixture f;
    for (int i = 0; i < 7; ++i)
        QCOMPARE(f.send("POST", kPods, pod("p" + std::to_string(i), "nginx", i % 2 ? R"({"app":"web"})" : R"({"app":"db"})")).code, 201);
    QCOMPARE(ApiFixture::json(f.send("GET", kPods + "?labelSelector=app=web"))["items"].size(), std::size_t(3));
    QCOMPARE(ApiFixture::json(f.send("GET", kPods + "?fieldSelector=metadata.name=p4"))["items"].size(), std::size_t(1));
    QCOMPARE(ApiFixture::json(f.send("GET", "/api/v1/pods?fieldSelector=status.phase!=Running"))["items"].size(), std::size_t(7));
    std::vector<std::string> seen;
    std::string token;
    for (int page = 0; page < 10; ++page) {
        const Json list = ApiFixture::json(f.send("GET", kPods + "?limit=3" + (token.empty() ? "" : "&continue=" + token)));
        for (const Json &item : list["items"])
            seen.push_back(item["metadata"]["name"]);
        if (!list["metadata"].contains("continue"))
            break;
        token = list["metadata"]["continue"];
    }
    QCOMPARE(seen.size(), std::size_t(7));
    QCOMPARE(seen.front(), std::string("p0"));
    QCOMPARE(seen.back(), std::string("p6"));
}

void TestApiServer::tablesCarryColumnsAndMetadata()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kPods, pod("web")).code, 201);
    const std::string tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    const Json table = ApiFixture::json(f.send("GET", kPods + "?limit=500", {}, "application/json", tableAccept));
    QCOMPARE(table["kind"], Json("Table"));
    QCOMPARE(table["apiVersion"], Json("meta.k8s.io/v1"));
    QCOMPARE(table["columnDefinitions"][0]["name"], Json("Name"));
    QCOMPARE(table["rows"].size(), std::size_t(1));
    QCOMPARE(table["rows"][0]["cells"][0], Json("web"));
    QCOMPARE(table["rows"][0]["object"]["kind"], Json("PartialObjectMetadata"));
    QCOMPARE(table["rows"][0]["object"]["metadata"]["namespace"], Json("default"));
    const Json one = ApiFixture::json(f.send("GET", kPods + "/web", {}, "application/json", tableAccept));
    QCOMPARE(one["rows"].size(), std::size_t(1));
}

void TestApiServer::finalizersHoldDeletionUntilRemoved()
{
    ApiFixture f;
    const std::string cm = R"({"metadata":{"name":"held","finalizers":["example.com/hold"]},"data":{"a":"b"}})";
    QCOMPARE(f.send("POST", "/api/v1/namespaces/default/configmaps", cm).code, 201);
    auto marked = f.send("DELETE", "/api/v1/namespaces/default/configmaps/held", R"({"propagationPolicy":"Background"})");
    QCOMPARE(marked.code, 200);
    QVERIFY(ApiFixture::json(marked)["metadata"].contains("deletionTimestamp"));
    QCOMPARE(f.send("GET", "/api/v1/namespaces/default/configmaps/held").code, 200);
    auto released = f.send("PATCH", "/api/v1/namespaces/default/configmaps/held", R"({"metadata":{"finalizers":null}})",
                           "application/merge-patch+json");
    QCOMPARE(released.code, 200);
    QCOMPARE(f.send("GET", "/api/v1/namespaces/default/configmaps/held").code, 404);
}

void TestApiServer::servicesGetAddresses()
{
    ApiFixture f;
    auto created = f.send("POST", "/api/v1/namespaces/default/services",
                          R"({"metadata":{"name":"web"},"spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80}]}})");
    QCOMPARE(created.code, 201);
    const Json svc = ApiFixture::json(created);
    const std::string ip = svc["spec"]["clusterIP"];
    QVERIFY(ip.starts_with("10.9") || ip.starts_with("10.10") || ip.starts_with("10.11"));
    QCOMPARE(svc["spec"]["clusterIPs"][0], Json(ip));
    QCOMPARE(svc["spec"]["ports"][0]["targetPort"], Json(80));
    QCOMPARE(svc["spec"]["ports"][0]["protocol"], Json("TCP"));
    const int nodePort = svc["spec"]["ports"][0]["nodePort"];
    QVERIFY(nodePort >= 30000 && nodePort <= 32767);
    auto taken = f.send("POST", "/api/v1/namespaces/default/services",
                        R"({"metadata":{"name":"dup"},"spec":{"clusterIP":")" + ip + R"(","ports":[{"port":80}]}})");
    QCOMPARE(taken.code, 422);
}

void TestApiServer::generateNameAndDryRun()
{
    ApiFixture f;
    const std::int64_t before = f.api->store().revision();
    auto dry = f.send("POST", kPods + "?dryRun=All", pod("ghost"));
    QCOMPARE(dry.code, 201);
    QCOMPARE(f.api->store().revision(), before);
    QCOMPARE(f.send("GET", kPods + "/ghost").code, 404);
    auto generated = f.send("POST", kPods, R"({"metadata":{"generateName":"web-"},"spec":{"containers":[{"name":"c","image":"i"}]}})");
    QCOMPARE(generated.code, 201);
    const std::string name = ApiFixture::json(generated)["metadata"]["name"];
    QVERIFY(name.starts_with("web-"));
    QCOMPARE(name.size(), std::size_t(9));
}


void TestApiServer::limitsAloneAreAlsoRequests()
{
    ApiFixture f;
    // Upstream's SetDefaults_Pod: a limit without a request is requested at that limit,
    // so limits alone make a Guaranteed pod; a template keeps what was written.
    const std::string body = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"db"},"spec":{"containers":[
        {"name":"db","image":"nginx","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"250m","memory":"256Mi"}}}]}})";
    const Json p = ApiFixture::json(f.send("POST", kPods, body));
    QCOMPARE(p["spec"]["containers"][0]["resources"]["requests"], Json::parse(R"({"cpu":"100m","memory":"256Mi"})"));
    QCOMPARE(p["status"]["qosClass"], Json("Burstable"));
    const std::string limitsOnly = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"db2"},"spec":{"containers":[
        {"name":"db","image":"nginx","resources":{"limits":{"cpu":"250m","memory":"256Mi"}}}]}})";
    const Json g = ApiFixture::json(f.send("POST", kPods, limitsOnly));
    QCOMPARE(g["spec"]["containers"][0]["resources"]["requests"], Json::parse(R"({"cpu":"250m","memory":"256Mi"})"));
    QCOMPARE(g["status"]["qosClass"], Json("Guaranteed"));
}

void TestApiServer::replicationControllersSelectByEquality()
{
    ApiFixture f;
    const std::string path = "/api/v1/namespaces/default/replicationcontrollers";
    const auto rc = [](const std::string &name, const std::string &selector) {
        return R"({"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":")" + name + R"("},"spec":{)" + selector +
               R"("template":{"metadata":{"labels":{"tier":"frontend"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}})";
    };
    // A plain map selector, as upstream's v1 API has it.
    auto created = f.send("POST", path, rc("legacy", R"("selector":{"tier":"frontend"},)"));
    QCOMPARE(created.code, 201);
    // Left out: the template's labels stand in for it, and for the RC's own labels.
    const Json defaulted = ApiFixture::json(f.send("POST", path, rc("plain", "")));
    QCOMPARE(defaulted["spec"]["selector"], Json::parse(R"({"tier":"frontend"})"));
    QCOMPARE(defaulted["metadata"]["labels"], Json::parse(R"({"tier":"frontend"})"));
    // A selector the template's labels do not satisfy is refused at the template's labels.
    auto refused = f.send("POST", path, rc("wrong", R"("selector":{"tier":"backend"},)"));
    QCOMPARE(refused.code, 422);
    QVERIFY2(refused.body.find("spec.template.metadata.labels") != std::string::npos, refused.body.c_str());
    QVERIFY(refused.body.find("`selector` does not match template `labels`") != std::string::npos);
}
void TestApiServer::servesItsOwnMetrics()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kPods, pod("a")).code, 201);
    QCOMPARE(f.send("POST", kPods, pod("a")).code, 409);
    QCOMPARE(f.send("GET", kPods).code, 200);
    QCOMPARE(f.send("GET", kPods + "/a").code, 200);
    auto metrics = f.send("GET", "/metrics");
    QCOMPARE(metrics.code, 200);
    QCOMPARE(metrics.contentType, std::string("text/plain; version=0.0.4; charset=utf-8"));
    const std::string &text = metrics.body;
    const auto has = [&text](const std::string &line) { return text.find(line) != std::string::npos; };
    // Upstream's names and labels: a counter per verb/resource/code, a latency histogram,
    // gauges of requests in flight and objects stored; the lab's own summary.
    QVERIFY(has("# TYPE apiserver_request_total counter\n"));
    QVERIFY(has(R"(apiserver_request_total{verb="POST",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",code="201"} 1)"));
    QVERIFY(has(R"(code="409"} 1)"));
    QVERIFY(has(R"(apiserver_request_total{verb="LIST",)"));
    QVERIFY(has(R"(apiserver_request_total{verb="GET",dry_run="",group="",version="v1",resource="pods",subresource="",scope="resource")"));
    QVERIFY(has("# TYPE apiserver_request_duration_seconds histogram\n"));
    QVERIFY(has(R"(apiserver_request_duration_seconds_bucket{verb="POST",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",le="+Inf"} 2)"));
    QVERIFY(has("# TYPE apiserver_current_inflight_requests gauge\n"));
    QVERIFY(has(R"(apiserver_current_inflight_requests{request_kind="mutating"} 0)"));
    QVERIFY(has(R"(apiserver_storage_objects{resource="pods"} 1)"));
    QVERIFY(has(R"(apiserver_storage_objects{resource="namespaces"} 4)"));
    QVERIFY(has("# TYPE k8slab_apiserver_request_duration_seconds summary\n"));
    QVERIFY(has(R"(k8slab_apiserver_request_duration_seconds_count{verb="POST"} 2)"));
    // A watch is a long-running request while it lasts.
    apiserver::ApiRequest watch;
    watch.method = "GET";
    watch.path = kPods;
    watch.query.emplace("watch", "true");
    auto id = f.api->startWatch(watch, [](std::string, store::Revision) {});
    QVERIFY(id.ok());
    QVERIFY(f.api->metricsText().find(R"(apiserver_longrunning_requests{verb="WATCH",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver"} 1)") !=
            std::string::npos);
    f.api->stopWatch(*id);
    QVERIFY(f.api->metricsText().find(R"(component="apiserver"} 0)") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_api_server.moc"
