// JSONPath as kubectl's -o jsonpath and the lessons' field checks use it.
#include "core/api/jsonpath.h"

#include <QTest>

using k8slab::api::Json;
using k8slab::api::JsonPath;

namespace {

const Json kPod = Json::parse(R"({
  "metadata": {"name": "web-1", "labels": {"app": "web", "app.kubernetes.io/name": "shop"}},
  "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]},
  "status": {"phase": "Running", "conditions": [
      {"type": "PodScheduled", "status": "True"},
      {"type": "Ready", "status": "False", "reason": "ContainersNotReady"}],
    "containerStatuses": [{"restartCount": 2}]}
})");

} // namespace

class TestJsonPath : public QObject {
    Q_OBJECT
private slots:
    void selects_data();
    void selects();
    void refusesMalformedPaths_data();
    void refusesMalformedPaths();
};

void TestJsonPath::selects_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("text");
    QTest::newRow("braces and a dotted field") << "{.status.phase}" << "Running";
    QTest::newRow("no braces") << ".metadata.name" << "web-1";
    QTest::newRow("leading dollar") << "$.metadata.name" << "web-1";
    QTest::newRow("an index") << "{.spec.containers[1].image}" << "busybox";
    QTest::newRow("escaped dots in a key, as kubectl writes them")
        << "{.metadata.labels.app\\.kubernetes\\.io/name}" << "shop";
    QTest::newRow("a negative index counts from the end") << "{.spec.containers[-1].name}" << "log";
    QTest::newRow("every element") << "{.spec.containers[*].name}" << "nginx log";
    QTest::newRow("a quoted key with dots and slashes") << "{.metadata.labels['app.kubernetes.io/name']}" << "shop";
    QTest::newRow("a filter with ==") << R"({.status.conditions[?(@.type=="Ready")].reason})" << "ContainersNotReady";
    QTest::newRow("a filter with !=") << R"({.status.conditions[?(@.type!="Ready")].type})" << "PodScheduled";
    QTest::newRow("a filter testing existence") << "{.status.conditions[?(@.reason)].type}" << "Ready";
    QTest::newRow("a number prints as JSON") << "{.status.containerStatuses[0].restartCount}" << "2";
    QTest::newRow("a map prints as JSON") << "{.metadata.labels}" << R"({"app":"web","app.kubernetes.io/name":"shop"})";
    QTest::newRow("a missing field selects nothing") << "{.spec.nodeName}" << "";
    QTest::newRow("an index past the end selects nothing") << "{.spec.containers[5].name}" << "";
}

void TestJsonPath::selects()
{
    QFETCH(QString, path);
    QFETCH(QString, text);
    auto parsed = JsonPath::parse(path.toStdString());
    QVERIFY2(parsed.ok(), parsed.status().message().c_str());
    QCOMPARE(QString::fromStdString(k8slab::api::jsonPathText(parsed->select(kPod))), text);
}

void TestJsonPath::refusesMalformedPaths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("an unclosed bracket") << "{.spec.containers[0}" << "'[' is never closed";
    QTest::newRow("a bad index") << ".spec.containers[x]" << "is not an index";
    QTest::newRow("a dot without a name") << ".spec..name" << "a field name is expected";
    QTest::newRow("a filter with a bare word") << "{.a[?(@.b==c)]}" << "neither a quoted string nor a number";
    QTest::newRow("text outside a path") << "status.phase" << "unexpected 's'";
}

void TestJsonPath::refusesMalformedPaths()
{
    QFETCH(QString, path);
    QFETCH(QString, message);
    auto parsed = JsonPath::parse(path.toStdString());
    QVERIFY(!parsed.ok());
    QVERIFY2(QString::fromStdString(parsed.status().message()).contains(message), parsed.status().message().c_str());
}

QTEST_APPLESS_MAIN(TestJsonPath)
#include "tst_jsonpath.moc"
