#include "gui/kubectl_console.h"

#include "gui/palette.h"

#include <QFileInfo>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace k8slab::gui {

KubectlConsole::KubectlConsole(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_output = new QPlainTextEdit(this);
    m_output->setReadOnly(true);
    m_output->setFont(mono);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setMaximumBlockCount(5000);
    m_input = new QLineEdit(this);
    m_input->setFont(mono);
    m_input->setPlaceholderText(tr("kubectl get pods -o wide   (Enter runs it; ↑/↓ history)"));
    m_input->installEventFilter(this);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_input);
    connect(m_input, &QLineEdit::returnPressed, this, [this] {
        const QString command = m_input->text().trimmed();
        if (command.isEmpty())
            return;
        m_input->clear();
        run(command);
    });
    if (kubectlPath().isEmpty())
        append(tr("kubectl is not installed on this machine: install it to type commands here "
                  "(the lab's API works with kubectl 1.27 to 1.33)."),
               true);
}

KubectlConsole::~KubectlConsole()
{
    if (m_process) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

QString KubectlConsole::kubectlPath()
{
    const QString configured = qEnvironmentVariable("K8SLAB_KUBECTL");
    if (!configured.isEmpty())
        return QFileInfo(configured).isExecutable() ? configured : QString();
    return QStandardPaths::findExecutable(QStringLiteral("kubectl"));
}

void KubectlConsole::setKubeconfig(const QString &path)
{
    m_kubeconfig = path;
}

QString KubectlConsole::transcript() const
{
    return m_output->toPlainText();
}

void KubectlConsole::append(const QString &text, bool error)
{
    QTextCharFormat format;
    format.setForeground(error ? palette::phase(QStringLiteral("Failed")) : palette::text());
    QTextCursor cursor = m_output->textCursor();
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text.endsWith(QLatin1Char('\n')) || text.isEmpty() ? text : text + QLatin1Char('\n'), format);
    m_output->setTextCursor(cursor);
    m_output->ensureCursorVisible();
}

void KubectlConsole::run(const QString &command)
{
    QStringList args = QProcess::splitCommand(command);
    if (!args.isEmpty() && args.first() == QLatin1String("kubectl"))
        args.removeFirst();
    m_history.removeAll(command);
    m_history.append(command);
    m_historyPos = int(m_history.size());
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    QTextCursor cursor = m_output->textCursor();
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QStringLiteral("$ kubectl ") + args.join(QLatin1Char(' ')) + QLatin1Char('\n'), bold);
    const QString kubectl = kubectlPath();
    if (kubectl.isEmpty() || m_kubeconfig.isEmpty()) {
        append(kubectl.isEmpty() ? tr("kubectl is not installed on this machine.") : tr("The lab serves no API yet."), true);
        Q_EMIT finished(-1);
        return;
    }
    if (m_process) {
        append(tr("The previous command is still running."), true);
        return;
    }
    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("KUBECONFIG"), m_kubeconfig);
    m_process->setProcessEnvironment(env);
    connect(m_process, &QProcess::readyReadStandardOutput, this,
            [this] { append(QString::fromUtf8(m_process->readAllStandardOutput())); });
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { append(QString::fromUtf8(m_process->readAllStandardError()), true); });
    connect(m_process, &QProcess::finished, this, [this](int code) {
        m_process->deleteLater();
        m_process = nullptr;
        Q_EMIT finished(code);
    });
    m_process->start(kubectl, args);
}

bool KubectlConsole::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress && !m_history.isEmpty()) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            m_historyPos = std::clamp(m_historyPos + (key == Qt::Key_Up ? -1 : 1), 0, int(m_history.size()));
            m_input->setText(m_historyPos < int(m_history.size()) ? m_history[m_historyPos] : QString());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace k8slab::gui
