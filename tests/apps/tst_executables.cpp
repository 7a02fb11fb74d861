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
