// What a container is given from ConfigMaps, Secrets and the downward API: files at
// their mount paths and environment variables, as the kubelet resolves them.
#include "core/kubelet/container_inputs.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using kubelet::containerInputs;

namespace {

const Json kPod = Json::parse(R"({
  "metadata": {"name": "web-1", "namespace": "shop", "uid": "u-1", "labels": {"app": "web", "tier": "front"}},
  "spec": {"nodeName": "worker-2", "serviceAccountName": "default", "volumes": [
    {"name": "config", "configMap": {"name": "app-config"}},
    {"name": "picked", "configMap": {"name": "app-config", "items": [{"key": "app.conf", "path": "conf/main.conf"}]}},
    {"name": "creds", "secret": {"secretName": "db"}},
    {"name": "info", "downwardAPI": {"items": [
      {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
      {"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}},
    {"name": "maybe", "configMap": {"name": "absent", "optional": true}},
    {"name": "must", "configMap": {"name": "absent"}}]}
})");

std::optional<Json> readObject(const std::string &resource, const std::string &ns, const std::string &name)
{
    if (ns != "shop")
        return std::nullopt;
    if (resource == "configmaps" && name == "app-config")
        return Json::parse(R"({"data": {"app.conf": "ready", "level": "debug"}})");
    if (resource == "secrets" && name == "db")
        return Json::parse(R"({"data": {"password": "czNjcjN0"}})"); // s3cr3t
    return std::nullopt;
}

Json container(const char *json)
{
    return Json::parse(json);
}

} // namespace

class TestContainerInputs : public QObject {
    Q_OBJECT
private slots:
    void volumesBecomeFiles();
    void environmentFromEverySource();
    void missingSourcesFailLikeUpstream_data();
    void missingSourcesFailLikeUpstream();
};

void TestContainerInputs::volumesBecomeFiles()
{
    auto inputs = containerInputs(kPod, container(R"({"name": "c", "volumeMounts": [
        {"name": "config", "mountPath": "/etc/app/"}, {"name": "picked", "mountPath": "/opt"},
        {"name": "creds", "mountPath": "/secrets"}, {"name": "info", "mountPath": "/etc/podinfo"},
        {"name": "maybe", "mountPath": "/maybe"}]})"), "10.244.2.5", readObject);
    QVERIFY2(inputs.ok(), inputs.status().message().c_str());
    const std::map<std::string, std::string> expected = {
        {"/etc/app/app.conf", "ready"},    {"/etc/app/level", "debug"},
        {"/opt/conf/main.conf", "ready"},  {"/secrets/password", "s3cr3t"},
        {"/etc/podinfo/labels", "app=\"web\"\ntier=\"front\"\n"}, {"/etc/podinfo/name", "web-1"}};
    QCOMPARE(inputs->files, expected);
}

void TestContainerInputs::environmentFromEverySource()
{
    auto inputs = containerInputs(kPod, container(R"({"name": "c",
        "envFrom": [{"configMapRef": {"name": "app-config"}, "prefix": "CFG_"}],
        "env": [{"name": "PLAIN", "value": "1"},
                {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "level"}}},
                {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}},
                {"name": "IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
                {"name": "TIER", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['tier']"}}},
                {"name": "OPT", "valueFrom": {"configMapKeyRef": {"name": "absent", "key": "x", "optional": true}}}]})"),
        "10.244.2.5", readObject);
    QVERIFY2(inputs.ok(), inputs.status().message().c_str());
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"CFG_app.conf", "ready"}, {"CFG_level", "debug"}, {"PLAIN", "1"},      {"LEVEL", "debug"},
        {"PASSWORD", "s3cr3t"},    {"POD", "web-1"},       {"NODE", "worker-2"}, {"IP", "10.244.2.5"},
        {"TIER", "front"}};
    QCOMPARE(inputs->env, expected);
}

void TestContainerInputs::missingSourcesFailLikeUpstream_data()
{
    QTest::addColumn<QString>("container");
    QTest::addColumn<QString>("message");
    QTest::newRow("a volume's ConfigMap") << R"({"name": "c", "volumeMounts": [{"name": "must", "mountPath": "/m"}]})"
                                          << R"(configmap "absent" not found)";
    QTest::newRow("an env var's Secret") << R"({"name": "c", "env": [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "nope", "key": "k"}}}]})"
                                         << R"(secret "nope" not found)";
    QTest::newRow("a key of a ConfigMap") << R"({"name": "c", "env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "k"}}}]})"
                                          << "couldn't find key k in ConfigMap shop/app-config";
}

void TestContainerInputs::missingSourcesFailLikeUpstream()
{
    QFETCH(QString, container);
    QFETCH(QString, message);
    auto inputs = containerInputs(kPod, Json::parse(container.toStdString()), "10.244.2.5", readObject);
    QVERIFY(!inputs.ok());
    QCOMPARE(QString::fromStdString(inputs.status().message()), message);
}

QTEST_APPLESS_MAIN(TestContainerInputs)
#include "tst_container_inputs.moc"
