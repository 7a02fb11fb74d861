// The cluster spec file (docs/cluster-spec.md): what it describes (capacity, arch,
// labels, taints, preloaded images, counted names), the errors it gets (with file,
// line and field, unknown fields included), and a lab started from it — the Nodes as
// the API holds them, an image that only the node has running without a pull, a
// tainted node avoided, and a node the API refuses named in the error.
#include "core/lab/cluster_spec.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;

namespace {

const char *const kSpec = R"(apiVersion: k8slab.io/v1alpha1
kind: Cluster
nodes:
  - name: control-plane
    capacity: {cpu: 2, memory: 4Gi}
    labels: {node-role.kubernetes.io/control-plane: ""}
    taints:
      - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
  - name: worker
    count: 2
    capacity: {cpu: "8", memory: 16Gi, pods: 110, ephemeral-storage: 200Gi}
    labels: {disktype: ssd}
    images:
      - {name: nginx:1.27, size: 70Mi}
      - {name: registry.example.com/shop/api:2.1, size: 120Mi}
  - name: arm
    architecture: arm64
)";

Json get(lab::LabSession &session, const std::string &path, const std::string &fieldSelector = {})
{
    apiserver::ApiRequest request;
    request.method = "GET";
    request.path = path;
    if (!fieldSelector.empty())
        request.query.emplace("fieldSelector", fieldSelector);
    return Json::parse(session.api().handle(request).body);
}

} // namespace

class TestClusterSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsTheNodes();
    void refusesWhatIsWrong_data();
    void refusesWhatIsWrong();
    void aLabStartsFromIt();
    void aNodeTheApiRefusesIsNamed();
};

void TestClusterSpec::readsTheNodes()
{
    auto nodes = lab::parseClusterSpec(kSpec, "cluster.yaml");
    QVERIFY2(nodes.ok(), nodes.status().message().c_str());
    QCOMPARE(nodes->size(), std::size_t(4));
    const kubelet::NodeSpec &cp = (*nodes)[0];
    QCOMPARE(cp.name, std::string("control-plane"));
    QCOMPARE(cp.cpu, std::string("2"));
    QCOMPARE(cp.memory, std::string("4Gi"));
    QCOMPARE(cp.pods, std::string("110")); // the default
    QCOMPARE(cp.labels.at("node-role.kubernetes.io/control-plane"), std::string());
    QCOMPARE(cp.taints.size(), std::size_t(1));
    QCOMPARE(cp.taints[0]["effect"].get<std::string>(), std::string("NoSchedule"));
    QCOMPARE((*nodes)[1].name, std::string("worker-1"));
    QCOMPARE((*nodes)[2].name, std::string("worker-2"));
    QCOMPARE((*nodes)[2].ephemeralStorage, std::string("200Gi"));
    QCOMPARE((*nodes)[2].images.size(), std::size_t(2));
    QCOMPARE((*nodes)[2].images[1].name, std::string("registry.example.com/shop/api:2.1"));
    QCOMPARE((*nodes)[2].images[1].sizeBytes, 120LL * 1024 * 1024);
    QCOMPARE((*nodes)[3].architecture, std::string("arm64"));
    QCOMPARE((*nodes)[3].cpu, std::string("4")); // the default machine
}

void TestClusterSpec::refusesWhatIsWrong_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("message");
    QTest::newRow("a bad quantity") << "memory: 16Gi" << "memory: lots"
                                    << "cluster.yaml:11: nodes[1].capacity.memory: \"lots\" is not a quantity";
    QTest::newRow("fractional bytes") << "memory: 16Gi" << "memory: 500m"
                                      << "cluster.yaml:11: nodes[1].capacity.memory: must be a whole number";
    QTest::newRow("a misspelt field") << "    count: 2" << "    cuont: 2"
                                      << "cluster.yaml:10: nodes[1].cuont: unknown field (known: name, count, capacity";
    QTest::newRow("an unknown architecture") << "architecture: arm64" << "architecture: riscv64"
                                             << "cluster.yaml:17: nodes[2].architecture: Unsupported value: \"riscv64\": supported values: "
                                                "\"amd64\", \"arm64\"";
    QTest::newRow("an unknown effect") << "effect: NoSchedule" << "effect: NoEntry"
                                       << "cluster.yaml:8: nodes[0].taints[0].effect: Unsupported value: \"NoEntry\"";
    QTest::newRow("an image without a size") << "{name: nginx:1.27, size: 70Mi}" << "{name: nginx:1.27}"
                                             << "cluster.yaml:14: nodes[1].images[0].size: Required value (the image's size, e.g. 70Mi)";
    QTest::newRow("a count of zero") << "count: 2" << "count: 0" << "cluster.yaml:10: nodes[1].count: wants a number from 1 to 5000";
    QTest::newRow("a counted name taken") << "  - name: arm" << "  - name: worker-2"
                                          << "cluster.yaml:16: nodes[2].name: Duplicate value: \"worker-2\"";
    QTest::newRow("a number as a label") << "disktype: ssd" << "disktype: 1"
                                         << "cluster.yaml:12: nodes[1].labels.disktype: wants a string (quote numbers and booleans)";
    QTest::newRow("another kind") << "kind: Cluster" << "kind: Config" << "cluster.yaml:2: kind: wants Cluster";
    QTest::newRow("not YAML") << "nodes:" << "nodes: [" << "cluster.yaml: ";
}

void TestClusterSpec::refusesWhatIsWrong()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, message);
    QString yaml = QString::fromUtf8(kSpec);
    QVERIFY2(yaml.contains(from), qPrintable(from));
    yaml.replace(yaml.indexOf(from), from.size(), to);
    auto nodes = lab::parseClusterSpec(yaml.toStdString(), "cluster.yaml");
    QVERIFY(!nodes.ok());
    QCOMPARE(nodes.status().code(), StatusCode::Invalid);
    QVERIFY2(QString::fromStdString(nodes.status().message()).startsWith(message), nodes.status().message().c_str());
}

void TestClusterSpec::aLabStartsFromIt()
{
    auto nodes = lab::parseClusterSpec(kSpec, "cluster.yaml");
    QVERIFY(nodes.ok());
    test::LabFixture lab(*nodes);
    QVERIFY2(lab.ok(), lab.error().c_str());
    const Json cp = get(*lab.session, "/api/v1/nodes/control-plane");
    QCOMPARE(cp["spec"]["taints"][0]["key"].get<std::string>(), std::string("node-role.kubernetes.io/control-plane"));
    QCOMPARE(cp["status"]["capacity"]["memory"].get<std::string>(), std::string("4Gi"));
    const Json worker = get(*lab.session, "/api/v1/nodes/worker-2");
    QCOMPARE(worker["metadata"]["labels"]["disktype"].get<std::string>(), std::string("ssd"));
    QCOMPARE(worker["status"]["capacity"]["cpu"].get<std::string>(), std::string("8"));
    bool api = false;
    for (const Json &image : worker["status"]["images"])
        for (const Json &name : image["names"])
            if (name == "registry.example.com/shop/api:2.1")
                api = image["sizeBytes"].get<std::int64_t>() == 120LL * 1024 * 1024;
    QVERIFY(api);
    const Json arm = get(*lab.session, "/api/v1/nodes/arm");
    QCOMPARE(arm["metadata"]["labels"]["kubernetes.io/arch"].get<std::string>(), std::string("arm64"));
    // Four pods of the image only the workers have: never on the tainted control plane,
    // never pulled (the registry does not serve it), all running.
    lab.create(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 4
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      nodeSelector: {disktype: ssd}
      containers:
      - {name: api, image: "registry.example.com/shop/api:2.1", command: [sleep, "3600"]}
)");
    lab.run(std::chrono::seconds(30));
    const Json pods = get(*lab.session, "/api/v1/namespaces/default/pods");
    QCOMPARE(pods["items"].size(), std::size_t(4));
    for (const Json &pod : pods["items"]) {
        QVERIFY(pod["spec"]["nodeName"].get<std::string>().starts_with("worker-"));
        QCOMPARE(pod["status"]["phase"].get<std::string>(), std::string("Running"));
    }
    const Json events = get(*lab.session, "/api/v1/namespaces/default/events", "reason=Pulling");
    QCOMPARE(events["kind"].get<std::string>(), std::string("EventList"));
    QVERIFY(events["items"].empty());
}

void TestClusterSpec::aNodeTheApiRefusesIsNamed()
{
    kubelet::NodeSpec bad;
    bad.name = "ok";
    bad.labels["bad key"] = "x";
    test::LabFixture lab(std::vector<kubelet::NodeSpec>{bad});
    QVERIFY(!lab.ok());
    QVERIFY2(QString::fromStdString(lab.error()).contains(QStringLiteral("node ok: Node \"ok\" is invalid: metadata.labels: Invalid "
                                                                          "value: \"bad key\"")),
             lab.error().c_str());
}

QTEST_GUILESS_MAIN(TestClusterSpec)
#include "tst_cluster_spec.moc"
