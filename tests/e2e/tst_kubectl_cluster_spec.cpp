// A lab started from a cluster spec file (docs/examples/cluster.yaml, the one the docs
// show), seen through the real kubectl: the nodes with their roles, architectures,
// labels, capacity and taints; pods kept off the tainted control plane unless they
// tolerate it; an image only the workers have, run without a pull.
#include "tests/e2e/kubectl_scenario.h"

#include <QTest>

class TestKubectlClusterSpec : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlClusterSpec()
        : KubectlScenario(QStringList{"--cluster", QStringLiteral(EXAMPLES) + "/cluster.yaml", "--speed", "20"})
    {
    }

protected:
    void addRows() override;
};

void TestKubectlClusterSpec::addRows()
{
    const QString m = QStringLiteral(MANIFESTS) + "/cluster";
    QTest::newRow("the nodes") << QStringList{"get", "nodes", "-L", "kubernetes.io/arch,disktype", "--no-headers"} << 0
                               << "control-plane +Ready +control-plane +\\S+ +v1\\.32\\.0 +amd64 +\\n"
                                  "edge +Ready +<none> +\\S+ +v1\\.32\\.0 +arm64 +\\n"
                                  "worker-1 +Ready +<none> +\\S+ +v1\\.32\\.0 +amd64 +ssd\\n"
                                  "worker-2 +Ready +<none> +\\S+ +v1\\.32\\.0 +amd64 +ssd\\n"
                                  "worker-3 +Ready +<none> +\\S+ +v1\\.32\\.0 +amd64 +ssd\\n";
    QTest::newRow("capacity") << QStringList{"get", "node", "worker-2", "-o",
                                             "jsonpath={.status.capacity.cpu} {.status.capacity.memory} "
                                             "{.status.allocatable.ephemeral-storage}"}
                              << 0 << "8 16Gi 180Gi";
    QTest::newRow("the control plane's taint") << QStringList{"describe", "node", "control-plane"} << 0
                                               << "(.|\\n)*Taints: +node-role\\.kubernetes\\.io/control-plane:NoSchedule\\n(.|\\n)*";
    QTest::newRow("the preloaded images")
        << QStringList{"get", "node", "worker-1", "-o", "jsonpath={range .status.images[*]}{.names[1]} {.sizeBytes}{\"\\n\"}{end}"}
        << 0 << "docker.io/library/nginx:1\\.27 73400320\\nregistry\\.example\\.com/shop/api:2\\.1 125829120\\n"
                "registry\\.k8s\\.io/pause:3\\.10 1048576\\n";
    QTest::newRow("a daemonset without a toleration") << QStringList{"apply", "-f", m + "/agents.yaml"} << 0
                                                      << "daemonset.apps/agent created\\ndaemonset.apps/cp-agent created\\n";
    QTest::newRow("rolled out") << QStringList{"rollout", "status", "ds/agent", "--timeout=60s"} << 0
                                << "(Waiting[^\\n]+\\n)*daemon set \"agent\" successfully rolled out\\n";
    QTest::newRow("not on the control plane")
        << QStringList{"get", "pods", "-l", "app=agent", "--sort-by=.spec.nodeName", "-o", "jsonpath={.items[*].spec.nodeName}"}
        << 0 << "edge worker-1 worker-2 worker-3";
    QTest::newRow("the tolerating one is")
        << QStringList{"wait", "--for=jsonpath={.status.numberAvailable}=5", "ds/cp-agent", "--timeout=60s"} << 0
        << "daemonset.apps/cp-agent condition met\\n";
    QTest::newRow("the image only the workers have")
        << QStringList{"create", "deployment", "api", "--image=registry.example.com/shop/api:2.1", "--replicas=3", "--", "sleep",
                       "3600"}
        << 0 << "deployment.apps/api created\\n";
    QTest::newRow("runs") << QStringList{"rollout", "status", "deploy/api", "--timeout=60s"} << 0
                          << "(Waiting[^\\n]+\\n)*deployment \"api\" successfully rolled out\\n";
    QTest::newRow("already present on the machine")
        << QStringList{"get", "events", "--field-selector=reason=Pulled", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}"}
        << 0 << "([^\\n]*\\n)*Container image \"registry\\.example\\.com/shop/api:2\\.1\" already present on machine\\n(.|\\n)*";
    QTest::newRow("never pulled")
        << QStringList{"get", "events", "--field-selector=reason=Pulling", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}"}
        << 0 << "(Pulling image \"busybox:1\\.36\"\\n)*";
}

QTEST_GUILESS_MAIN(TestKubectlClusterSpec)
#include "tst_kubectl_cluster_spec.moc"
