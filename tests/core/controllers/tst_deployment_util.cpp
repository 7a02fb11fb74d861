// The deployment controller's arithmetic, table by table against upstream's numbers.
#include "core/controllers/deployment_util.h"

#include <QTest>

using namespace k8slab;
using api::Json;
namespace du = controllers::deployment;

namespace {
Json deploymentOf(int replicas, const Json &surge, const Json &unavailable)
{
    return {{"metadata", {{"generation", 1}}},
            {"spec", {{"replicas", replicas},
                      {"strategy", {{"type", "RollingUpdate"},
                                    {"rollingUpdate", {{"maxSurge", surge}, {"maxUnavailable", unavailable}}}}}}}};
}

Json replicaSet(const std::string &name, int replicas, int available, const std::string &created, int maxReplicas = 0)
{
    Json rs = {{"metadata", {{"name", name}, {"creationTimestamp", created}}},
               {"spec", {{"replicas", replicas}}},
               {"status", {{"replicas", replicas}, {"availableReplicas", available}}}};
    if (maxReplicas > 0)
        rs["metadata"]["annotations"] = {{du::kMaxReplicas, std::to_string(maxReplicas)}};
    return rs;
}
} // namespace

class TestDeploymentUtil : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fenceposts_data();
    void fenceposts();
    void newReplicaSetReplicas_data();
    void newReplicaSetReplicas();
    void proportionalScaling_data();
    void proportionalScaling();
    void templateHash();
    void templatesCompareWithoutTheHashLabel();
    void completeAndProgressing();
};

void TestDeploymentUtil::fenceposts_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("surge");
    QTest::addColumn<QString>("unavailable");
    QTest::addColumn<int>("wantSurge");
    QTest::addColumn<int>("wantUnavailable");
    // Surge rounds up, unavailable rounds down; both 0 makes unavailable 1.
    QTest::newRow("10 at 25%") << 10 << "25%" << "25%" << 3 << 2;
    QTest::newRow("4 at 25%") << 4 << "25%" << "25%" << 1 << 1;
    QTest::newRow("3 at 25%") << 3 << "25%" << "25%" << 1 << 0;
    QTest::newRow("1 at 25%") << 1 << "25%" << "25%" << 1 << 0;
    QTest::newRow("absolute") << 5 << "2" << "1" << 2 << 1;
    QTest::newRow("both zero") << 5 << "0" << "0" << 0 << 1;
    QTest::newRow("0% and 0%") << 5 << "0%" << "0%" << 0 << 1;
    QTest::newRow("100% surge") << 3 << "100%" << "0" << 3 << 0;
    QTest::newRow("33% of 10") << 10 << "33%" << "33%" << 4 << 3;
}

void TestDeploymentUtil::fenceposts()
{
    QFETCH(int, replicas);
    QFETCH(QString, surge);
    QFETCH(QString, unavailable);
    QFETCH(int, wantSurge);
    QFETCH(int, wantUnavailable);
    const auto asIntOrString = [](const QString &v) {
        return v.endsWith('%') ? Json(v.toStdString()) : Json(v.toInt());
    };
    const auto f = du::resolveFenceposts(asIntOrString(surge), asIntOrString(unavailable), replicas);
    QCOMPARE(f.surge, wantSurge);
    QCOMPARE(f.unavailable, wantUnavailable);
}

void TestDeploymentUtil::newReplicaSetReplicas_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("newSize");
    QTest::addColumn<int>("oldSize");
    QTest::addColumn<int>("want");
    // maxSurge 25%: 10 → 3, 4 → 1.
    QTest::newRow("start of a rollout of 10") << 10 << 0 << 10 << 3;
    QTest::newRow("surge used up") << 10 << 3 << 10 << 3;
    QTest::newRow("old ones scaled down") << 10 << 3 << 8 << 5;
    QTest::newRow("never above replicas") << 10 << 8 << 0 << 10;
    QTest::newRow("start of a rollout of 4") << 4 << 0 << 4 << 1;
    QTest::newRow("rollout of 4, old at 3") << 4 << 1 << 3 << 2;
}

void TestDeploymentUtil::newReplicaSetReplicas()
{
    QFETCH(int, replicas);
    QFETCH(int, newSize);
    QFETCH(int, oldSize);
    QFETCH(int, want);
    const Json d = deploymentOf(replicas, "25%", "25%");
    const Json fresh = replicaSet("web-new", newSize, 0, "2026-01-01T00:00:02Z");
    const Json old = replicaSet("web-old", oldSize, oldSize, "2026-01-01T00:00:01Z");
    QCOMPARE(du::newReplicaSetReplicas(d, {&fresh, &old}, &fresh), want);
    Json recreate = d;
    recreate["spec"]["strategy"] = {{"type", "Recreate"}};
    QCOMPARE(du::newReplicaSetReplicas(recreate, {&fresh, &old}, &fresh), replicas);
}

void TestDeploymentUtil::proportionalScaling_data()
{
    QTest::addColumn<int>("newReplicas");
    QTest::addColumn<int>("oldSize");
    QTest::addColumn<int>("newSize");
    QTest::addColumn<int>("wantOld");
    QTest::addColumn<int>("wantNew");
    // Mid-rollout of 10 (max 13: old 8 + new 5), resized. Upstream's example numbers.
    QTest::newRow("10 → 15") << 15 << 8 << 5 << 12 << 7;
    QTest::newRow("10 → 5") << 5 << 8 << 5 << 4 << 3;
    QTest::newRow("10 → 0") << 0 << 8 << 5 << 0 << 0;
}

void TestDeploymentUtil::proportionalScaling()
{
    QFETCH(int, newReplicas);
    QFETCH(int, oldSize);
    QFETCH(int, newSize);
    QFETCH(int, wantOld);
    QFETCH(int, wantNew);
    Json d = deploymentOf(newReplicas, "25%", "25%");
    d["status"] = {{"replicas", 13}};
    const Json old = replicaSet("web-old", oldSize, oldSize, "2026-01-01T00:00:01Z", 13);
    const Json fresh = replicaSet("web-new", newSize, 0, "2026-01-01T00:00:02Z", 13);
    std::vector<const Json *> active = {&fresh, &old};
    const auto sizes = du::proportionalSizes(d, active);
    QCOMPARE(sizes.size(), std::size_t(2));
    std::int64_t gotOld = -1, gotNew = -1;
    for (std::size_t i = 0; i < active.size(); ++i)
        (active[i] == &old ? gotOld : gotNew) = sizes[i];
    QCOMPARE(gotOld, wantOld);
    QCOMPARE(gotNew, wantNew);
    // Never beyond what the resized Deployment allows.
    const std::int64_t allowed = newReplicas == 0 ? 0 : newReplicas + du::maxSurge(d);
    QVERIFY(gotOld + gotNew <= allowed);
}

void TestDeploymentUtil::templateHash()
{
    const Json tmpl = {{"metadata", {{"labels", {{"app", "web"}}}}},
                       {"spec", {{"containers", Json::array({{{"name", "nginx"}, {"image", "nginx:1.27"}}})}}}};
    const std::string hash = du::podTemplateHash(tmpl, std::nullopt);
    QVERIFY(!hash.empty() && hash.size() <= 10);
    for (char c : hash)
        QVERIFY(std::string_view("bcdfghjklmnpqrstvwxz2456789").find(c) != std::string_view::npos);
    QCOMPARE(du::podTemplateHash(tmpl, std::nullopt), hash); // same template, same hash
    Json other = tmpl;
    other["spec"]["containers"][0]["image"] = "nginx:1.26";
    QVERIFY(du::podTemplateHash(other, std::nullopt) != hash);
    QVERIFY(du::podTemplateHash(tmpl, 1) != hash); // a collision count changes it
    QCOMPARE(du::safeEncode("0123456789"), std::string("456789bcdf")); // "0" is byte 48: 48 % 27 = 21
}

void TestDeploymentUtil::templatesCompareWithoutTheHashLabel()
{
    const Json a = {{"metadata", {{"labels", {{"app", "web"}}}}}, {"spec", {{"containers", Json::array()}}}};
    Json b = a;
    b["metadata"]["labels"][du::kHashLabel] = "abc";
    QVERIFY(du::equalIgnoringHash(a, b));
    b["metadata"]["labels"]["app"] = "api";
    QVERIFY(!du::equalIgnoringHash(a, b));
}

void TestDeploymentUtil::completeAndProgressing()
{
    Json d = deploymentOf(3, "25%", "25%");
    d["status"] = {{"replicas", 4}, {"updatedReplicas", 1}, {"availableReplicas", 3}};
    QVERIFY(du::deploymentProgressing(d, {{"replicas", 4}, {"updatedReplicas", 2}, {"availableReplicas", 3}}));
    QVERIFY(du::deploymentProgressing(d, {{"replicas", 3}, {"updatedReplicas", 1}, {"availableReplicas", 3}}));
    QVERIFY(!du::deploymentProgressing(d, d["status"]));
    QVERIFY(du::deploymentComplete(d, {{"replicas", 3}, {"updatedReplicas", 3}, {"availableReplicas", 3}, {"observedGeneration", 1}}));
    QVERIFY(!du::deploymentComplete(d, {{"replicas", 4}, {"updatedReplicas", 3}, {"availableReplicas", 3}, {"observedGeneration", 1}}));
    QVERIFY(!du::deploymentComplete(d, {{"replicas", 3}, {"updatedReplicas", 3}, {"availableReplicas", 3}, {"observedGeneration", 0}}));
}

QTEST_GUILESS_MAIN(TestDeploymentUtil)
#include "tst_deployment_util.moc"
