// The real kubectl against k8slab-server: the commands people use, with output compared
// to what kubectl prints against an upstream API server.
#include "tests/e2e/lab_server.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using k8slab::test::KubectlRun;

class TestKubectl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void scenario_data();
    void scenario();
    void getWatchPrintsNewRows();
    void editRunsTheEditorAndPatches();

private:
    KubectlRun kubectl(const QStringList &args, const QProcessEnvironment &extra = {})
    {
        return m_lab.kubectl(args, extra);
    }

    k8slab::test::LabServer m_lab;
};

void TestKubectl::initTestCase()
{
    if (!QFile::exists(m_lab.kubectlPath()))
        QSKIP(qPrintable("kubectl is not installed at " + m_lab.kubectlPath() + ": the end-to-end scenario needs the real kubectl"));
    QVERIFY2(m_lab.start(), qPrintable(m_lab.why()));
}

void TestKubectl::cleanupTestCase()
{
    QVERIFY(m_lab.stop());
}

void TestKubectl::scenario_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutPattern"); // a regular expression the whole stdout matches
    QTest::addColumn<QString>("stderrPattern"); // a regular expression the whole stderr matches
    const QString m = MANIFESTS;
    const QString any = "(?s).*";
    const QString age = "\\S+";
    // Discovery.
    QTest::newRow("version reports the server as v1.32.0")
        << QStringList{"version"} << 0 << "(?s).*Server Version: v1\\.32\\.0\\n.*" << any;
    QTest::newRow("api-versions lists the groups")
        << QStringList{"api-versions"} << 0 << "(?s)apiregistration.k8s.io/v1\\napps/v1\\n.*\\nv1\\n" << "";
    QTest::newRow("api-resources shows short names and kinds")
        << QStringList{"api-resources"} << 0 << "(?s).*\\ndeployments +deploy +apps/v1 +true +Deployment\\n.*" << "";
    QTest::newRow("cluster-info names the server")
        << QStringList{"cluster-info"} << 0 << "(?s)Kubernetes control plane is running at http://127\\.0\\.0\\.1:\\d+\\n.*" << "";
    QTest::newRow("get namespaces")
        << QStringList{"get", "namespaces"} << 0
        << "NAME +STATUS +AGE\\ndefault +Active +" + age + "\\nkube-node-lease +Active +" + age + "\\nkube-public +Active +"
               + age + "\\nkube-system +Active +" + age + "\\n" << "";
    // apply: create, unchanged, update.
    QTest::newRow("apply creates")
        << QStringList{"apply", "-f", m + "/web-deployment.yaml"} << 0 << "deployment.apps/web created\\n" << "";
    QTest::newRow("apply again is unchanged")
        << QStringList{"apply", "-f", m + "/web-deployment.yaml"} << 0 << "deployment.apps/web unchanged\\n" << "";
    QTest::newRow("apply a change configures")
        << QStringList{"apply", "-f", m + "/web-deployment-3.yaml"} << 0 << "deployment.apps/web configured\\n" << "";
    // get in every printer.
    QTest::newRow("get -o wide shows the wide columns")
        << QStringList{"get", "deploy", "-o", "wide"} << 0
        << "NAME +READY +UP-TO-DATE +AVAILABLE +AGE +CONTAINERS +IMAGES +SELECTOR\\nweb +0/3 +\\d+ +0 +" + age
               + " +nginx +nginx:1\\.27 +app=web\\n" << "";
    QTest::newRow("get -o jsonpath")
        << QStringList{"get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"} << 0 << "3" << "";
    QTest::newRow("get -o name") << QStringList{"get", "deploy", "web", "-o", "name"} << 0 << "deployment.apps/web\\n" << "";
    QTest::newRow("get -o json")
        << QStringList{"get", "deploy", "web", "-o", "json"} << 0 << "(?s)\\{\\n.*\"kind\": \"Deployment\".*" << "";
    QTest::newRow("get -o yaml shows server defaults")
        << QStringList{"get", "deploy", "web", "-o", "yaml"} << 0
        << "(?s)apiVersion: apps/v1\\n.*  revisionHistoryLimit: 10\\n.*      maxSurge: 25%\\n.*" << "";
    // create -f and errors, as kubectl prints upstream's.
    QTest::newRow("create -f") << QStringList{"create", "-f", m + "/pod.yaml"} << 0 << "pod/p1 created\\n" << "";
    QTest::newRow("AlreadyExists")
        << QStringList{"create", "-f", m + "/pod.yaml"} << 1 << ""
        << "Error from server \\(AlreadyExists\\): error when creating \".*pod\\.yaml\": pods \"p1\" already exists\\n";
    QTest::newRow("NotFound") << QStringList{"get", "pod", "nope"} << 1 << ""
                              << "Error from server \\(NotFound\\): pods \"nope\" not found\\n";
    QTest::newRow("NotFound with a group")
        << QStringList{"get", "deploy", "nope"} << 1 << "" << "Error from server \\(NotFound\\): deployments\\.apps \"nope\" not found\\n";
    QTest::newRow("Invalid with field causes")
        << QStringList{"create", "-f", m + "/invalid-pod.yaml"} << 1 << ""
        << "The Pod \"invalid-pod\" is invalid: spec\\.containers\\[0\\]\\.image: Required value\\n";
    QTest::newRow("BadRequest for an unknown field (strict validation)")
        << QStringList{"create", "-f", m + "/unknown-field-pod.yaml"} << 1 << ""
        << "Error from server \\(BadRequest\\): error when creating \".*unknown-field-pod\\.yaml\": Pod in version \"v1\" cannot be "
           "handled as a Pod: strict decoding error: unknown field \"spec\\.containers\\[0\\]\\.imagee\"\\n";
    QTest::newRow("a warning for it with --validate=warn")
        << QStringList{"create", "-f", m + "/unknown-field-pod.yaml", "--validate=warn"} << 0 << "pod/typo created\\n"
        << "Warning: unknown field \"spec\\.containers\\[0\\]\\.imagee\"\\n";
    QTest::newRow("explain reads the lab's schemas")
        << QStringList{"explain", "deployment.spec.replicas"} << 0
        << "(?s)GROUP: +apps\\nKIND: +Deployment\\nVERSION: +v1\\n\\nFIELD: +replicas <integer>\\n.*" << "";
    QTest::newRow("unknown resource type")
        << QStringList{"get", "widgets"} << 1 << "" << "(?s).*error: the server doesn't have a resource type \"widgets\"\\n";
    // Selectors and scopes.
    QTest::newRow("get pods -l")
        << QStringList{"get", "pods", "-l", "app=demo"} << 0
        << "NAME +READY +STATUS +RESTARTS +AGE\\np1 +0/1 +Pending +0 +" + age + "\\n" << "";
    QTest::newRow("get pods --field-selector")
        << QStringList{"get", "pods", "--field-selector", "metadata.name=p1,status.phase!=Running", "-o", "name"} << 0
        << "pod/p1\\n" << "";
    QTest::newRow("get -A adds the namespace")
        << QStringList{"get", "svc", "-A"} << 0
        << "NAMESPACE +NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE\\ndefault +kubernetes +ClusterIP +10\\.96\\.0\\.1 +<none> +443/TCP +"
               + age + "\\n" << "";
    QTest::newRow("no resources")
        << QStringList{"get", "jobs"} << 0 << "" << "No resources found in default namespace\\.\\n";
    QTest::newRow("describe pod")
        << QStringList{"describe", "pod", "p1"} << 0
        << "(?s)Name: +p1\\nNamespace: +default\\n.*Service Account: +default\\n.*QoS Class: +BestEffort\\n.*" << "";
    // The generators: kubectl 1.32 sends these as Protobuf, 1.29 as JSON.
    QTest::newRow("create namespace") << QStringList{"create", "namespace", "teach"} << 0 << "namespace/teach created\\n" << "";
    QTest::newRow("create configmap")
        << QStringList{"create", "configmap", "colors", "--from-literal=sky=blue", "-n", "teach"} << 0
        << "configmap/colors created\\n" << "";
    QTest::newRow("create deployment")
        << QStringList{"create", "deployment", "api", "--image=nginx:1.27", "--replicas=2", "--port=80", "-n", "teach"} << 0
        << "deployment.apps/api created\\n" << "";
    QTest::newRow("create service nodeport")
        << QStringList{"create", "service", "nodeport", "api", "--tcp=80:8080", "-n", "teach"} << 0
        << "service/api created\\n" << "";
    QTest::newRow("the generated objects are whole")
        << QStringList{"get", "deploy,svc,cm", "-n", "teach", "-o", "jsonpath={.items[0].spec.template.spec.containers[0].image} {.items[1].spec.ports[0].nodePort} {.items[2].data.sky}"}
        << 0 << "nginx:1\\.27 3\\d{4} blue" << "";
    // Metadata edits.
    QTest::newRow("label") << QStringList{"label", "deploy", "web", "tier=frontend"} << 0 << "deployment.apps/web labeled\\n" << "";
    QTest::newRow("annotate") << QStringList{"annotate", "deploy", "web", "owner=teacher"} << 0
                              << "deployment.apps/web annotated\\n" << "";
    QTest::newRow("get -L and --show-labels")
        << QStringList{"get", "deploy", "-L", "tier", "--show-labels"} << 0
        << "NAME +READY +UP-TO-DATE +AVAILABLE +AGE +TIER +LABELS\\nweb +0/3 +\\d+ +0 +" + age + " +frontend +app=web,tier=frontend\\n" << "";
    // Patch in all three types.
    QTest::newRow("patch (strategic)")
        << QStringList{"patch", "deploy", "web", "-p", R"({"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}})"}
        << 0 << "deployment.apps/web patched\\n" << "";
    QTest::newRow("patch --type=merge")
        << QStringList{"patch", "deploy", "web", "--type=merge", "-p", R"({"spec":{"replicas":2}})"} << 0
        << "deployment.apps/web patched\\n" << "";
    QTest::newRow("patch --type=json")
        << QStringList{"patch", "deploy", "web", "--type=json", "-p", R"([{"op":"replace","path":"/spec/replicas","value":3}])"}
        << 0 << "deployment.apps/web patched\\n" << "";
    QTest::newRow("the strategic patch merged by container name")
        << QStringList{"get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[*].image} {.spec.template.spec.containers[0].ports[0].containerPort}"}
        << 0 << "nginx:1\\.28 80" << "";
    // scale.
    QTest::newRow("scale") << QStringList{"scale", "deploy", "web", "--replicas=5"} << 0 << "deployment.apps/web scaled\\n" << "";
    QTest::newRow("scale --current-replicas")
        << QStringList{"scale", "deploy", "web", "--current-replicas=5", "--replicas=4"} << 0 << "deployment.apps/web scaled\\n" << "";
    QTest::newRow("scale with a wrong --current-replicas")
        << QStringList{"scale", "deploy", "web", "--current-replicas=9", "--replicas=2"} << 1 << ""
        << "error: Expected replicas to be 9, was 4\\n";
    // replace and optimistic concurrency.
    QTest::newRow("create a configmap from a file")
        << QStringList{"create", "-f", m + "/configmap.yaml"} << 0 << "configmap/settings created\\n" << "";
    QTest::newRow("replace with a stale resourceVersion conflicts")
        << QStringList{"replace", "-f", m + "/configmap-stale.yaml"} << 1 << ""
        << "Error from server \\(Conflict\\): error when replacing \".*configmap-stale\\.yaml\": Operation cannot be fulfilled on "
           "configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again\\n";
    QTest::newRow("get configmaps counts data")
        << QStringList{"get", "cm", "settings"} << 0 << "NAME +DATA +AGE\\nsettings +1 +" + age + "\\n" << "";
    // Nodes: cordon, uncordon, taint.
    QTest::newRow("register a node") << QStringList{"create", "-f", m + "/node.yaml"} << 0 << "node/worker-1 created\\n" << "";
    QTest::newRow("cordon") << QStringList{"cordon", "worker-1"} << 0 << "node/worker-1 cordoned\\n" << "";
    QTest::newRow("a cordoned node is SchedulingDisabled")
        << QStringList{"get", "nodes"} << 0
        << "NAME +STATUS +ROLES +AGE +VERSION\\nworker-1 +Ready,SchedulingDisabled +<none> +" + age + " +v1\\.32\\.0\\n" << "";
    QTest::newRow("uncordon") << QStringList{"uncordon", "worker-1"} << 0 << "node/worker-1 uncordoned\\n" << "";
    QTest::newRow("taint") << QStringList{"taint", "nodes", "worker-1", "dedicated=lab:NoSchedule"} << 0
                           << "node/worker-1 tainted\\n" << "";
    QTest::newRow("the taint is on the node")
        << QStringList{"get", "node", "worker-1", "-o", "jsonpath={.spec.taints[0].key}={.spec.taints[0].value}:{.spec.taints[0].effect}"}
        << 0 << "dedicated=lab:NoSchedule" << "";
    QTest::newRow("untaint") << QStringList{"taint", "nodes", "worker-1", "dedicated-"} << 0 << "node/worker-1 untainted\\n" << "";
    // wait and events.
    QTest::newRow("wait for a field")
        << QStringList{"wait", "--for=jsonpath={.spec.replicas}=4", "deploy/web", "--timeout=10s"} << 0
        << "deployment.apps/web condition met\\n" << "";
    // The pods so far wait for a node: the scheduler says so, as upstream words it.
    QTest::newRow("events")
        << QStringList{"events"} << 0
        << "(?s)LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\\n"
           "(.*\\n)?\\S+( \\(x\\d+ over \\S+\\))? +Warning +FailedScheduling +Pod/\\S+ +(no nodes available to schedule pods|0/\\d+ nodes are available: [^\\n]*)\\n.*"
        << "";
    // Services get addresses.
    QTest::newRow("create a service") << QStringList{"create", "-f", m + "/service.yaml"} << 0 << "service/web created\\n" << "";
    QTest::newRow("the service has a cluster IP")
        << QStringList{"get", "svc", "web"} << 0
        << "NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE\\nweb +ClusterIP +10\\.\\d+\\.\\d+\\.\\d+ +<none> +80/TCP +" + age + "\\n" << "";
    // delete: finalizers, foreground and background.
    QTest::newRow("create an object with a finalizer")
        << QStringList{"create", "-f", m + "/configmap-held.yaml"} << 0 << "configmap/held created\\n" << "";
    QTest::newRow("delete it without waiting")
        << QStringList{"delete", "cm", "held", "--wait=false"} << 0 << "configmap \"held\" deleted\\n" << "";
    QTest::newRow("the finalizer holds it")
        << QStringList{"get", "cm", "held", "-o", "jsonpath={.metadata.deletionTimestamp}"} << 0 << "\\d{4}-\\d\\d-\\d\\dT.*Z" << "";
    QTest::newRow("removing the finalizer releases it")
        << QStringList{"patch", "cm", "held", "--type=merge", "-p", R"({"metadata":{"finalizers":null}})"} << 0
        << "configmap/held patched\\n" << "";
    QTest::newRow("then it is gone") << QStringList{"get", "cm", "held"} << 1 << ""
                                     << "Error from server \\(NotFound\\): configmaps \"held\" not found\\n";
    QTest::newRow("delete --cascade=foreground")
        << QStringList{"delete", "deploy", "web", "--cascade=foreground"} << 0 << "deployment.apps \"web\" deleted\\n" << "";
    QTest::newRow("delete (background)") << QStringList{"delete", "pod", "p1"} << 0 << "pod \"p1\" deleted\\n" << "";
    // The ReplicaSet controller creates the pods (they stay Pending until the scheduler and kubelet arrive).
    QTest::newRow("create a ReplicaSet") << QStringList{"create", "-f", m + "/replicaset.yaml"} << 0
                                         << "replicaset.apps/frontend created\\n" << "";
    QTest::newRow("wait for its status")
        << QStringList{"wait", "--for=jsonpath={.status.replicas}=3", "rs/frontend", "--timeout=20s"} << 0
        << "replicaset.apps/frontend condition met\\n" << "";
    QTest::newRow("its pods exist")
        << QStringList{"get", "pods", "-l", "tier=frontend", "--no-headers"} << 0
        << "(frontend-[b-z2-9]{5} +[01]/1 +(Pending|ContainerCreating|Running) +0 +\\S+\\n){3}" << "";
    QTest::newRow("describe shows the controller's events")
        << QStringList{"describe", "rs", "frontend"} << 0
        << "(?s).*Normal +SuccessfulCreate +\\S+ +replicaset-controller +Created pod: frontend-.*" << "";
    QTest::newRow("scale it down") << QStringList{"scale", "rs", "frontend", "--replicas=1"} << 0
                                   << "replicaset.apps/frontend scaled\\n" << "";
    QTest::newRow("the surplus pods go")
        << QStringList{"wait", "--for=jsonpath={.status.replicas}=1", "rs/frontend", "--timeout=20s"} << 0
        << "replicaset.apps/frontend condition met\\n" << "";
    QTest::newRow("delete a namespace: the namespace controller empties it first")
        << QStringList{"delete", "namespace", "teach"} << 0 << "namespace \"teach\" deleted\n" << "";
    QTest::newRow("the namespace is gone")
        << QStringList{"get", "namespace", "teach"} << 1 << ""
        << "Error from server \\(NotFound\\): namespaces \"teach\" not found\\n";
    QTest::newRow("delete a missing object")
        << QStringList{"delete", "pod", "p1"} << 1 << "" << "Error from server \\(NotFound\\): pods \"p1\" not found\\n";
}

void TestKubectl::scenario()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutPattern);
    QFETCH(QString, stderrPattern);
    const QString failure = k8slab::test::checkKubectl(m_lab, args, exitCode, stdoutPattern, stderrPattern);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestKubectl::getWatchPrintsNewRows()
{
    QProcess watch;
    watch.setProcessEnvironment(m_lab.environment());
    watch.start(m_lab.kubectlPath(), {"get", "pods", "-w", "--cache-dir", m_lab.path("kube-cache")});
    QVERIFY(watch.waitForStarted());
    QByteArray out;
    // With no pods kubectl prints nothing until the first event: give the watch time to start.
    QTest::qWait(1500);
    const KubectlRun created = kubectl({"run", "watched", "--image=busybox:1.36"});
    QCOMPARE(created.exitCode, 0);
    QTRY_VERIFY2_WITH_TIMEOUT((out += watch.readAllStandardOutput()).contains("watched"), out.constData(), 15000);
    QVERIFY(QRegularExpression("watched +0/1 +Pending +0 +\\S+").match(QString::fromUtf8(out)).hasMatch());
    watch.kill();
    watch.waitForFinished();
}

void TestKubectl::editRunsTheEditorAndPatches()
{
    // An editor script stands in for the learner: it changes one value in the buffer.
    const QString editor = m_lab.path("editor.sh");
    QFile script(editor);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nsed -i 's/color: blue/color: green/' \"$1\"\n");
    script.close();
    script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Self-contained: apply leaves the scenario's configmap as it is, or creates it.
    QCOMPARE(kubectl({"apply", "-f", QStringLiteral(MANIFESTS) + "/configmap.yaml"}).exitCode, 0);
    QProcessEnvironment env;
    env.insert("EDITOR", editor);
    const KubectlRun edited = kubectl({"edit", "configmap", "settings"}, env);
    QVERIFY2(edited.exitCode == 0, qPrintable(edited.err));
    QCOMPARE(edited.out, QStringLiteral("configmap/settings edited\n"));
    const KubectlRun read = kubectl({"get", "cm", "settings", "-o", "jsonpath={.data.color}"});
    QCOMPARE(read.out, QStringLiteral("green"));
}

QTEST_GUILESS_MAIN(TestKubectl)
#include "tst_kubectl.moc"
