#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace k8slab::test {

/// What one kubectl run printed.
struct KubectlRun {
    int exitCode = -1; ///< kubectl's exit code.
    QString out;       ///< stdout.
    QString err;       ///< stderr, without kubectl 1.29's version-skew warning.
};

/// A k8slab-server on a free loopback port with its own data folder, and the real
/// kubectl pointed at it (K8SLAB_KUBECTL, else /usr/bin/kubectl).
class LabServer {
public:
    LabServer() = default;
    ~LabServer();
    LabServer(const LabServer &) = delete;
    LabServer &operator=(const LabServer &) = delete;

    /// The kubectl binary; empty (with a reason in why()) when it is not installed.
    [[nodiscard]] QString kubectlPath() const;
    /// Starts the server with `extraArgs` (and `--nodes 0` unless they say otherwise);
    /// false (and why()) on failure.
    bool start(const QStringList &extraArgs = {});
    /// Stops the server with SIGTERM; false if it did not exit cleanly.
    bool stop();
    /// Runs kubectl with the lab's kubeconfig.
    KubectlRun kubectl(const QStringList &args, const QProcessEnvironment &extra = {}) const;
    /// The server's process id (0 when not running).
    [[nodiscard]] qint64 pid() const { return m_server.processId(); }
    /// True while the server process runs.
    [[nodiscard]] bool running() const { return m_server.state() == QProcess::Running; }
    /// The API server's URL.
    [[nodiscard]] const QString &url() const { return m_url; }
    /// The data folder (kubeconfig, recording).
    [[nodiscard]] QString path(const QString &file = {}) const { return file.isEmpty() ? m_dir.path() : m_dir.filePath(file); }
    /// The environment kubectl runs in, with `extra`'s variables set over it.
    [[nodiscard]] QProcessEnvironment environment(const QProcessEnvironment &extra = {}) const;
    /// Why start() failed.
    [[nodiscard]] const QString &why() const { return m_why; }

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_url;
    QString m_why;
};

/// Runs kubectl and checks its exit code and that the whole stdout (and, unless null,
/// stderr) match the regular expressions; an empty string when it does, else a report
/// of the command and what it printed.
QString checkKubectl(const LabServer &lab, const QStringList &args, int exitCode, const QString &stdoutPattern,
                     const QString &stderrPattern = {});

} // namespace k8slab::test
