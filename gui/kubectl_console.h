#pragma once

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QProcess;

namespace k8slab::gui {

/// A panel where students type kubectl commands, run by the real kubectl with the lab's
/// kubeconfig: output as kubectl prints it, ↑/↓ for history. Says so clearly when kubectl
/// is not installed or the lab serves no API.
class KubectlConsole : public QWidget {
    Q_OBJECT
public:
    explicit KubectlConsole(QWidget *parent = nullptr);
    ~KubectlConsole() override;

    /// The kubeconfig kubectl uses (set once the lab serves its API).
    void setKubeconfig(const QString &path);
    /// Runs `command` ("get pods -o wide", with or without a leading "kubectl").
    void run(const QString &command);
    /// Everything shown so far (for tests).
    [[nodiscard]] QString transcript() const;
    /// The kubectl binary used (K8SLAB_KUBECTL, else the first kubectl on PATH).
    [[nodiscard]] static QString kubectlPath();

Q_SIGNALS:
    /// A command finished with `exitCode`.
    void finished(int exitCode);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void append(const QString &text, bool error = false);

    QPlainTextEdit *m_output = nullptr;
    QLineEdit *m_input = nullptr;
    QProcess *m_process = nullptr;
    QString m_kubeconfig;
    QStringList m_history;
    int m_historyPos = 0;
};

} // namespace k8slab::gui
