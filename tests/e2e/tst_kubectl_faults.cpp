// The lab's faults end to end with the real kubectl against k8slab-server (two
// simulated nodes, virtual clock at 20x), each through the lab-control API as
// `kubectl create --raw` sends it: a container killed from outside (the kubelet
// restarts it; lastState says Error, 137), the image registry broken (ErrImagePull with
// containerd's words, ImagePullBackOff, then Running once repaired), and a node's
// memory filled by a process outside the pods (MemoryPressure, the BestEffort pod
// evicted with the kubelet's message).
#include "tests/e2e/kubectl_scenario.h"

#include <QTest>

class TestKubectlFaults : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlFaults() : KubectlScenario(QStringList{"--nodes", "2", "--speed", "20"}) {}

protected:
    void addRows() override;
};

void TestKubectlFaults::addRows()
{
    const QString empty = QStringLiteral(MANIFESTS) + "/faults/empty.json";
    const auto on = [](const char *node) { return QStringLiteral("--overrides={\"spec\":{\"nodeName\":\"%1\"}}").arg(node); };

    // Kill a container.
    QTest::newRow("a web pod") << QStringList{"run", "web", "--image=nginx:1.27", on("worker-1")} << 0 << "pod/web created\n";
    QTest::newRow("ready") << QStringList{"wait", "--for=condition=Ready", "pod/web", "--timeout=60s"} << 0
                           << "pod/web condition met\n";
    QTest::newRow("kill its container")
        << QStringList{"create", "--raw", "/lab/v1/namespaces/default/pods/web/kill", "-f", empty} << 0
        << "\\{\"apiVersion\":\"lab.k8slab.org/v1\",\"container\":\"web\",\"containerID\":\"k8slab-sim://[0-9a-f]{64}\","
           "\"kind\":\"ContainerKill\",\"namespace\":\"default\",\"node\":\"worker-1\",\"pod\":\"web\",\"signal\":\"SIGKILL\"\\}";
    QTest::newRow("the kubelet restarts it")
        << QStringList{"wait", "--for=jsonpath={.status.containerStatuses[0].restartCount}=1", "pod/web", "--timeout=60s"} << 0
        << "pod/web condition met\n";
    QTest::newRow("its last state: killed, not OOMKilled")
        << QStringList{"get", "pod", "web", "-o",
                       "jsonpath={.status.containerStatuses[0].lastState.terminated.reason} "
                       "{.status.containerStatuses[0].lastState.terminated.exitCode}"}
        << 0 << "Error 137";
    QTest::newRow("ready again") << QStringList{"wait", "--for=condition=Ready", "pod/web", "--timeout=60s"} << 0
                                 << "pod/web condition met\n";
    QTest::newRow("get pod counts the restart") << QStringList{"get", "pod", "web", "--no-headers"} << 0
                                                << "web +1/1 +Running +1 \\(\\S+ ago\\) +\\S+\\n";
    QTest::newRow("no such container") << QStringList{"create", "--raw", "/lab/v1/namespaces/default/pods/web/kill?container=db",
                                                      "-f", empty}
                                       << 1 << "";
    QTest::newRow("no such pod") << QStringList{"create", "--raw", "/lab/v1/namespaces/default/pods/nope/kill", "-f", empty}
                                 << 1 << "";

    // Break the image registry.
    QTest::newRow("break the registry") << QStringList{"create", "--raw", "/lab/v1/registry/break", "-f", empty} << 0
                                        << "\\{\"apiVersion\":\"lab.k8slab.org/v1\",\"kind\":\"Registry\",\"reachable\":false\\}";
    QTest::newRow("a pod whose image is not on the node")
        << QStringList{"run", "cache", "--image=redis:7", on("worker-1")} << 0 << "pod/cache created\n";
    QTest::newRow("backs off pulling")
        << QStringList{"wait", "--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=ImagePullBackOff", "pod/cache",
                       "--timeout=60s"}
        << 0 << "pod/cache condition met\n";
    QTest::newRow("the pull failed with containerd's words")
        << QStringList{"get", "events", "--field-selector=reason=Failed,involvedObject.name=cache", "-o",
                       "jsonpath={.items[0].message}"}
        << 0
        << "Failed to pull image \"redis:7\": rpc error: code = Unknown desc = failed to pull and unpack image "
           "\"docker.io/library/redis:7\": failed to resolve reference \"docker.io/library/redis:7\": failed to do request: "
           "Head \"https://registry-1.docker.io/v2/library/redis/manifests/7\": dial tcp: lookup registry-1.docker.io: "
           "no such host";
    QTest::newRow("images already on a node still run")
        << QStringList{"run", "web2", "--image=nginx:1.27", on("worker-1")} << 0 << "pod/web2 created\n";
    QTest::newRow("it starts") << QStringList{"wait", "--for=condition=Ready", "pod/web2", "--timeout=60s"} << 0
                               << "pod/web2 condition met\n";
    QTest::newRow("repair the registry") << QStringList{"create", "--raw", "/lab/v1/registry/repair", "-f", empty} << 0
                                         << ".*\"reachable\":true.*";
    QTest::newRow("the next try pulls") << QStringList{"wait", "--for=condition=Ready", "pod/cache", "--timeout=120s"} << 0
                                        << "pod/cache condition met\n";

    // Fill a node's memory.
    QTest::newRow("a BestEffort pod holding 500M")
        << QStringList{"run", "hog", "--image=polinux/stress", on("worker-2"), "--", "stress", "--vm", "1", "--vm-bytes", "500M",
                       "--vm-hang", "1"}
        << 0 << "pod/hog created\n";
    QTest::newRow("it runs") << QStringList{"wait", "--for=condition=Ready", "pod/hog", "--timeout=60s"} << 0
                             << "pod/hog condition met\n";
    QTest::newRow("let it allocate") << QStringList{"create", "--raw", "/lab/v1/clock/advance?by=30s", "-f", empty} << 0 << ".*";
    QTest::newRow("fill worker-2's memory until 50Mi are left")
        << QStringList{"create", "--raw", "/lab/v1/nodes/worker-2/memory/fill?available=50Mi", "-f", empty} << 0
        << "\\{\"apiVersion\":\"lab.k8slab.org/v1\",\"availableBytes\":52428800,\"capacityBytes\":8589934592,"
           "\"heldOutsidePodsBytes\":\\d+,\"kind\":\"NodeMemory\",\"node\":\"worker-2\",\"workingSetBytes\":\\d+\\}";
    QTest::newRow("MemoryPressure") << QStringList{"wait", "--for=condition=MemoryPressure", "node/worker-2", "--timeout=60s"}
                                    << 0 << "node/worker-2 condition met\n";
    QTest::newRow("the BestEffort pod is evicted")
        << QStringList{"wait", "--for=jsonpath={.status.reason}=Evicted", "pod/hog", "--timeout=60s"} << 0
        << "pod/hog condition met\n";
    QTest::newRow("with the kubelet's message")
        << QStringList{"get", "pod", "hog", "-o", "jsonpath={.status.message}"} << 0
        << "The node was low on resource: memory\\. Threshold quantity: 100Mi, available: \\d+Ki\\. Container hog was using "
           "\\d+Ki, request is 0, has larger consumption of memory\\. ";
    QTest::newRow("the node's event")
        << QStringList{"get", "events", "--field-selector=reason=EvictionThresholdMet,involvedObject.name=worker-2", "-o",
                       "jsonpath={.items[0].message}"}
        << 0 << "Attempting to reclaim memory";
    QTest::newRow("release the memory")
        << QStringList{"create", "--raw", "/lab/v1/nodes/worker-2/memory/release", "-f", empty} << 0
        << ".*\"heldOutsidePodsBytes\":0,.*";
    QTest::newRow("read it") << QStringList{"get", "--raw", "/lab/v1/nodes/worker-2/memory"} << 0
                             << ".*\"heldOutsidePodsBytes\":0,\"kind\":\"NodeMemory\",\"node\":\"worker-2\".*";
    QTest::newRow("a fill needs a quantity")
        << QStringList{"create", "--raw", "/lab/v1/nodes/worker-2/memory/fill?bytes=lots", "-f", empty} << 1 << "";
    QTest::newRow("the faults are in the trace")
        << QStringList{"get", "--raw", "/lab/v1/trace?kind=Pod&name=web"} << 0 << ".*\"code\":\"fault\\.container\\.killed\".*";
}

QTEST_GUILESS_MAIN(TestKubectlFaults)
#include "tst_kubectl_faults.moc"
