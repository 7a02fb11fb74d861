// kube-proxy end to end with the real kubectl against k8slab-server (three simulated
// nodes, virtual clock at 20x): a Deployment behind a NodePort Service gets its
// iptables rules on every node, scaling it shows up as a partial sync, the same
// services render as nftables and IPVS, a packet to the ClusterIP is DNATed to a pod,
// one to a Service without endpoints is rejected, and bad tracer input gets a Status.
#include "tests/e2e/kubectl_scenario.h"

#include <QTest>

class TestKubectlProxy : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlProxy() : KubectlScenario(QStringList{"--nodes", "3", "--speed", "20"}) {}

protected:
    void addRows() override;
};

void TestKubectlProxy::addRows()
{
    const QString m = QStringLiteral(MANIFESTS) + "/proxy";
    const QString node1 = "/lab/v1/nodes/worker-1/proxy/";
    const QString svc = "KUBE-SVC-CDGGSHYLG3RE2FKL"; // default/web:http + tcp
    QTest::newRow("nodes Ready") << QStringList{"wait", "--for=condition=Ready", "node", "--all", "--timeout=30s"} << 0
                                 << "(node/worker-\\d condition met\\n){3}";
    QTest::newRow("a deployment") << QStringList{"create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"} << 0
                                  << "deployment.apps/web created\\n";
    QTest::newRow("its services") << QStringList{"apply", "-f", m + "/services.yaml"} << 0
                                  << "service/web created\\nservice/empty created\\n";
    QTest::newRow("rolled out") << QStringList{"rollout", "status", "deployment/web", "--timeout=60s"} << 0
                                << "(Waiting[^\\n]+\\n)*deployment \"web\" successfully rolled out\\n";
    QTest::newRow("two endpoints") << QStringList{"wait", "--for=jsonpath={.subsets[0].addresses[1].ip}", "endpoints/web", "--timeout=30s"}
                                   << 0 << "endpoints/web condition met\\n";
    QTest::newRow("the ClusterIP rule") << QStringList{"get", "--raw", node1 + "rules"} << 0
                                        << "(?s).*\\n-A KUBE-SERVICES -d 10\\.96\\.100\\.100/32 -p tcp -m comment --comment "
                                           "\"default/web:http cluster IP\" -m tcp --dport 80 -j " + svc + "\\n.*";
    QTest::newRow("two endpoints, one chance in two")
        << QStringList{"get", "--raw", node1 + "rules"} << 0
        << "(?s).*\\n-A " + svc + " -m comment --comment \"default/web:http -> 10\\.244\\.\\d+\\.\\d+:80\" -m statistic "
               "--mode random --probability 0\\.50000000000 -j KUBE-SEP-\\w{16}\\n-A " + svc + " -m comment --comment "
               "\"default/web:http -> 10\\.244\\.\\d+\\.\\d+:80\" -j KUBE-SEP-\\w{16}\\n.*";
    QTest::newRow("the NodePort") << QStringList{"get", "--raw", node1 + "rules"} << 0
                                  << "(?s).*\\n-A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp "
                                     "--dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL\\n.*";
    QTest::newRow("no endpoints: REJECT")
        << QStringList{"get", "--raw", node1 + "rules"} << 0
        << "(?s).*\\n-A KUBE-SERVICES -d 10\\.96\\.100\\.101/32 -p tcp -m comment --comment \"default/empty:http has no "
           "endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\\n.*";
    QTest::newRow("every node has the rules")
        << QStringList{"get", "--raw", "/lab/v1/nodes/worker-3/proxy/rules"} << 0
        << "(?s).*-j " + svc + "\\n.*";
    QTest::newRow("scale to 3") << QStringList{"scale", "deployment/web", "--replicas=3"} << 0
                                << "deployment.apps/web scaled\\n";
    // (kubectl wait gives up at once on an index past the end, so wait for the pods first.)
    QTest::newRow("three ready pods") << QStringList{"wait", "--for=jsonpath={.status.readyReplicas}=3", "deployment/web",
                                                     "--timeout=30s"}
                                      << 0 << "deployment.apps/web condition met\\n";
    QTest::newRow("three endpoints") << QStringList{"wait", "--for=jsonpath={.subsets[0].addresses[2].ip}", "endpoints/web", "--timeout=30s"}
                                     << 0 << "endpoints/web condition met\\n";
    QTest::newRow("wait a sync period") << QStringList{"wait", "--for=condition=Available", "deployment/web", "--timeout=30s"} << 0
                                        << "deployment.apps/web condition met\\n";
    QTest::newRow("one chance in three, as iptables stores it")
        << QStringList{"get", "--raw", node1 + "rules"} << 0 << "(?s).*--probability 0\\.33333333349 -j KUBE-SEP-.*";
    QTest::newRow("the sync history: a full sync at start, partial syncs for the changes")
        << QStringList{"get", "--raw", node1 + "syncs"} << 0
        << "(?s)\\{\"apiVersion\":\"lab.k8slab.org/v1\",\"items\":\\[\\{[^}]*\"kind\":\"full\".*\"causes\":\\[[^]]*"
           "\"EndpointSlice default/web-\\w+\"[^]]*\\][^}]*\"kind\":\"partial\".*";
    QTest::newRow("a sync's diff")
        << QStringList{"get", "--raw", node1 + "syncs/1"} << 0 << "(?s).*\"addedRules\":\\[.*\"payload\":\"\\*filter\\\\n.*";
    QTest::newRow("the same services in nftables")
        << QStringList{"get", "--raw", node1 + "rules?mode=nftables"} << 0
        << "(?s)table ip kube-proxy \\{.*10\\.96\\.100\\.100 \\. tcp \\. 80 : goto service-\\w{8}-default/web/tcp/http.*";
    QTest::newRow("and in IPVS")
        << QStringList{"get", "--raw", node1 + "rules?mode=ipvs"} << 0
        << "(?s).*\\nTCP  10\\.96\\.100\\.100:80 rr\\n(  -> 10\\.244\\.\\d+\\.\\d+:80 +Masq +1 +0 +0\\n){3}.*";
    QTest::newRow("a packet to the ClusterIP is DNATed to a pod")
        << QStringList{"get", "--raw", node1 + "trace?src=10.244.1.200&dst=10.96.100.100&port=80"} << 0
        << "(?s)\\{.*\"dnatTo\":\"10\\.244\\.\\d+\\.\\d+:80\".*\"verdict\":\"ACCEPT\"\\}";
    QTest::newRow("from outside to the NodePort: masqueraded")
        << QStringList{"get", "--raw", node1 + "trace?src=203.0.113.7&dst=172.18.0.3&port=30080"} << 0
        << "(?s)\\{.*\"finalSource\":\"172\\.18\\.0\\.3\".*\"masqueraded\":true.*";
    QTest::newRow("a Service without endpoints rejects")
        << QStringList{"get", "--raw", node1 + "trace?src=10.244.1.200&dst=10.96.100.101&port=80"} << 0
        << "(?s)\\{.*\"verdict\":\"REJECT\"\\}";
    QTest::newRow("bad tracer input gets a Status")
        << QStringList{"get", "--raw", node1 + "trace?src=10.244.1.200&dst=10.96.100.100&port=eighty"} << 1 << "";
    QTest::newRow("the proxy's metrics")
        << QStringList{"get", "--raw", node1 + "metrics"} << 0
        << "(?s).*kubeproxy_sync_proxy_rules_duration_seconds_bucket\\{le=\"0.001\"\\} \\d+\\n.*"
           "kubeproxy_sync_proxy_rules_iptables_total\\{table=\"nat\"\\} \\d+\\n.*";
    QTest::newRow("deleting the service removes its chains")
        << QStringList{"delete", "service", "web"} << 0 << "service \"web\" deleted\\n";
    QTest::newRow("the scale-down settles") << QStringList{"scale", "deployment/web", "--replicas=1"} << 0
                                            << "deployment.apps/web scaled\\n";
    QTest::newRow("and a sync later") << QStringList{"rollout", "status", "deployment/web", "--timeout=60s"} << 0
                                      << "(Waiting[^\\n]+\\n)*deployment \"web\" successfully rolled out\\n";
    QTest::newRow("no KUBE-SVC for web any more")
        << QStringList{"get", "--raw", node1 + "rules"} << 0 << "(?s)(?!.*" + svc + ").*";
}

QTEST_GUILESS_MAIN(TestKubectlProxy)
#include "tst_kubectl_proxy.moc"
