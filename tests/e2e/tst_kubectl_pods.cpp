// Pods that run, end to end with the real kubectl against k8slab-server (one simulated
// node, virtual clock at 20x): Running with logs (followed with -f), CrashLoopBackOff
// with --previous logs, init containers, a platform mismatch on pull, QoS classes, graceful delete,
// pods evicted for writing past their ephemeral-storage limits (the pod's and a container's); and
// a static pod from the node's manifest folder, whose mirror comes back after kubectl delete.
#include "tests/e2e/kubectl_scenario.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using k8slab::test::KubectlRun;

class TestKubectlPods : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlPods() : KubectlScenario(QStringList{"--nodes", "1", "--speed", "20"}) {}

protected:
    void addRows() override;

private Q_SLOTS:
    void staticPodsHaveMirrorsThatComeBack();

private:
    // Runs kubectl until its stdout matches (at most `tries` times, 200 ms apart).
    bool eventually(const QStringList &args, const QString &pattern, int tries = 100);
};

bool TestKubectlPods::eventually(const QStringList &args, const QString &pattern, int tries)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    for (int i = 0; i < tries; ++i) {
        if (re.match(m_lab.kubectl(args).out).hasMatch())
            return true;
        QTest::qWait(200);
    }
    return false;
}

void TestKubectlPods::staticPodsHaveMirrorsThatComeBack()
{
    // The node's static pod folder, as kubeadm's /etc/kubernetes/manifests.
    const QString folder = m_lab.path(QStringLiteral("lab.k8slab.nodes/worker-1/manifests"));
    QVERIFY2(QDir(folder).exists(), qPrintable(folder));
    QFile manifest(folder + "/static-web.yaml");
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write("apiVersion: v1\nkind: Pod\nmetadata: {name: static-web, labels: {role: myrole}}\n"
                   "spec:\n  containers: [{name: web, image: nginx:1.27}]\n");
    manifest.close();
    const QStringList getMirror{"get", "pod", "static-web-worker-1", "-o",
                                "jsonpath={.metadata.uid} {.status.containerStatuses[0].containerID} "
                                "{.metadata.annotations.kubernetes\\.io/config\\.mirror} {.metadata.ownerReferences[0].kind}"};
    QVERIFY(eventually(getMirror, "\\S+ \\S+://\\w+ [0-9a-f]{32} Node"));
    const QStringList first = m_lab.kubectl(getMirror).out.split(' ');
    // kubectl delete removes the mirror; the kubelet makes a new one; the pod runs on.
    QCOMPARE(m_lab.kubectl({"delete", "pod", "static-web-worker-1"}).exitCode, 0);
    QVERIFY(eventually(getMirror, "\\S+ \\S+://\\w+ [0-9a-f]{32} Node"));
    const QStringList again = m_lab.kubectl(getMirror).out.split(' ');
    QVERIFY(again[0] != first[0]);  // a new API object
    QCOMPARE(again[1], first[1]);   // the same container
    // The manifest leaves the folder: the pod stops and its mirror goes.
    QVERIFY(QFile::remove(folder + "/static-web.yaml"));
    QVERIFY(eventually({"get", "pods", "-o", "name"}, "(?s)(?!.*static-web).*"));
}

void TestKubectlPods::addRows()
{
    const QString m = QStringLiteral(MANIFESTS) + "/pods";
    QTest::newRow("the node is Ready") << QStringList{"wait", "--for=condition=Ready", "node/worker-1", "--timeout=30s"} << 0
                                       << "node/worker-1 condition met\\n";
    QTest::newRow("run nginx") << QStringList{"run", "web", "--image=nginx:1.27"} << 0 << "pod/web created\\n";
    QTest::newRow("it becomes Ready") << QStringList{"wait", "--for=condition=Ready", "pod/web", "--timeout=30s"} << 0
                                      << "pod/web condition met\\n";
    QTest::newRow("get shows it Running")
        << QStringList{"get", "pod", "web", "--no-headers"} << 0 << "web +1/1 +Running +0 +\\S+\\n";
    QTest::newRow("its logs") << QStringList{"logs", "web", "--tail=1"} << 0 << "nginx: \\[notice\\] start worker processes\\n";
    QTest::newRow("a pod that talks for a while")
        << QStringList{"run", "steps", "--image=busybox:1.36", "--restart=Never", "--", "sh", "-c",
                       "echo one; sleep 20; echo two; sleep 20; echo three"}
        << 0 << "pod/steps created\n";
    QTest::newRow("it starts") << QStringList{"wait", "--for=condition=Ready", "pod/steps", "--timeout=30s"} << 0
                               << "pod/steps condition met\n";
    QTest::newRow("logs -f follows it to its end")
        << QStringList{"logs", "-f", "steps"} << 0 << "one\ntwo\nthree\n";
    QTest::newRow("which came after 40 s") << QStringList{"get", "pod", "steps", "--no-headers"} << 0
                                           << "steps +0/1 +Completed +0 +\\S+\\n";
    QTest::newRow("a crashing container")
        << QStringList{"run", "crash", "--image=busybox:1.36", "--", "sh", "-c", "echo oops; exit 1"} << 0 << "pod/crash created\\n";
    QTest::newRow("restarted twice (at once, then after 10 s)")
        << QStringList{"wait", "--for=jsonpath={.status.containerStatuses[0].restartCount}=2", "pod/crash", "--timeout=30s"}
        << 0 << "pod/crash condition met\\n";
    QTest::newRow("CrashLoopBackOff")
        << QStringList{"get", "pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}"} << 0
        << "CrashLoopBackOff";
    QTest::newRow("the previous instance's output") << QStringList{"logs", "crash", "--previous"} << 0 << "oops\\n";
    QTest::newRow("describe shows the back-off")
        << QStringList{"describe", "pod", "crash"} << 0
        << "(?s).*Last State:     Terminated\\n      Reason:       Error\\n      Exit Code:    1\\n.*"
           "Warning  BackOff .*Back-off restarting failed container crash in pod crash_default\\(.*";
    QTest::newRow("two init containers, then nginx") << QStringList{"apply", "-f", m + "/init-demo.yaml"} << 0
                                                     << "pod/init-demo created\\n";
    QTest::newRow("initialized and ready")
        << QStringList{"wait", "--for=condition=Ready", "pod/init-demo", "--timeout=30s"} << 0 << "pod/init-demo condition met\\n";
    QTest::newRow("the init containers ran in order")
        << QStringList{"get", "pod", "init-demo", "-o",
                       "jsonpath={range .status.initContainerStatuses[*]}{.name}={.state.terminated.reason} {end}"}
        << 0 << "fetch=Completed migrate=Completed ";
    QTest::newRow("an image without this node's platform")
        << QStringList{"run", "arm", "--image=k8slab/arm64-only:1.0"} << 0 << "pod/arm created\\n";
    QTest::newRow("fails to pull")
        << QStringList{"wait", "--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=ImagePullBackOff", "pod/arm",
                       "--timeout=30s"}
        << 0 << "pod/arm condition met\\n";
    QTest::newRow("with containerd's message")
        << QStringList{"get", "events", "--field-selector", "involvedObject.name=arm,reason=Failed", "-o",
                       "jsonpath={.items[0].message}"}
        << 0
        << "Failed to pull image \"k8slab/arm64-only:1.0\": rpc error: code = NotFound desc = failed to pull and unpack "
           "image \"docker.io/k8slab/arm64-only:1.0\": no match for platform in manifest: not found";
    QTest::newRow("pods that write past their ephemeral-storage limits") << QStringList{"apply", "-f", m + "/disk-hog.yaml"}
                                                                        << 0 << "pod/disk-hog created\npod/disk-two created\n";
    QTest::newRow("the kubelet evicts the first") << QStringList{"wait", "--for=jsonpath={.status.reason}=Evicted", "pod/disk-hog",
                                                                 "--timeout=60s"}
                                                  << 0 << "pod/disk-hog condition met\n";
    QTest::newRow("over the pod's total") << QStringList{"get", "pod", "disk-hog", "-o", "jsonpath={.status.phase}: {.status.message}"}
                                          << 0 << "Failed: Pod ephemeral local storage usage exceeds the total limit of containers 50Mi\\. ";
    QTest::newRow("and the second") << QStringList{"wait", "--for=jsonpath={.status.reason}=Evicted", "pod/disk-two", "--timeout=60s"}
                                    << 0 << "pod/disk-two condition met\n";
    QTest::newRow("over its container's own limit")
        << QStringList{"get", "pod", "disk-two", "-o", "jsonpath={.status.message}"} << 0
        << "Container writer exceeded its local ephemeral storage limit \"50Mi\"\\. ";
    QTest::newRow("the Evicted events")
        << QStringList{"get", "events", "--field-selector=reason=Evicted", "--sort-by=.involvedObject.name", "-o",
                       "jsonpath={range .items[*]}{.involvedObject.name} {end}"}
        << 0 << "disk-hog disk-two ";
    QTest::newRow("requests equal to limits") << QStringList{"apply", "-f", m + "/guaranteed.yaml"} << 0
                                              << "pod/guaranteed created\\n";
    QTest::newRow("QoS Guaranteed")
        << QStringList{"wait", "--for=jsonpath={.status.qosClass}=Guaranteed", "pod/guaranteed", "--timeout=30s"} << 0
        << "pod/guaranteed condition met\\n";
    QTest::newRow("QoS BestEffort") << QStringList{"get", "pod", "web", "-o", "jsonpath={.status.qosClass}"} << 0 << "BestEffort";
    QTest::newRow("delete: nginx stops on SIGTERM and the kubelet removes the pod")
        << QStringList{"delete", "pod", "web", "--timeout=30s"} << 0 << "pod \"web\" deleted\\n";
    QTest::newRow("it is gone") << QStringList{"get", "pod", "web"} << 1 << "";
}

QTEST_GUILESS_MAIN(TestKubectlPods)
#include "tst_kubectl_pods.moc"
