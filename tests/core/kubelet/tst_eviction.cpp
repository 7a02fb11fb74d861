// The kubelet's eviction manager on a small node (1 GiB, adopted from a Node made
// through the API): memory.available below 100Mi → MemoryPressure, the taint, one pod
// evicted per round in upstream's order with upstream's words, BestEffort pods refused
// while the pressure lasts, and the condition cleared after the transition period.
#include "core/client/client.h"
#include "tests/support/lab_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {

const char *const kSmallNode = R"(apiVersion: v1
kind: Node
metadata:
  name: small
  labels: {kubernetes.io/hostname: small, kubernetes.io/arch: amd64, kubernetes.io/os: linux}
status:
  capacity: {cpu: "4", memory: 1Gi, pods: "110"}
  allocatable: {cpu: "4", memory: 1Gi, pods: "110"}
)";

// 300 MiB without a request, 450 MiB over a 400Mi request, 150 MiB within 200Mi.
const char *const kHogs = R"(apiVersion: v1
kind: Pod
metadata: {name: best-effort}
spec:
  nodeName: small
  containers:
  - {name: c, image: polinux/stress, command: [stress], args: [--vm, "1", --vm-bytes, 300M, --vm-hang, "1"]}
---
apiVersion: v1
kind: Pod
metadata: {name: burstable}
spec:
  nodeName: small
  containers:
  - name: c
    image: polinux/stress
    command: [stress]
    args: [--vm, "1", --vm-bytes, 450M, --vm-hang, "1"]
    resources: {requests: {memory: 400Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: guaranteed}
spec:
  nodeName: small
  containers:
  - name: c
    image: polinux/stress
    command: [stress]
    args: [--vm, "1", --vm-bytes, 150M, --vm-hang, "1"]
    resources: {requests: {memory: 200Mi, cpu: 100m}, limits: {memory: 200Mi, cpu: 100m}}
)";

} // namespace

class TestEviction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theNodeReportsMemoryPressure();
    void theBestEffortPodIsEvictedWithUpstreamsWords();
    void theOthersRunOn();
    void bestEffortPodsAreRefusedWhileItLasts();
    void thePressureClearsAfterTheTransitionPeriod();

private:
    Json get(const char *resource, const std::string &name)
    {
        auto got = m_lab->session->api().get(client::resource("", "v1", resource), resource == std::string("nodes") ? "" : "default", name);
        return got.ok() ? *got : Json();
    }
    static Json condition(const Json &object, const std::string &type)
    {
        for (const Json &c : object["status"].value("conditions", Json::array()))
            if (c.value("type", "") == type)
                return c;
        return Json();
    }
    std::unique_ptr<test::LabFixture> m_lab;
};

void TestEviction::initTestCase()
{
    m_lab = std::make_unique<test::LabFixture>(0);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
    m_lab->create(kSmallNode);
    m_lab->run(15s);
    m_lab->create(kHogs);
    m_lab->run(40s);
}

void TestEviction::theNodeReportsMemoryPressure()
{
    const Json node = get("nodes", "small");
    const Json pressure = condition(node, "MemoryPressure");
    QCOMPARE(QString::fromStdString(pressure.value("status", "")), QStringLiteral("True"));
    QCOMPARE(QString::fromStdString(pressure.value("reason", "")), QStringLiteral("KubeletHasInsufficientMemory"));
    bool tainted = false;
    for (const Json &t : node["spec"].value("taints", Json::array()))
        tainted = tainted || (t.value("key", "") == "node.kubernetes.io/memory-pressure" && t.value("effect", "") == "NoSchedule");
    QVERIFY(tainted);
}

void TestEviction::theBestEffortPodIsEvictedWithUpstreamsWords()
{
    const Json pod = get("pods", "best-effort");
    QCOMPARE(QString::fromStdString(pod["status"].value("phase", "")), QStringLiteral("Failed"));
    QCOMPARE(QString::fromStdString(pod["status"].value("reason", "")), QStringLiteral("Evicted"));
    const QString message = QString::fromStdString(pod["status"].value("message", ""));
    QVERIFY2(message.startsWith(QStringLiteral("The node was low on resource: memory. Threshold quantity: 100Mi, available: ")),
             qPrintable(message));
    QVERIFY2(message.endsWith(QStringLiteral("Container c was using 307712Ki, request is 0, has larger consumption of memory. ")),
             qPrintable(message));
    const Json disruption = condition(pod, "DisruptionTarget");
    QCOMPARE(QString::fromStdString(disruption.value("reason", "")), QStringLiteral("TerminationByKubelet"));
    bool event = false;
    for (const Json &e : m_lab->session->api().objects(client::resource("", "v1", "events"), "default"))
        event = event || (e.value("reason", "") == "Evicted" && e["involvedObject"].value("name", "") == "best-effort");
    QVERIFY(event);
}

void TestEviction::theOthersRunOn()
{
    // One pod per round, and the first freed enough: the burstable pod (over its request,
    // but by less) and the guaranteed one stay.
    QCOMPARE(QString::fromStdString(get("pods", "burstable")["status"].value("phase", "")), QStringLiteral("Running"));
    QCOMPARE(QString::fromStdString(get("pods", "guaranteed")["status"].value("phase", "")), QStringLiteral("Running"));
}

void TestEviction::bestEffortPodsAreRefusedWhileItLasts()
{
    m_lab->create("apiVersion: v1\nkind: Pod\nmetadata: {name: late}\nspec:\n  nodeName: small\n"
                  "  containers: [{name: c, image: busybox, command: [sleep, infinity]}]\n");
    m_lab->run(5s);
    const Json pod = get("pods", "late");
    QCOMPARE(QString::fromStdString(pod["status"].value("phase", "")), QStringLiteral("Failed"));
    QCOMPARE(QString::fromStdString(pod["status"].value("reason", "")), QStringLiteral("Evicted"));
    QCOMPARE(QString::fromStdString(pod["status"].value("message", "")),
             QStringLiteral("Pod was rejected: The node had condition: [MemoryPressure]. "));
}

void TestEviction::thePressureClearsAfterTheTransitionPeriod()
{
    m_lab->run(2min);
    QCOMPARE(QString::fromStdString(condition(get("nodes", "small"), "MemoryPressure").value("status", "")), QStringLiteral("True"));
    m_lab->run(4min);
    const Json pressure = condition(get("nodes", "small"), "MemoryPressure");
    QCOMPARE(QString::fromStdString(pressure.value("status", "")), QStringLiteral("False"));
    QCOMPARE(QString::fromStdString(pressure.value("reason", "")), QStringLiteral("KubeletHasSufficientMemory"));
}

QTEST_GUILESS_MAIN(TestEviction)
#include "tst_eviction.moc"
