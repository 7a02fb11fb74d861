// kubectl exec, attach and auth end to end with the real kubectl against k8slab-server
// (one simulated node): exec over the WebSocket protocol v5.channel.k8s.io with its exit
// codes and the server's errors, and over SPDY (kubectl 1.27/1.28, and 1.32 told not to
// use WebSockets), an interactive shell through stdin and through a
// terminal (script(1) gives kubectl a pty), attach following a container until it exits,
// the self-subject reviews kubectl 1.32+ send as Protobuf, and kubectl create token.
#include "tests/e2e/kubectl_scenario.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class TestKubectlExec : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlExec() : KubectlScenario(QStringList{"--nodes", "1"}) {}

protected:
    void addRows() override;

private Q_SLOTS:
    void aShellThroughStdin();
    void aShellOnATerminal();
    void attachFollowsTheContainerToItsEnd();
    void execOverSpdy_data();
    void execOverSpdy();

private:
    // Runs `program args` (with `extra` in its environment), writes `input` (each part
    // after `pause` ms), closes stdin and waits; the exit code and stdout.
    std::pair<int, QString> run(const QString &program, const QStringList &args, const QStringList &input, int pause,
                                const QProcessEnvironment &extra = {});
};

void TestKubectlExec::addRows()
{
    const QString manifests = QStringLiteral(MANIFESTS);
    QTest::newRow("a pod to exec into") << QStringList{"apply", "-f", manifests + "/exec/shell.yaml"} << 0
                                        << "configmap/settings created\npod/shell created\n";
    QTest::newRow("running") << QStringList{"wait", "--for=condition=Ready", "pod/shell", "--timeout=60s"} << 0
                             << "pod/shell condition met\n";
    QTest::newRow("a command's output") << QStringList{"exec", "shell", "--", "sh", "-c", "echo hello; echo to stderr >&2"}
                                        << 0 << "hello\n";
    QTest::newRow("its exit code is kubectl's") << QStringList{"exec", "shell", "--", "sh", "-c", "exit 3"} << 3 << "";
    QTest::newRow("mounted files") << QStringList{"exec", "shell", "--", "ls", "/etc/config"} << 0 << "color\nsize\n";
    QTest::newRow("read one") << QStringList{"exec", "shell", "--", "cat", "/etc/config/color"} << 0 << "blue\n";
    QTest::newRow("the pod's hostname") << QStringList{"exec", "shell", "--", "hostname"} << 0 << "shell\n";
    QTest::newRow("an unknown program") << QStringList{"exec", "shell", "--", "vim"} << 126 << "";
    QTest::newRow("a container the pod lacks") << QStringList{"exec", "shell", "-c", "db", "--", "true"} << 1 << "";
    QTest::newRow("a pod that is gone") << QStringList{"exec", "nope", "--", "true"} << 1 << "";
    QTest::newRow("a finished pod") << QStringList{"run", "done", "--image=busybox", "--restart=Never", "--", "true"} << 0
                                    << "pod/done created\n";
    QTest::newRow("finished") << QStringList{"wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/done", "--timeout=60s"}
                              << 0 << "pod/done condition met\n";
    QTest::newRow("cannot be exec'd into") << QStringList{"exec", "done", "--", "true"} << 1 << "";
    QTest::newRow("port-forward to a finished pod") << QStringList{"port-forward", "pod/done", "18099:80"} << 1 << "";

    // kubectl auth: the reviews are answered as the lab's administrator.
    QTest::newRow("can-i") << QStringList{"auth", "can-i", "create", "pods"} << 0 << "yes\n";
    QTest::newRow("can-i in a group and namespace")
        << QStringList{"auth", "can-i", "delete", "deployments.apps", "-n", "kube-system"} << 0 << "yes\n";
    QTest::newRow("can-i a URL") << QStringList{"auth", "can-i", "get", "/healthz"} << 0 << "yes\n";
    QTest::newRow("can-i --list") << QStringList{"auth", "can-i", "--list"} << 0
                                  << "Resources +Non-Resource URLs +Resource Names +Verbs\n"
                                     "\\*\\.\\* +\\[\\] +\\[\\] +\\[\\*\\]\n +\\[\\*\\] +\\[\\] +\\[\\*\\]\n";
    // kubectl create token: a TokenRequest (Protobuf) answered with a signed JWT.
    QTest::newRow("a service account") << QStringList{"create", "serviceaccount", "builder"} << 0
                                       << "serviceaccount/builder created\n";
    QTest::newRow("a token for it") << QStringList{"create", "token", "builder"} << 0
                                    << "eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
    QTest::newRow("for an hour and a half") << QStringList{"create", "token", "builder", "--duration=90m"} << 0
                                            << "eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
    QTest::newRow("not for five minutes") << QStringList{"create", "token", "builder", "--duration=5m"} << 1 << "";
    QTest::newRow("not for an account that is not there") << QStringList{"create", "token", "nope"} << 1 << "";
    // RBAC objects (sent as Protobuf by kubectl 1.32+), stored and shown; not enforced yet.
    QTest::newRow("a role") << QStringList{"create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods"} << 0
                            << "role.rbac.authorization.k8s.io/pod-reader created\n";
    QTest::newRow("described") << QStringList{"describe", "role", "pod-reader"} << 0
                               << "(?s)Name: +pod-reader\n.*PolicyRule:\n.*pods +\\[\\] +\\[\\] +\\[get list watch\\]\n";
    QTest::newRow("a binding") << QStringList{"create", "rolebinding", "read-pods", "--role=pod-reader", "--user=jane",
                                              "--serviceaccount=default:builder"}
                               << 0 << "rolebinding.rbac.authorization.k8s.io/read-pods created\n";
    QTest::newRow("listed wide") << QStringList{"get", "rolebinding", "read-pods", "-o", "wide"} << 0
                                 << "NAME +ROLE +AGE +USERS +GROUPS +SERVICEACCOUNTS\nread-pods +Role/pod-reader +\\S+ +jane +default/builder\n";
    QTest::newRow("a cluster role") << QStringList{"create", "clusterrole", "node-viewer", "--verb=get,list", "--resource=nodes"}
                                    << 0 << "clusterrole.rbac.authorization.k8s.io/node-viewer created\n";
    QTest::newRow("a cluster role binding")
        << QStringList{"create", "clusterrolebinding", "view-nodes", "--clusterrole=node-viewer", "--group=ops"} << 0
        << "clusterrolebinding.rbac.authorization.k8s.io/view-nodes created\n";
    QTest::newRow("whoami") << QStringList{"auth", "whoami"} << 0
                            << "ATTRIBUTE +VALUE\nUsername +kubernetes-admin\n"
                               "Groups +\\[kubeadm:cluster-admins system:authenticated\\]\n";
}

std::pair<int, QString> TestKubectlExec::run(const QString &program, const QStringList &args, const QStringList &input,
                                             int pause, const QProcessEnvironment &extra)
{
    QProcess process;
    process.setProcessEnvironment(m_lab.environment(extra));
    process.start(program, args);
    if (!process.waitForStarted(10000))
        return {-1, "did not start: " + process.errorString()};
    for (const QString &part : input) {
        QTest::qWait(pause);
        process.write(part.toUtf8());
    }
    QTest::qWait(pause);
    process.closeWriteChannel();
    // (It may have finished while qWait ran the event loop.)
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {-1, "timed out; printed: " + QString::fromUtf8(process.readAll())};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput())};
}

void TestKubectlExec::aShellThroughStdin()
{
    const auto [code, out] = run(m_lab.kubectlPath(), {"exec", "-i", "shell", "--", "sh"},
                                 {"echo one\n", "cat /etc/config/size\n", "exit 5\n"}, 100);
    QCOMPARE(out, QStringLiteral("one\nlarge\n"));
    QCOMPARE(code, 5);
}

void TestKubectlExec::aShellOnATerminal()
{
    // script(1) (util-linux, in every Debian) runs kubectl on a pseudo-terminal, so
    // kubectl asks for tty=true and puts the terminal in raw mode: the echo, the prompt
    // and the CR LF all come from the lab's side, as from a real container's shell.
    const QString command = m_lab.kubectlPath() + " exec -it shell -- sh";
    const auto [code, out] = run("script", {"-qec", command, "/dev/null"},
                                 {"echo hi\r", "hostnamx\x7f" "e\r", "exit 4\r"}, 700);
    QVERIFY2(out.startsWith("/ # echo hi\r\nhi\r\n/ # hostnamx\b \be\r\nshell\r\n/ # exit 4\r\n"), qPrintable(out));
    QVERIFY2(out.contains("command terminated with exit code 4"), qPrintable(out));
    QCOMPARE(code, 4);
}

void TestKubectlExec::attachFollowsTheContainerToItsEnd()
{
    QVERIFY(checkKubectl(m_lab,
                         {"run", "ticker", "--image=busybox", "--restart=Never", "--", "sh", "-c",
                          "sleep 2; for i in $(seq 1 3); do echo tick $i; sleep 1; done"},
                         0, "pod/ticker created\n")
                .isEmpty());
    QVERIFY(checkKubectl(m_lab, {"wait", "--for=condition=Ready", "pod/ticker", "--timeout=60s"}, 0,
                         "pod/ticker condition met\n")
                .isEmpty());
    const auto [code, out] = run(m_lab.kubectlPath(), {"attach", "ticker"}, {}, 0);
    QVERIFY2(out.endsWith("tick 3\n"), qPrintable(out)); // what it wrote from the attach on, to the end
    QCOMPARE(code, 0);
}

void TestKubectlExec::execOverSpdy_data()
{
    QTest::addColumn<QString>("kubectl");
    QTest::addColumn<bool>("webSockets"); // KUBECTL_REMOTE_COMMAND_WEBSOCKETS
    QTest::addColumn<bool>("terminal");   // run under script(1), so kubectl asks for a tty
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output"); // a regular expression for the whole stdout
    const QString sdk = "/usr/lib/google-cloud-sdk/bin/kubectl.";
    const QStringList exit3 = {"exec", "shell", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3"};
    QTest::newRow("1.28: exit code") << sdk + "1.28" << true << false << exit3 << QStringList{} << 3 << "hi\n";
    QTest::newRow("1.32 without WebSockets") << m_lab.kubectlPath() << false << false << exit3 << QStringList{} << 3
                                             << "hi\n";
    QTest::newRow("1.27: a shell through stdin")
        << sdk + "1.27" << true << false << QStringList{"exec", "-i", "shell", "--", "sh"}
        << QStringList{"echo one\n", "cat /etc/config/size\n", "exit 5\n"} << 5 << "one\nlarge\n";
    QTest::newRow("1.28: a terminal") << sdk + "1.28" << true << true << QStringList{"exec", "-it", "shell", "--", "sh"}
                                      << QStringList{"stty size\r", "exit 4\r"} << 4
                                      << "(?s)/ # stty size\r\n\\d+ \\d+\r\n/ # exit 4\r\n.*";
}

void TestKubectlExec::execOverSpdy()
{
    QFETCH(QString, kubectl);
    QFETCH(bool, webSockets);
    QFETCH(bool, terminal);
    QFETCH(QStringList, args);
    QFETCH(QStringList, input);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    if (!QFileInfo::exists(kubectl))
        QSKIP(qPrintable(kubectl + " is not installed"));
    QProcessEnvironment extra;
    if (!webSockets)
        extra.insert("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");
    const auto [code, out] = terminal ? run("script", {"-qec", kubectl + " " + args.join(' '), "/dev/null"}, input, 700, extra)
                                      : run(kubectl, args, input, 100, extra);
    QVERIFY2(QRegularExpression(QRegularExpression::anchoredPattern(output)).match(out).hasMatch(), qPrintable(out));
    QCOMPARE(code, exitCode);
}

QTEST_GUILESS_MAIN(TestKubectlExec)
#include "tst_kubectl_exec.moc"
