// The metrics pipeline end to end with the real kubectl against k8slab-server (two
// simulated nodes, virtual clock at 20x): the kubelets' resource metrics, metrics-server
// behind its APIService, `kubectl top`, Kubernetes' HPA walkthrough (php-apache and a
// load generator: scale up, then down after the stabilization window), and a memory
// hog OOMKilled at its limit.
#include "tests/e2e/kubectl_scenario.h"

#include <QTest>

class TestKubectlMetrics : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlMetrics() : KubectlScenario(QStringList{"--nodes", "2", "--speed", "20"}) {}

protected:
    void addRows() override;
};

void TestKubectlMetrics::addRows()
{
    const QString m = QStringLiteral(MANIFESTS) + "/metrics";
    const QString age = "\\S+";
    QTest::newRow("metrics-server's APIService")
        << QStringList{"get", "apiservice", "v1beta1.metrics.k8s.io"} << 0
        << "NAME +SERVICE +AVAILABLE +AGE\\nv1beta1\\.metrics\\.k8s\\.io +kube-system/metrics-server +True +" + age + "\\n";
    QTest::newRow("php-apache") << QStringList{"apply", "-f", m + "/php-apache.yaml"} << 0
                                << "deployment.apps/php-apache created\\nservice/php-apache created\\n";
    QTest::newRow("available") << QStringList{"wait", "--for=condition=Available", "deployment/php-apache", "--timeout=60s"}
                               << 0 << "deployment.apps/php-apache condition met\\n";
    QTest::newRow("kubectl autoscale (a Protobuf autoscaling/v1 body)")
        << QStringList{"autoscale", "deployment", "php-apache", "--cpu-percent=50", "--min=1", "--max=10"} << 0
        << "horizontalpodautoscaler.autoscaling/php-apache autoscaled\\n";
    QTest::newRow("the HPA reads the pod's CPU (two scrapes later)")
        << QStringList{"wait", "--for=condition=ScalingActive", "hpa/php-apache", "--timeout=60s"} << 0
        << "horizontalpodautoscaler.autoscaling/php-apache condition met\\n";
    QTest::newRow("idle: 0% of the request")
        << QStringList{"get", "hpa", "php-apache", "-o", "jsonpath={.status.currentMetrics[0].resource.current.averageUtilization}"}
        << 0 << "0";
    QTest::newRow("top pod: idle")
        << QStringList{"top", "pod"} << 0 << "NAME +CPU\\(cores\\) +MEMORY\\(bytes\\) *\\nphp-apache-\\S+ +1m +10Mi *\\n";
    QTest::newRow("top node: the daemons and the pod")
        << QStringList{"top", "node"} << 0
        << "NAME +CPU\\(cores\\) +CPU\\(%\\) +MEMORY\\(bytes\\) +MEMORY\\(%\\) *\\n"
           "worker-1 +2\\dm +0% +1\\d\\dMi +2% *\\nworker-2 +2\\dm +0% +1\\d\\dMi +2% *\\n";
    QTest::newRow("the kubelet's /metrics/resource through the node proxy")
        << QStringList{"get", "--raw", "/api/v1/nodes/worker-1/proxy/metrics/resource"} << 0
        << "(?s)# HELP container_cpu_usage_seconds_total .*\\nnode_cpu_usage_seconds_total [0-9.e+]+ \\d+\\n.*"
           "\\nresource_scrape_error 0\\n";
    QTest::newRow("a load generator")
        << QStringList{"run", "load-generator", "--image=busybox:1.28", "--restart=Never", "--", "/bin/sh", "-c",
                       "while sleep 0.01; do wget -q -O- http://php-apache; done"}
        << 0 << "pod/load-generator created\\n";
    QTest::newRow("the HPA scales php-apache up to 7")
        << QStringList{"wait", "--for=jsonpath={.status.desiredReplicas}=7", "hpa/php-apache", "--timeout=120s"} << 0
        << "horizontalpodautoscaler.autoscaling/php-apache condition met\\n";
    // 250% of the request (the 500m limit) is 5 × the target; one sync may at most
    // go to max(2 × 1, 4) replicas; then 667m over 4 pods is 83%: ceil(4 × 83 / 50) = 7.
    // (The first sync may see the load only partly — one sample of the new usage — and
    // go to 2 or 3 first: the size depends on timing, the wording does not.)
    QTest::newRow("SuccessfulRescale, as upstream words it")
        << QStringList{"get", "events", "--field-selector", "reason=SuccessfulRescale", "-o", "jsonpath={.items[0].message}"}
        << 0 << "New size: [2-4]; reason: cpu resource utilization \\(percentage of request\\) above target";
    QTest::newRow("7 pods share the load")
        << QStringList{"wait", "--for=jsonpath={.status.availableReplicas}=7", "deployment/php-apache", "--timeout=120s"}
        << 0 << "deployment.apps/php-apache condition met\\n";
    QTest::newRow("the load stops") << QStringList{"delete", "pod", "load-generator"} << 0
                                    << "pod \"load-generator\" deleted\\n";
    QTest::newRow("after the 5-minute stabilization window, back to 1")
        << QStringList{"wait", "--for=jsonpath={.status.desiredReplicas}=1", "hpa/php-apache", "--timeout=120s"} << 0
        << "horizontalpodautoscaler.autoscaling/php-apache condition met\\n";
    QTest::newRow("a memory hog over its limit") << QStringList{"apply", "-f", m + "/memory-hog.yaml"} << 0
                                                 << "pod/memory-demo-2 created\\n";
    QTest::newRow("is OOMKilled")
        << QStringList{"wait", "--for=jsonpath={.status.containerStatuses[0].lastState.terminated.reason}=OOMKilled",
                       "pod/memory-demo-2", "--timeout=60s"}
        << 0 << "pod/memory-demo-2 condition met\\n";
    QTest::newRow("with exit code 137")
        << QStringList{"get", "pod", "memory-demo-2", "-o",
                       "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}"}
        << 0 << "137";
    QTest::newRow("without the APIService the Metrics API is gone")
        << QStringList{"delete", "apiservice", "v1beta1.metrics.k8s.io"} << 0
        << "apiservice.apiregistration.k8s.io \"v1beta1.metrics.k8s.io\" deleted\\n";
    QTest::newRow("and kubectl top says so") << QStringList{"top", "pod"} << 1 << "";
}

QTEST_GUILESS_MAIN(TestKubectlMetrics)
#include "tst_kubectl_metrics.moc"
