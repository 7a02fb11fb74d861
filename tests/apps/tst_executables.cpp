// End to end: the two executables start on a recording, run, stop cleanly on request,
// and leave a recording that reopens with their trace in it.
#include "core/recording/recording.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace k8slab;

namespace {

std::vector<std::string> traceCodes(const QString &path)
{
    recording::RecordingOptions readOnly;
    readOnly.mode = store::OpenMode::ReadOnly;
    auto rec = recording::Recording::open(path.toStdString(), readOnly);
    if (!rec.ok())
        qFatal("%s", rec.status().toString().c_str());
    auto trace = (*rec)->readTrace();
    if (!trace.ok())
        qFatal("%s", trace.status().toString().c_str());
    std::vector<std::string> codes;
    for (const proto::TraceEvent &e : *trace)
        codes.push_back(e.code());
    return codes;
}

} // namespace

class TestExecutables : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void serverStartsAndStopsCleanlyOnSigterm();
    void serverRefusesADamagedRecording();
    void serverRefusesABadSpeed();
    void serverListsPlaysAndProvesLessons();
    void serverSaysWhichLessonsExist();
    void desktopAppStartsAndQuits();
    void desktopAppSavesAScreenshot();
};

void TestExecutables::serverStartsAndStopsCleanlyOnSigterm()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("server.k8slab");
    for (int run = 1; run <= 2; ++run) {
        QProcess server;
        server.start(K8SLAB_SERVER, {"--recording", path, "--data", dir.path(), "--listen", "127.0.0.1:0"});
        QVERIFY(server.waitForStarted());
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT((out += server.readAllStandardOutput()).contains("ready"),
                                  (out + server.readAllStandardError()).constData(), 10000);
        ::kill(static_cast<pid_t>(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        // Each run leaves its start in the trace; the second appends to the first.
        const auto codes = traceCodes(path);
        QCOMPARE(std::count(codes.begin(), codes.end(), "lab.started"), std::ptrdiff_t(run));
    }
}

void TestExecutables::serverRefusesADamagedRecording()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("damaged.k8slab");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'z'));
    file.close();
    QProcess server;
    server.start(K8SLAB_SERVER, {"--recording", path, "--data", dir.path(), "--listen", "127.0.0.1:0"});
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 1);
    QVERIFY(server.readAllStandardError().contains("is not a K8s Lab recording"));
}

void TestExecutables::serverRefusesABadSpeed()
{
    QTemporaryDir dir;
    QProcess server;
    server.start(K8SLAB_SERVER, {"--data", dir.path(), "--listen", "127.0.0.1:0", "--speed", "fast"});
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 2);
    QVERIFY(server.readAllStandardError().contains("--speed wants a non-negative number"));
}

void TestExecutables::serverListsPlaysAndProvesLessons()
{
    QProcess list;
    list.start(K8SLAB_SERVER, {"lesson", "list", "--lang", "zh_CN"});
    QVERIFY(list.waitForFinished(10000));
    QCOMPARE(list.exitCode(), 0);
    const QString lessons = QString::fromUtf8(list.readAllStandardOutput());
    QVERIFY2(lessons.contains(QStringLiteral(" 1  components             Kubernetes 是什么")), qPrintable(lessons));

    // The lesson plays on its own cluster, its kubectl actions run by the real kubectl.
    QProcess run;
    run.start(K8SLAB_SERVER, {"lesson", "run", "pod-creation", "--lang", "zh_CN"});
    QVERIFY(run.waitForFinished(120000));
    const QString played = QString::fromUtf8(run.readAllStandardOutput());
    QVERIFY2(run.exitCode() == 0, qPrintable(played + run.readAllStandardError()));
    QVERIFY2(played.contains(QStringLiteral("# 2. Pod 是如何创建的")), qPrintable(played));
    QVERIFY(played.contains(QStringLiteral("调度器选择节点并绑定 Pod")));    // a step's title
    QVERIFY(played.contains(QStringLiteral("kube-scheduler **watch**")));    // its narration
    QVERIFY(played.contains(QStringLiteral("$ kubectl get pod nginx -o wide"))); // what it ran
    QVERIFY(played.contains(QStringLiteral("✓ Pod hello 运行 busybox 并处于 Running")));
    QVERIFY(played.endsWith(QStringLiteral("lesson played: every check passed\n")));

    QProcess check;
    check.start(K8SLAB_SERVER, {"lesson", "check", "1"});
    QVERIFY(check.waitForFinished(120000));
    const QString proved = QString::fromUtf8(check.readAllStandardOutput());
    QVERIFY2(check.exitCode() == 0, qPrintable(proved));
    QVERIFY(proved.contains(QStringLiteral("# components: exercise 1 answered wrongly")));
    QVERIFY(proved.endsWith(QStringLiteral("1/1 lessons proved\n")));
}

void TestExecutables::serverSaysWhichLessonsExist()
{
    QProcess run;
    run.start(K8SLAB_SERVER, {"lesson", "run", "no-such-lesson"});
    QVERIFY(run.waitForFinished(10000));
    QCOMPARE(run.exitCode(), 1);
    QVERIFY(run.readAllStandardError().contains("no lesson \"no-such-lesson\" (k8slab-server lesson list)"));
    QProcess bad;
    bad.start(K8SLAB_SERVER, {"lesson", "play", "1"});
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(bad.readAllStandardError().contains("unknown command (list, run, check or export)"));
}

void TestExecutables::desktopAppStartsAndQuits()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("app.k8slab");
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_DATA_HOME", dir.path()); // its kubeconfig goes there, not into the user's home
    app.setProcessEnvironment(env);
    app.start(K8SLAB_APP, {"--recording", path, "--quit-after", "300"});
    QVERIFY(app.waitForFinished(20000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    const auto codes = traceCodes(path);
    QCOMPARE(std::count(codes.begin(), codes.end(), "lab.started"), std::ptrdiff_t(1));
    QVERIFY(QFile::exists(dir.filePath("k8slab/kubeconfig")));
}

void TestExecutables::desktopAppSavesAScreenshot()
{
    QTemporaryDir dir;
    const QString png = dir.filePath("window.png");
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_DATA_HOME", dir.path());
    app.setProcessEnvironment(env);
    app.start(K8SLAB_APP, {"--recording", dir.filePath("app.k8slab"), "--screenshot", png});
    QVERIFY(app.waitForFinished(20000));
    QCOMPARE(app.exitCode(), 0);
    QFile file(png);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.size() > 1000);
    QVERIFY(file.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "tst_executables.moc"
