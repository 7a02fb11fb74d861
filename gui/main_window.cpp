#include "gui/main_window.h"

#include "core/lab/lab_session.h"
#include "gui/welcome_page.h"

namespace k8slab::gui {

MainWindow::MainWindow(lab::LabSession &session, QWidget *parent) : QMainWindow(parent), m_session(session)
{
    setWindowTitle(QStringLiteral("K8s Lab"));
    m_welcome = new WelcomePage(this);
    setCentralWidget(m_welcome);
    resize(1280, 800);
    refresh();
}

void MainWindow::refresh()
{
    m_welcome->setClusterState(QString::fromStdString(m_session.recording().path()),
                               m_session.store().revision(),
                               static_cast<qint64>(m_session.recording().lastTraceId()));
}

void MainWindow::setApiEndpoint(const QString &url, const QString &kubeconfigPath)
{
    m_welcome->setApiEndpoint(url, kubeconfigPath);
}

} // namespace k8slab::gui
