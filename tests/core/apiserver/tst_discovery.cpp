#include "core/apiserver/discovery.h"
#include "core/apiserver/request.h"
#include "core/apiserver/resource_registry.h"
#include "core/api/json.h"
#include "tests/support/json_compare.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::apiserver;
using api::Json;

namespace {
Json get(const std::string &path)
{
    ApiRequest r;
    r.method = "GET";
    r.path = path;
    auto response = handleDiscovery(r);
    if (!response)
        return Json();
    return Json::parse(response->body, nullptr, false);
}

const Json *findResource(const Json &list, const std::string &name)
{
    for (const Json &r : list["resources"])
        if (r["name"] == name)
            return &r;
    return nullptr;
}
} // namespace

class TestDiscovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionReportsMinor32();
    void coreResourcesCarryWhatKubectlNeeds();
    void subresourcesNameTheirKinds();
    void groupsListPreferredVersions();
    void openApiAdvertisesFieldValidation();
    void resourcePathsAreNotDiscovery();
    void registryRefusesDuplicates();
};

void TestDiscovery::versionReportsMinor32()
{
    const Json v = get("/version");
    QCOMPARE(v["major"], Json("1"));
    QCOMPARE(v["minor"], Json("32")); // the kubectl dispatcher picks its client by this
    QCOMPARE(v["gitVersion"], Json("v1.32.0"));
}

void TestDiscovery::coreResourcesCarryWhatKubectlNeeds()
{
    const Json v1 = get("/api/v1");
    const Json *pods = findResource(v1, "pods");
    QVERIFY(pods);
    QCOMPARE((*pods)["shortNames"], Json({"po"}));
    QCOMPARE((*pods)["categories"], Json({"all"}));
    QCOMPARE((*pods)["namespaced"], Json(true));
    QCOMPARE(findResource(v1, "nodes")->at("namespaced"), Json(false));
}

void TestDiscovery::subresourcesNameTheirKinds()
{
    const Json v1 = get("/api/v1");
    const Json *eviction = findResource(v1, "pods/eviction");
    QVERIFY(eviction);
    QCOMPARE((*eviction)["group"], Json("policy"));
    QCOMPARE((*eviction)["version"], Json("v1"));
    QCOMPARE((*eviction)["kind"], Json("Eviction"));
    const Json apps = get("/apis/apps/v1");
    const Json *scale = findResource(apps, "deployments/scale");
    QVERIFY(scale);
    QCOMPARE((*scale)["group"], Json("autoscaling"));
    QCOMPARE((*scale)["kind"], Json("Scale"));
}

void TestDiscovery::groupsListPreferredVersions()
{
    const Json apis = get("/apis");
    bool apps = false;
    for (const Json &g : apis["groups"]) {
        QCOMPARE(g["preferredVersion"], g["versions"][0]);
        apps = apps || g["name"] == "apps";
    }
    QVERIFY(apps);
}

void TestDiscovery::openApiAdvertisesFieldValidation()
{
    const Json root = get("/openapi/v3");
    QVERIFY(root["paths"].contains("apis/apps/v1"));
    const Json doc = get("/openapi/v3/apis/apps/v1");
    const Json &path = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
    QCOMPARE(path["patch"]["x-kubernetes-group-version-kind"]["kind"], Json("Deployment"));
    QCOMPARE(path["patch"]["parameters"][0]["name"], Json("fieldValidation"));
    QVERIFY(doc["components"]["schemas"].contains("io.k8s.api.apps.v1.Deployment"));
}

void TestDiscovery::resourcePathsAreNotDiscovery()
{
    ApiRequest r;
    r.method = "GET";
    r.path = "/apis/apps/v1/namespaces/default/deployments";
    QVERIFY(!handleDiscovery(r).has_value());
    auto target = parseTarget(r.path);
    QVERIFY(target.ok());
    QCOMPARE(target->resource->kind, std::string("Deployment"));
    QCOMPARE(target->ns, std::string("default"));
    auto nsStatus = parseTarget("/api/v1/namespaces/default/status");
    QVERIFY(nsStatus.ok());
    QCOMPARE(nsStatus->resource->kind, std::string("Namespace"));
    QCOMPARE(nsStatus->name, std::string("default"));
    QCOMPARE(nsStatus->subresource, std::string("status"));
    QCOMPARE(parseTarget("/api/v1/namespaces/default/pods/x/nonsense").status().code(), StatusCode::NotFound);
}

void TestDiscovery::registryRefusesDuplicates()
{
    ResourceRegistry registry;
    ResourceInfo info;
    info.version = "v1";
    info.kind = "Widget";
    info.plural = "widgets";
    QVERIFY(registry.add(info).ok());
    QCOMPARE(registry.add(info).code(), StatusCode::AlreadyExists);
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
