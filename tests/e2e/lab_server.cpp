#include "tests/e2e/lab_server.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <csignal>

namespace k8slab::test {

LabServer::~LabServer()
{
    if (m_server.state() == QProcess::Running) {
        m_server.kill();
        m_server.waitForFinished(5000);
    }
}

QString LabServer::kubectlPath() const { return qEnvironmentVariable("K8SLAB_KUBECTL", "/usr/bin/kubectl"); }

bool LabServer::start(const QStringList &extraArgs)
{
    m_server.setProcessChannelMode(QProcess::SeparateChannels);
    QStringList args{"--data", m_dir.path(), "--listen", "127.0.0.1:0", "--seed", "7"};
    // No default nodes unless asked: the scenarios bring the nodes they need.
    if (!extraArgs.contains("--nodes") && !extraArgs.contains("--cluster"))
        args << "--nodes" << "0";
    m_server.start(K8SLAB_SERVER, args + extraArgs);
    if (!m_server.waitForStarted()) {
        m_why = "k8slab-server did not start: " + m_server.errorString();
        return false;
    }
    QByteArray out;
    const QDeadlineTimer deadline(15000);
    while (!out.contains("ready") && !deadline.hasExpired() && m_server.state() == QProcess::Running) {
        m_server.waitForReadyRead(200);
        out += m_server.readAllStandardOutput();
    }
    if (!out.contains("ready")) {
        m_why = "k8slab-server did not get ready: " + QString::fromUtf8(out + m_server.readAllStandardError());
        return false;
    }
    const auto match = QRegularExpression("serving the Kubernetes API at (http://[0-9.:]+)").match(QString::fromUtf8(out));
    if (!match.hasMatch()) {
        m_why = "no URL in: " + QString::fromUtf8(out);
        return false;
    }
    m_url = match.captured(1);
    return true;
}

bool LabServer::stop()
{
    if (m_server.state() != QProcess::Running)
        return true;
    ::kill(static_cast<pid_t>(m_server.processId()), SIGTERM);
    return m_server.waitForFinished(10000) && m_server.exitCode() == 0;
}

QProcessEnvironment LabServer::environment(const QProcessEnvironment &extra) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("KUBECONFIG", m_dir.filePath("kubeconfig"));
    env.insert("HOME", m_dir.path());
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    return env;
}

KubectlRun LabServer::kubectl(const QStringList &args, const QProcessEnvironment &extra) const
{
    QProcess process;
    process.setProcessEnvironment(environment(extra));
    // The cache flag goes first: whatever follows "--" in args belongs to the container.
    process.start(kubectlPath(), QStringList{"--cache-dir", m_dir.filePath("kube-cache")} + args);
    process.waitForFinished(60000);
    KubectlRun run{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                   QString::fromUtf8(process.readAllStandardError())};
    // Some kubectl versions colour output even into a pipe; 1.29 warns about the skew.
    run.out.remove(QRegularExpression("\x1b\\[[0-9;]*m"));
    run.err.remove(QRegularExpression("WARNING: version difference[^\\n]*\\n"));
    return run;
}

QString checkKubectl(const LabServer &lab, const QStringList &args, int exitCode, const QString &stdoutPattern,
                     const QString &stderrPattern)
{
    const KubectlRun run = lab.kubectl(args);
    const QString report = "kubectl " + args.join(' ') + "\n--- stdout:\n" + run.out + "--- stderr:\n" + run.err;
    const auto whole = [](const QString &pattern, const QString &text) {
        return QRegularExpression(QRegularExpression::anchoredPattern(pattern)).match(text).hasMatch();
    };
    if (run.exitCode != exitCode || !whole(stdoutPattern, run.out) || (!stderrPattern.isNull() && !whole(stderrPattern, run.err)))
        return report;
    return {};
}

} // namespace k8slab::test
