// Workloads end to end with the real kubectl against k8slab-server (three simulated
// nodes, virtual clock at 20x): a Deployment rolls out, rolls to a new image and back,
// scales, pauses and resumes, restarts; a Service gets Endpoints and EndpointSlices;
// deleting a Deployment takes its ReplicaSets and pods, deleting a namespace takes
// everything in it.
#include "tests/e2e/lab_server.h"

#include <QFile>
#include <QTest>

class TestKubectlWorkloads : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void scenario_data();
    void scenario();

private:
    k8slab::test::LabServer m_lab;
};

void TestKubectlWorkloads::initTestCase()
{
    if (!QFile::exists(m_lab.kubectlPath()))
        QSKIP(qPrintable("kubectl is not installed at " + m_lab.kubectlPath() + ": the end-to-end scenario needs the real kubectl"));
    QVERIFY2(m_lab.start({"--nodes", "3", "--speed", "20"}), qPrintable(m_lab.why()));
}

void TestKubectlWorkloads::cleanupTestCase() { QVERIFY(m_lab.stop()); }

void TestKubectlWorkloads::scenario_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutPattern"); // the whole stdout matches
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
    QTest::newRow("its pods go") << QStringList{"wait", "--for=delete", "pod", "-l", "app=web", "--timeout=60s"} << 0 << ".*";
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
}

void TestKubectlWorkloads::scenario()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutPattern);
    const QString failure = k8slab::test::checkKubectl(m_lab, args, exitCode, stdoutPattern);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

QTEST_GUILESS_MAIN(TestKubectlWorkloads)
#include "tst_kubectl_workloads.moc"
