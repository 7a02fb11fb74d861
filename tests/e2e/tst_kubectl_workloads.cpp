// Workloads end to end with the real kubectl against k8slab-server (three simulated
// nodes, virtual clock at 20x): a Deployment rolls out, rolls to a new image and back,
// scales, pauses and resumes, restarts; a Service gets Endpoints and EndpointSlices;
// deleting a Deployment takes its ReplicaSets and pods, deleting a namespace takes
// everything in it; a Job that keeps failing stops at its backoffLimit; a DaemonSet
// covers every node, one added later too, and rolls a new image out with maxSurge; a
// CronJob keeps its time zone, an unknown one is refused; a node whose kubelet stops
// goes NotReady and its pods are evicted after the 300 s toleration.
#include "tests/e2e/kubectl_scenario.h"

#include <QTest>

class TestKubectlWorkloads : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlWorkloads() : KubectlScenario(QStringList{"--nodes", "3", "--speed", "20"}) {}

protected:
    void addRows() override;
    [[nodiscard]] QString stderrPattern(const QString &row) const override;
};

QString TestKubectlWorkloads::stderrPattern(const QString &row) const
{
    if (row == "surge and unavailable together are refused")
        return "The DaemonSet \"agent\" is invalid: spec\\.updateStrategy\\.rollingUpdate\\.maxSurge: Invalid value: 1: may not "
               "be set when maxUnavailable is non-zero\n";
    if (row == "an unknown time zone is refused")
        return "The CronJob \"mars\" is invalid: spec\\.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone "
               "Mars/Olympus\n";
    return {};
}

void TestKubectlWorkloads::addRows()
{
    const QString m = QStringLiteral(MANIFESTS) + "/workloads";
    const QString waiting = "(Waiting for deployment \"web\" rollout to finish: [^\\n]+\\n)*";
    const auto rolledOut = waiting + "deployment \"web\" successfully rolled out\\n";
    QTest::newRow("nodes Ready") << QStringList{"wait", "--for=condition=Ready", "node", "--all", "--timeout=30s"} << 0
                                 << "(node/worker-\\d condition met\\n){3}";
    QTest::newRow("create a deployment")
        << QStringList{"create", "deployment", "web", "--image=nginx:1.27", "--replicas=4"} << 0
        << "deployment.apps/web created\\n";
    QTest::newRow("rollout status") << QStringList{"rollout", "status", "deployment/web", "--timeout=60s"} << 0 << rolledOut;
    QTest::newRow("one ReplicaSet, named by its template's hash")
        << QStringList{"get", "rs", "--no-headers"} << 0 << "web-[bcdfghjklmnpqrstvwxz2456789]+ +4 +4 +4 +\\S+\\n";
    QTest::newRow("its pods carry the hash")
        << QStringList{"get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.labels.pod-template-hash}"} << 0
        << "(\\w+)( \\1){3}";
    QTest::newRow("set image") << QStringList{"set", "image", "deployment/web", "nginx=nginx:1.26"} << 0
                               << "deployment.apps/web image updated\\n";
    QTest::newRow("the new image rolls out") << QStringList{"rollout", "status", "deployment/web", "--timeout=60s"} << 0
                                             << rolledOut;
    QTest::newRow("the old ReplicaSet is scaled to 0")
        << QStringList{"get", "rs", "--no-headers", "--sort-by=.metadata.annotations.deployment\\.kubernetes\\.io/revision"} << 0
        << "web-\\w+ +0 +0 +0 +\\S+\\nweb-\\w+ +4 +4 +4 +\\S+\\n";
    QTest::newRow("describe shows the steps")
        << QStringList{"describe", "deployment", "web"} << 0
        << "(?s).*Scaled up replica set web-\\w+ from 0 to 1\\n.*Scaled down replica set web-\\w+ to 3 from 4\\n.*";
    QTest::newRow("history") << QStringList{"rollout", "history", "deployment/web"} << 0
                             << "deployment.apps/web \\nREVISION  CHANGE-CAUSE\\n1         <none>\\n2         <none>\\n\\n";
    QTest::newRow("undo") << QStringList{"rollout", "undo", "deployment/web"} << 0 << "deployment.apps/web rolled back\\n";
    QTest::newRow("the old template rolls back out") << QStringList{"rollout", "status", "deployment/web", "--timeout=60s"}
                                                     << 0 << rolledOut;
    QTest::newRow("back on the first image, as revision 3")
        << QStringList{"get", "deploy", "web", "-o",
                       "jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}"}
        << 0 << "nginx:1\\.27 3";
    QTest::newRow("history after undo") << QStringList{"rollout", "history", "deployment/web"} << 0
                                        << "deployment.apps/web \\nREVISION  CHANGE-CAUSE\\n2         <none>\\n3         <none>\\n\\n";
    QTest::newRow("scale up") << QStringList{"scale", "deployment/web", "--replicas=6"} << 0 << "deployment.apps/web scaled\\n";
    QTest::newRow("six available")
        << QStringList{"wait", "--for=jsonpath={.status.availableReplicas}=6", "deployment/web", "--timeout=60s"} << 0
        << "deployment.apps/web condition met\\n";
    QTest::newRow("scale down") << QStringList{"scale", "deployment/web", "--replicas=2"} << 0 << "deployment.apps/web scaled\\n";
    QTest::newRow("two left")
        << QStringList{"wait", "--for=jsonpath={.status.replicas}=2", "deployment/web", "--timeout=60s"} << 0
        << "deployment.apps/web condition met\\n";
    QTest::newRow("expose") << QStringList{"expose", "deployment", "web", "--port=80"} << 0 << "service/web exposed\\n";
    QTest::newRow("the endpoints controller lists both pods")
        << QStringList{"wait", "--for=jsonpath={.subsets[0].addresses[1].targetRef.kind}=Pod", "endpoints/web", "--timeout=30s"}
        << 0 << "endpoints/web condition met\\n";
    QTest::newRow("get endpoints") << QStringList{"get", "endpoints", "web", "--no-headers"} << 0
                                   << "web +10\\.244\\.\\d+\\.\\d+:80,10\\.244\\.\\d+\\.\\d+:80 +\\S+\\n";
    QTest::newRow("an EndpointSlice with both")
        << QStringList{"get", "endpointslices", "-l", "kubernetes.io/service-name=web", "--no-headers"} << 0
        << "web-\\w{5} +IPv4 +80 +10\\.244\\.\\d+\\.\\d+,10\\.244\\.\\d+\\.\\d+ +\\S+\\n";
    QTest::newRow("a LoadBalancer service")
        << QStringList{"expose", "deployment", "web", "--name=web-lb", "--port=80", "--type=LoadBalancer"} << 0
        << "service/web-lb exposed\n";
    QTest::newRow("gets an address from the lab's pool")
        << QStringList{"wait", "--for=jsonpath={.status.loadBalancer.ingress[0].ip}=172.18.255.200", "service/web-lb", "--timeout=30s"}
        << 0 << "service/web-lb condition met\n";
    QTest::newRow("get shows the external IP") << QStringList{"get", "service", "web-lb", "--no-headers"} << 0
                                               << "web-lb +LoadBalancer +10\\.\\S+ +172\\.18\\.255\\.200 +80:3\\d{4}/TCP +\\S+\n";
    QTest::newRow("pause") << QStringList{"rollout", "pause", "deployment/web"} << 0 << "deployment.apps/web paused\\n";
    QTest::newRow("a change while paused") << QStringList{"set", "image", "deployment/web", "nginx=nginx:1.25"} << 0
                                           << "deployment.apps/web image updated\\n";
    QTest::newRow("no new ReplicaSet while paused")
        << QStringList{"get", "deploy", "web", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"} << 0
        << "DeploymentPaused";
    QTest::newRow("resume") << QStringList{"rollout", "resume", "deployment/web"} << 0 << "deployment.apps/web resumed\\n";
    QTest::newRow("then it rolls out") << QStringList{"rollout", "status", "deployment/web", "--timeout=60s"} << 0 << rolledOut;
    QTest::newRow("restart") << QStringList{"rollout", "restart", "deployment/web"} << 0 << "deployment.apps/web restarted\\n";
    QTest::newRow("the restart rolls out") << QStringList{"rollout", "status", "deployment/web", "--timeout=60s"} << 0
                                           << rolledOut;
    QTest::newRow("delete the deployment") << QStringList{"delete", "deployment", "web"} << 0
                                           << "deployment.apps \"web\" deleted\\n";
    // One line per pod still there when kubectl listed them (none if all were gone).
    QTest::newRow("its pods go") << QStringList{"wait", "--for=delete", "pod", "-l", "app=web", "--timeout=60s"} << 0
                                 << "(pod/web-\\S+ condition met\\n)*";
    QTest::newRow("and its ReplicaSets") << QStringList{"get", "rs", "-l", "app=web"} << 0 << "";
    QTest::newRow("a namespace with a deployment") << QStringList{"create", "namespace", "class"} << 0
                                                   << "namespace/class created\\n";
    QTest::newRow("its deployment")
        << QStringList{"create", "deployment", "app", "-n", "class", "--image=busybox:1.36", "--", "sleep", "3600"} << 0
        << "deployment.apps/app created\\n";
    QTest::newRow("a default ServiceAccount appeared") << QStringList{"get", "serviceaccount", "default", "-n", "class", "-o", "name"}
                                                       << 0 << "serviceaccount/default\\n";
    QTest::newRow("running") << QStringList{"rollout", "status", "deployment/app", "-n", "class", "--timeout=60s"} << 0
                             << "(Waiting[^\\n]+\\n)*deployment \"app\" successfully rolled out\\n";
    QTest::newRow("delete the namespace") << QStringList{"delete", "namespace", "class", "--timeout=120s"} << 0
                                          << "namespace \"class\" deleted\\n";
    QTest::newRow("everything in it is gone") << QStringList{"get", "all", "-n", "class"} << 0 << "";
    // A Job that keeps failing.
    QTest::newRow("a failing job") << QStringList{"apply", "-f", m + "/flaky-job.yaml"} << 0 << "job.batch/flaky created\n";
    QTest::newRow("it fails at its backoff limit")
        << QStringList{"wait", "--for=condition=Failed", "job/flaky", "--timeout=60s"} << 0 << "job.batch/flaky condition met\n";
    QTest::newRow("with upstream's reason")
        << QStringList{"get", "job", "flaky", "-o", "jsonpath={.status.failed} {.status.conditions[?(@.type==\"Failed\")].reason}"}
        << 0 << "3 BackoffLimitExceeded";
    QTest::newRow("a job that works") << QStringList{"create", "job", "once", "--image=busybox:1.36", "--", "echo", "done"} << 0
                                      << "job.batch/once created\n";
    QTest::newRow("completes") << QStringList{"wait", "--for=condition=Complete", "job/once", "--timeout=60s"} << 0
                               << "job.batch/once condition met\n";
    QTest::newRow("get job") << QStringList{"get", "job", "once", "--no-headers"} << 0 << "once +Complete +1/1 +\\S+ +\\S+\\n";
    QTest::newRow("its output") << QStringList{"logs", "job/once"} << 0 << "done\n";
    // A DaemonSet on every node, including one that joins later.
    QTest::newRow("a daemonset") << QStringList{"apply", "-f", m + "/daemonset.yaml"} << 0 << "daemonset.apps/agent created\n";
    QTest::newRow("on the three nodes") << QStringList{"rollout", "status", "ds/agent", "--timeout=60s"} << 0
                                        << "(Waiting[^\\n]+\\n)*daemon set \"agent\" successfully rolled out\\n";
    QTest::newRow("a fourth node joins") << QStringList{"apply", "-f", m + "/node-4.yaml"} << 0 << "node/worker-4 created\n";
    QTest::newRow("the daemonset follows")
        << QStringList{"wait", "--for=jsonpath={.status.numberAvailable}=4", "ds/agent", "--timeout=60s"} << 0
        << "daemonset.apps/agent condition met\n";
    QTest::newRow("one pod on each node")
        << QStringList{"get", "pods", "-l", "app=agent", "--sort-by=.spec.nodeName", "-o", "jsonpath={.items[*].spec.nodeName}"}
        << 0 << "worker-1 worker-2 worker-3 worker-4";
    QTest::newRow("surge and unavailable together are refused")
        << QStringList{"patch", "ds", "agent", "--type=merge", "-p",
                       R"({"spec":{"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":1}}}})"}
        << 1 << "";
    QTest::newRow("surge one node at a time")
        << QStringList{"patch", "ds", "agent", "--type=merge", "-p",
                       R"({"spec":{"updateStrategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}})"}
        << 0 << "daemonset.apps/agent patched\n";
    QTest::newRow("a new image for the daemonset") << QStringList{"set", "image", "ds/agent", "agent=busybox:1.37"} << 0
                                                   << "daemonset.apps/agent image updated\n";
    QTest::newRow("it rolls out, new pods beside the old")
        << QStringList{"rollout", "status", "ds/agent", "--timeout=90s"} << 0
        << "(Waiting[^\\n]+\\n)*daemon set \"agent\" successfully rolled out\\n";
    // (The old pods may still be Terminating: sleep ignores SIGTERM for its 30 s of grace.)
    QTest::newRow("every node runs the new image")
        << QStringList{"get", "pods", "-l", "app=agent", "--sort-by=.spec.nodeName", "-o",
                       "jsonpath={range .items[?(@.spec.containers[0].image==\"busybox:1.37\")]}{.spec.nodeName} {end}"}
        << 0 << "worker-1 worker-2 worker-3 worker-4 ";
    // A CronJob in Shanghai's time; a zone that does not exist is refused.
    QTest::newRow("a cronjob in a time zone") << QStringList{"apply", "-f", m + "/cronjob-shanghai.yaml"} << 0
                                              << "cronjob.batch/morning created\n";
    QTest::newRow("get cronjob shows the zone") << QStringList{"get", "cronjob", "morning", "--no-headers"} << 0
                                                << "morning +0 9 \\* \\* \\* +Asia/Shanghai +False +0 +<none> +\\S+\\n";
    QTest::newRow("an unknown time zone is refused") << QStringList{"apply", "-f", m + "/cronjob-mars.yaml"} << 1 << "";
    // A node whose kubelet stops (a lab fault): NotReady, tainted, its pods evicted after 300 s.
    QTest::newRow("a pod on worker-4")
        << QStringList{"run", "pinned", "--image=busybox:1.36", "--overrides={\"spec\":{\"nodeName\":\"worker-4\"}}", "--",
                       "sleep", "3600"}
        << 0 << "pod/pinned created\n";
    QTest::newRow("running") << QStringList{"wait", "--for=condition=Ready", "pod/pinned", "--timeout=30s"} << 0
                             << "pod/pinned condition met\n";
    QTest::newRow("stop worker-4's kubelet")
        << QStringList{"create", "--raw", "/lab/v1/nodes/worker-4/agent/stop", "-f", m + "/empty.json"} << 0
        << "\\{\"apiVersion\":\"lab.k8slab.org/v1\",\"kind\":\"NodeAgent\",\"node\":\"worker-4\",\"running\":false\\}";
    QTest::newRow("the node goes NotReady")
        << QStringList{"wait", "--for=condition=Ready=Unknown", "node/worker-4", "--timeout=60s"} << 0
        << "node/worker-4 condition met\n";
    QTest::newRow("get nodes shows it") << QStringList{"get", "node", "worker-4", "--no-headers"} << 0
                                        << "worker-4 +NotReady +<none> +\\S+ +\\S+\\n";
    QTest::newRow("it is tainted unreachable")
        << QStringList{"wait", "--for=jsonpath={.spec.taints[?(@.effect==\"NoExecute\")].key}=node.kubernetes.io/unreachable",
                       "node/worker-4", "--timeout=60s"}
        << 0 << "node/worker-4 condition met\n";
    QTest::newRow("its daemon pod stays (it tolerates that)")
        << QStringList{"get", "pods", "-l", "app=agent", "--field-selector=spec.nodeName=worker-4", "-o", "name"} << 0 << "pod/agent-\\w+\n";
    QTest::newRow("the pod pinned there is evicted after 300 s")
        << QStringList{"wait", "--for=jsonpath={.status.conditions[?(@.type==\"DisruptionTarget\")].reason}=DeletionByTaintManager",
                       "pod/pinned", "--timeout=60s"}
        << 0 << "pod/pinned condition met\n";
    QTest::newRow("the taint manager's event")
        << QStringList{"get", "events", "--field-selector=reason=TaintManagerEviction,involvedObject.name=pinned", "-o",
                       "jsonpath={.items[0].message}"}
        << 0 << "Marking for deletion Pod default/pinned";
    QTest::newRow("it stays Terminating: the kubelet is down")
        << QStringList{"get", "pod", "pinned", "--no-headers"} << 0 << "pinned +1/1 +Terminating +0 +\\S+\n";
    QTest::newRow("start the kubelet again")
        << QStringList{"create", "--raw", "/lab/v1/nodes/worker-4/agent/start", "-f", m + "/empty.json"} << 0 << ".*\"running\":true.*";
    QTest::newRow("the node is Ready again") << QStringList{"wait", "--for=condition=Ready", "node/worker-4", "--timeout=60s"} << 0
                                             << "node/worker-4 condition met\n";
    QTest::newRow("and the evicted pod finishes") << QStringList{"wait", "--for=delete", "pod/pinned", "--timeout=60s"} << 0 << "(pod/pinned condition met\\n)?";
    QTest::newRow("the taints are gone") << QStringList{"get", "node", "worker-4", "-o", "jsonpath={.spec.taints}"} << 0 << "";
}

QTEST_GUILESS_MAIN(TestKubectlWorkloads)
#include "tst_kubectl_workloads.moc"
