// The scheduler end to end, driven by the real kubectl: nodes applied with capacity,
// labels and taints; pods with requests, nodeSelector, node affinity, tolerations and
// topology spread land where upstream would put them; an unschedulable pod gets
// upstream's FailedScheduling message in `kubectl describe`; a pod of a higher
// PriorityClass preempts a lower one and binds; the decision record is served.
#include "tests/e2e/kubectl_scenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using k8slab::test::KubectlRun;

class TestKubectlScheduling : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlScheduling() : KubectlScenario() {}

protected:
    void addRows() override;

private Q_SLOTS:
    void decisionRecordExplainsPlacement();
    void schedulerConfigFile();
};

void TestKubectlScheduling::addRows()
{
    const QString m = QStringLiteral(MANIFESTS) + "/scheduling";
    auto wait = [](const QString &pod, const QString &node) {
        return QStringList{"wait", "--for=jsonpath={.spec.nodeName}=" + node, "pod/" + pod, "--timeout=30s"};
    };
    QTest::newRow("nodes with capacity, labels and taints")
        << QStringList{"apply", "-f", m + "/nodes.yaml"} << 0
        << "node/worker-1 created\\nnode/worker-2 created\\nnode/worker-3 created\\nnode/small created\\n";
    QTest::newRow("pods with constraints") << QStringList{"apply", "-f", m + "/placed.yaml"} << 0
                                           << "pod/ssd created\\npod/trainer created\\npod/zone-b-big created\\n";
    QTest::newRow("nodeSelector disk=ssd: worker-1") << wait("ssd", "worker-1") << 0 << "pod/ssd condition met\\n";
    QTest::newRow("toleration and required gpu affinity: worker-3") << wait("trainer", "worker-3") << 0
                                                                    << "pod/trainer condition met\\n";
    QTest::newRow("zone-b affinity, the tainted node excluded: worker-2") << wait("zone-b-big", "worker-2") << 0
                                                                          << "pod/zone-b-big condition met\\n";
    QTest::newRow("the Scheduled event")
        << QStringList{"get", "events", "--field-selector", "involvedObject.name=ssd,reason=Scheduled", "-o",
                       "jsonpath={.items[*].message}"}
        << 0 << "Successfully assigned default/ssd to worker-1";
    QTest::newRow("spread four replicas over two zones") << QStringList{"apply", "-f", m + "/spread.yaml"} << 0
                                                         << "replicaset.apps/spread created\\n";
    QTest::newRow("all four placed")
        << QStringList{"wait", "--for=condition=PodScheduled", "pod", "-l", "app=spread", "--timeout=30s"} << 0
        << "(pod/spread-\\S+ condition met\\n){4}";
    QTest::newRow("two of them in zone-a (worker-1 is its only node)")
        << QStringList{"get", "pods", "-l", "app=spread", "--field-selector", "spec.nodeName=worker-1", "--no-headers",
                       "-o", "custom-columns=NAME:.metadata.name"}
        << 0 << "(spread-\\S+\\n){2}";
    QTest::newRow("an unschedulable pod") << QStringList{"apply", "-f", m + "/huge.yaml"} << 0 << "pod/huge created\\n";
    QTest::newRow("stays Pending")
        << QStringList{"wait", "--for=jsonpath={.status.conditions[0].reason}=Unschedulable", "pod/huge", "--timeout=30s"}
        << 0 << "pod/huge condition met\\n";
    QTest::newRow("describe shows upstream's FailedScheduling message")
        << QStringList{"describe", "pod", "huge"} << 0
        << "(?s).*Events:\\n  Type +Reason +Age +From +Message\\n"
           "  ---- +------ +---- +---- +-------\\n"
           "  Warning  FailedScheduling  \\S+( \\(x\\d+ over \\S+\\))? +default-scheduler  0/4 nodes are available: 1 node\\(s\\) had untolerated "
           "taint \\{dedicated: gpu\\}, 1 node\\(s\\) had untolerated taint \\{demo: preemption\\}, 2 Insufficient cpu\\. "
           "preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not "
           "helpful for scheduling\\.\\n";
    QTest::newRow("a low-priority pod fills the small node")
        << QStringList{"apply", "-f", m + "/preemption.yaml"} << 0
        << "priorityclass.scheduling.k8s.io/urgent created\\npod/low created\\n";
    QTest::newRow("low is on small") << wait("low", "small") << 0 << "pod/low condition met\\n";
    QTest::newRow("an urgent pod needs the same room") << QStringList{"apply", "-f", m + "/urgent.yaml"} << 0
                                                       << "pod/urgent created\\n";
    QTest::newRow("it preempts low and binds") << wait("urgent", "small") << 0 << "pod/urgent condition met\\n";
    QTest::newRow("low is gone") << QStringList{"get", "pod", "low"} << 1 << "";
    QTest::newRow("the victim's Preempted event")
        << QStringList{"get", "events", "--field-selector", "reason=Preempted", "-o", "jsonpath={.items[*].message}"} << 0
        << "Preempted by pod [0-9a-f-]+ on node small";
    QTest::newRow("the urgent pod's first attempt nominated the node, without a preemption suffix")
        << QStringList{"get", "events", "--field-selector", "involvedObject.name=urgent,reason=FailedScheduling", "-o",
                       "jsonpath={.items[*].message}"}
        << 0
        << "0/4 nodes are available: 1 Insufficient cpu, 1 node\\(s\\) had untolerated taint \\{dedicated: gpu\\}, 2 "
           "node\\(s\\) didn't match Pod's node affinity/selector\\.";
}

// kubectl get --raw of the lab API: the record names every node and every plugin.
void TestKubectlScheduling::decisionRecordExplainsPlacement()
{
    const KubectlRun run = m_lab.kubectl({"get", "--raw", "/lab/v1/namespaces/default/pods/ssd/scheduling"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject body = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QJsonObject latest = body["latest"].toObject();
    QCOMPARE(latest["result"].toString(), QString("Bound"));
    QCOMPARE(latest["selectedNode"].toString(), QString("worker-1"));
    QCOMPARE(latest["numAllNodes"].toInt(), 4);
    QStringList rejected;
    for (const auto &n : latest["nodes"].toArray()) {
        const QJsonObject node = n.toObject();
        if (node["feasible"].toBool())
            continue;
        rejected << node["node"].toString() + ":" + node["rejectedBy"].toString() + ":" +
                        node["reasons"].toArray().first().toString();
    }
    rejected.sort();
    QCOMPARE(rejected, (QStringList{"small:TaintToleration:node(s) had untolerated taint {demo: preemption}",
                                    "worker-2:NodeAffinity:node(s) didn't match Pod's node affinity/selector",
                                    "worker-3:TaintToleration:node(s) had untolerated taint {dedicated: gpu}"}));
}

// k8slab-server --scheduler-config: MostAllocated packs pods onto one node; a profile
// naming an unknown plugin is refused at start.
void TestKubectlScheduling::schedulerConfigFile()
{
    const QString m = QStringLiteral(MANIFESTS) + "/scheduling";
    k8slab::test::LabServer packed;
    QVERIFY2(packed.start({"--scheduler-config", m + "/most-allocated.yaml"}), qPrintable(packed.why()));
    QCOMPARE(packed.kubectl({"apply", "-f", m + "/nodes.yaml"}).exitCode, 0);
    for (const char *name : {"one", "two", "three"})
        QCOMPARE(packed.kubectl({"run", name, "--image=nginx:1.25", "--overrides",
                                 R"({"spec":{"containers":[{"name":"c","image":"nginx:1.25","resources":{"requests":{"cpu":"500m"}}}]}})"})
                     .exitCode,
                 0);
    QCOMPARE(packed.kubectl({"wait", "--for=condition=PodScheduled", "pod/one", "pod/two", "pod/three", "--timeout=30s"}).exitCode, 0);
    const KubectlRun nodes = packed.kubectl({"get", "pods", "-o", "jsonpath={.items[*].spec.nodeName}"});
    const QStringList placed = nodes.out.split(' ');
    QCOMPARE(placed.size(), 3);
    QCOMPARE(QSet<QString>(placed.begin(), placed.end()).size(), 1); // all three where the first went
    const KubectlRun config = packed.kubectl({"get", "--raw", "/lab/v1/scheduler/config"});
    QVERIFY(config.out.contains("MostAllocated"));
    QVERIFY(packed.stop());

    QFile bad(packed.path("bad.yaml"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n"
              "- plugins:\n    score:\n      enabled: [{name: Bogus}]\n");
    bad.close();
    k8slab::test::LabServer refused;
    QVERIFY(!refused.start({"--scheduler-config", bad.fileName()}));
    QVERIFY2(refused.why().contains("plugin \"Bogus\" does not exist"), qPrintable(refused.why()));
}

QTEST_GUILESS_MAIN(TestKubectlScheduling)
#include "tst_kubectl_scheduling.moc"
