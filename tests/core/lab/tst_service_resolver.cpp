// How a pod's connection finds its way in the lab: cluster DNS names of a Service in
// every form, its ClusterIP, the target port of its EndpointSlices' ready endpoints, a
// headless Service, pod IPs, and names that do not resolve.
#include "core/lab/service_resolver.h"
#include "core/client/client.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {

const char *const kShop = R"(apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: web, port: 8080, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: api-headless, namespace: shop}
spec:
  clusterIP: None
  selector: {app: api}
  ports: [{port: 80}]
)";

} // namespace

class TestServiceResolver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void namesResolveLikeClusterDns_data();
    void namesResolveLikeClusterDns();
    void theClusterIpLeadsToTheEndpoints();
    void aPortTheServiceDoesNotServeIsRefused();
    void headlessNamesAreThePods();
    void podIpsAreReachedDirectly();

private:
    std::unique_ptr<test::LabFixture> m_lab;
    kubelet::ServiceResolver m_resolve;
    std::string m_podIp;
    std::string m_clusterIp;
};

void TestServiceResolver::initTestCase()
{
    m_lab = std::make_unique<test::LabFixture>(1);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
    m_lab->create(kShop);
    m_lab->run(30s);
    m_resolve = lab::serviceResolver(m_lab->session->api());
    auto pod = m_lab->session->api().get(client::resource("", "v1", "pods"), "shop", "api");
    auto service = m_lab->session->api().get(client::resource("", "v1", "services"), "shop", "api");
    QVERIFY(pod.ok() && service.ok());
    m_podIp = (*pod)["status"].value("podIP", "");
    m_clusterIp = (*service)["spec"].value("clusterIP", "");
    QVERIFY(!m_podIp.empty() && !m_clusterIp.empty());
}

void TestServiceResolver::namesResolveLikeClusterDns_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("resolves");
    QTest::newRow("short name, same namespace") << "shop" << "api" << true;
    QTest::newRow("short name, other namespace") << "default" << "api" << false;
    QTest::newRow("name.namespace") << "default" << "api.shop" << true;
    QTest::newRow("name.namespace.svc") << "default" << "api.shop.svc" << true;
    QTest::newRow("fully qualified") << "default" << "api.shop.svc.cluster.local" << true;
    QTest::newRow("fully qualified, trailing dot") << "default" << "api.shop.svc.cluster.local." << true;
    QTest::newRow("wrong suffix") << "default" << "api.shop.example.com" << false;
    QTest::newRow("the Internet") << "default" << "example.com" << false;
    QTest::newRow("the API server") << "default" << "kubernetes.default" << true;
}

void TestServiceResolver::namesResolveLikeClusterDns()
{
    QFETCH(QString, from);
    QFETCH(QString, host);
    QFETCH(bool, resolves);
    const kubelet::ServiceRoute route = m_resolve(from.toStdString(), host.toStdString(), host.startsWith("kubernetes") ? 443 : 8080);
    QCOMPARE(route.resolved, resolves);
    if (resolves && !host.startsWith("kubernetes")) {
        QCOMPARE(route.address, m_clusterIp);
        QCOMPARE(route.endpoints.size(), std::size_t(1));
        QCOMPARE(route.endpoints[0].first, m_podIp);
        QCOMPARE(route.endpoints[0].second, 80); // the target port
    }
}

void TestServiceResolver::theClusterIpLeadsToTheEndpoints()
{
    const kubelet::ServiceRoute route = m_resolve("default", m_clusterIp, 8080);
    QVERIFY(route.resolved);
    QCOMPARE(route.endpoints.size(), std::size_t(1));
    QCOMPARE(route.endpoints[0], std::make_pair(m_podIp, 80));
}

void TestServiceResolver::aPortTheServiceDoesNotServeIsRefused()
{
    const kubelet::ServiceRoute route = m_resolve("shop", "api", 80);
    QVERIFY(route.resolved);
    QVERIFY(route.endpoints.empty());
}

void TestServiceResolver::headlessNamesAreThePods()
{
    const kubelet::ServiceRoute route = m_resolve("shop", "api-headless", 80);
    QVERIFY(route.resolved);
    QCOMPARE(route.address, m_podIp);
    QCOMPARE(route.endpoints.size(), std::size_t(1));
    QCOMPARE(route.endpoints[0], std::make_pair(m_podIp, 80));
}

void TestServiceResolver::podIpsAreReachedDirectly()
{
    const kubelet::ServiceRoute route = m_resolve("default", m_podIp, 80);
    QVERIFY(route.resolved);
    QCOMPARE(route.endpoints[0], std::make_pair(m_podIp, 80));
}

QTEST_GUILESS_MAIN(TestServiceResolver)
#include "tst_service_resolver.moc"
