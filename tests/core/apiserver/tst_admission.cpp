// Admission as upstream's plugins do it: Priority, LimitRanger, ResourceQuota,
// NamespaceLifecycle, DefaultTolerationSeconds, ServiceAccount (mirror pods), and
// evictions that honour PodDisruptionBudgets.
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {
const std::string kPods = "/api/v1/namespaces/default/pods";

std::string pod(const std::string &name, const std::string &resources = "{}", const std::string &extraSpec = "")
{
    return R"({"metadata":{"name":")" + name + R"(","labels":{"app":"web"}},"spec":{)" + extraSpec
           + R"("containers":[{"name":"c","image":"nginx","resources":)" + resources + "}]}}";
}
} // namespace

class TestAdmission : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void priorityComesFromTheClass();
    void limitRangesDefaultAndBound();
    void quotasRefuseWhatWouldExceedThem();
    void terminatingNamespacesTakeNothingNew();
    void evictionsHonourDisruptionBudgets();
    void defaultTolerationsUnlessAlreadyTolerated();
    void mirrorPodsGetNoServiceAccount();
};

void TestAdmission::defaultTolerationsUnlessAlreadyTolerated()
{
    ApiFixture f;
    const auto seconds = [](const Json &created) {
        std::vector<std::string> keys;
        for (const Json &t : created["spec"]["tolerations"])
            keys.push_back(t.value("key", "") + "=" + std::to_string(t.value("tolerationSeconds", -1)));
        return keys;
    };
    const Json plain = ApiFixture::json(f.send("POST", kPods, pod("plain")));
    QCOMPARE(seconds(plain), (std::vector<std::string>{"node.kubernetes.io/not-ready=300", "node.kubernetes.io/unreachable=300"}));
    // A toleration of every NoExecute taint (a static pod's) already covers both.
    const Json blanket = ApiFixture::json(f.send("POST", kPods, pod("blanket", "{}", R"("tolerations":[{"operator":"Exists","effect":"NoExecute"}],)")));
    QCOMPARE(seconds(blanket), (std::vector<std::string>{"=-1"}));
    // Its own unreachable toleration stays; not-ready is still added.
    const Json own = ApiFixture::json(f.send("POST", kPods, pod("own", "{}",
        R"("tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","tolerationSeconds":30}],)")));
    QCOMPARE(seconds(own), (std::vector<std::string>{"node.kubernetes.io/unreachable=30", "node.kubernetes.io/not-ready=300"}));
}

void TestAdmission::mirrorPodsGetNoServiceAccount()
{
    ApiFixture f;
    const std::string mirror = R"({"metadata":{"name":"m","annotations":{"kubernetes.io/config.mirror":"abc"}},"spec":{"nodeName":"n1",)";
    const Json created = ApiFixture::json(f.send("POST", kPods, mirror + R"("containers":[{"name":"c","image":"nginx"}]}})"));
    QVERIFY(!created["spec"].contains("serviceAccountName"));
    auto refused = f.send("POST", kPods, mirror + R"("serviceAccountName":"builder","containers":[{"name":"c","image":"nginx"}]}})");
    QCOMPARE(refused.code, 403);
    QCOMPARE(ApiFixture::json(refused)["message"], Json(R"(pods "m" is forbidden: a mirror pod may not reference service accounts)"));
}

void TestAdmission::priorityComesFromTheClass()
{
    ApiFixture f;
    const Json critical = ApiFixture::json(f.send("POST", kPods, pod("a", "{}", R"("priorityClassName":"system-cluster-critical",)")));
    QCOMPARE(critical["spec"]["priority"], Json(2000000000));
    QCOMPARE(ApiFixture::json(f.send("POST", kPods, pod("b")))["spec"]["priority"], Json(0));
    auto missing = f.send("POST", kPods, pod("c", "{}", R"("priorityClassName":"gold",)"));
    QCOMPARE(missing.code, 403);
    QCOMPARE(ApiFixture::json(missing)["message"], Json(R"(pods "c" is forbidden: no PriorityClass with name gold was found)"));
}

void TestAdmission::limitRangesDefaultAndBound()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", "/api/v1/namespaces/default/limitranges",
                    R"({"metadata":{"name":"limits"},"spec":{"limits":[{"type":"Container","default":{"cpu":"500m","memory":"256Mi"},"defaultRequest":{"cpu":"100m"},"max":{"cpu":"1"}}]}})")
                 .code, 201);
    const Json defaulted = ApiFixture::json(f.send("POST", kPods, pod("a")));
    const Json &res = defaulted["spec"]["containers"][0]["resources"];
    QCOMPARE(res["limits"]["cpu"], Json("500m"));
    QCOMPARE(res["requests"]["cpu"], Json("100m"));
    QCOMPARE(res["requests"]["memory"], Json("256Mi")); // a default limit is the default request too
    QCOMPARE(defaulted["status"]["qosClass"], Json("Burstable"));
    QVERIFY(defaulted["metadata"]["annotations"]["kubernetes.io/limit-ranger"].get<std::string>().starts_with("LimitRanger plugin set: "));
    auto tooBig = f.send("POST", kPods, pod("b", R"({"limits":{"cpu":"2"}})"));
    QCOMPARE(tooBig.code, 403);
    QCOMPARE(ApiFixture::json(tooBig)["message"],
             Json(R"(pods "b" is forbidden: maximum cpu usage per Container is 1, but limit is 2)"));
}

void TestAdmission::quotasRefuseWhatWouldExceedThem()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", "/api/v1/namespaces/default/resourcequotas",
                    R"({"metadata":{"name":"small"},"spec":{"hard":{"pods":"2","requests.cpu":"1","configmaps":"1"}}})").code, 201);
    QCOMPARE(f.send("POST", kPods, pod("a", R"({"requests":{"cpu":"600m"}})")).code, 201);
    auto noRequest = f.send("POST", kPods, pod("b"));
    QCOMPARE(noRequest.code, 403);
    QCOMPARE(ApiFixture::json(noRequest)["message"], Json(R"(pods "b" is forbidden: failed quota: small: must specify requests.cpu for: c)"));
    auto tooMuch = f.send("POST", kPods, pod("c", R"({"requests":{"cpu":"600m"}})"));
    QCOMPARE(tooMuch.code, 403);
    QCOMPARE(ApiFixture::json(tooMuch)["message"],
             Json(R"(pods "c" is forbidden: exceeded quota: small, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1)"));
    QCOMPARE(f.send("POST", kPods, pod("d", R"({"requests":{"cpu":"400m"}})")).code, 201);
    auto third = f.send("POST", kPods, pod("e", R"({"requests":{"cpu":"1m"}})"));
    QCOMPARE(third.code, 403);
    QVERIFY(ApiFixture::json(third)["message"].get<std::string>().find("requested: pods=1") != std::string::npos);
    QCOMPARE(f.send("POST", "/api/v1/namespaces/default/configmaps", R"({"metadata":{"name":"one"}})").code, 201);
    QCOMPARE(f.send("POST", "/api/v1/namespaces/default/configmaps", R"({"metadata":{"name":"two"}})").code, 403);
    const Json quota = ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/resourcequotas/small"));
    QCOMPARE(quota["status"]["used"]["configmaps"], Json("1"));
}

void TestAdmission::terminatingNamespacesTakeNothingNew()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", "/api/v1/namespaces", R"({"metadata":{"name":"old"}})").code, 201);
    QCOMPARE(f.send("DELETE", "/api/v1/namespaces/old").code, 200);
    const Json ns = ApiFixture::json(f.send("GET", "/api/v1/namespaces/old"));
    QCOMPARE(ns["status"]["phase"], Json("Terminating"));
    auto refused = f.send("POST", "/api/v1/namespaces/old/configmaps", R"({"metadata":{"name":"x"}})");
    QCOMPARE(refused.code, 403);
    QCOMPARE(ApiFixture::json(refused)["message"],
             Json(R"(configmaps "x" is forbidden: unable to create new content in namespace old because it is being terminated)"));
}

void TestAdmission::evictionsHonourDisruptionBudgets()
{
    ApiFixture f;
    QCOMPARE(f.send("POST", kPods, pod("a")).code, 201);
    QCOMPARE(f.send("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets",
                    R"({"metadata":{"name":"web"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}})").code, 201);
    const std::string eviction = R"({"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"a","namespace":"default"}})";
    auto unprocessed = f.send("POST", kPods + "/a/eviction", eviction);
    QCOMPARE(unprocessed.code, 429);
    QCOMPARE(ApiFixture::json(unprocessed)["details"]["causes"][0]["message"],
             Json("The disruption budget web is still being processed by the server."));
    // The disruption controller's view: one pod may go.
    Json pdb = ApiFixture::json(f.send("GET", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web"));
    pdb["status"] = {{"observedGeneration", 1}, {"disruptionsAllowed", 1}, {"currentHealthy", 2}, {"desiredHealthy", 1}};
    QCOMPARE(f.send("PUT", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/web/status", pdb.dump()).code, 200);
    QCOMPARE(f.send("POST", kPods + "/a/eviction", eviction).code, 201);
    QCOMPARE(f.send("GET", kPods + "/a").code, 404);
    QCOMPARE(f.send("POST", kPods, pod("b")).code, 201);
    auto blocked = f.send("POST", kPods + "/b/eviction", eviction);
    QCOMPARE(blocked.code, 429);
    QCOMPARE(ApiFixture::json(blocked)["message"], Json("Cannot evict pod as it would violate the pod's disruption budget."));
}

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"
