#pragma once

#include <QMainWindow>

namespace k8slab::lab {
class LabSession;
}

namespace k8slab::gui {

class WelcomePage;

/// The application window: composes the pages and panels, owns none of their logic.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// A window showing `session`, which must outlive it.
    explicit MainWindow(lab::LabSession &session, QWidget *parent = nullptr);

    /// Re-reads the session's state into the visible page.
    void refresh();
    /// Tells the learner where kubectl reaches this cluster.
    void setApiEndpoint(const QString &url, const QString &kubeconfigPath);

private:
    lab::LabSession &m_session;
    WelcomePage *m_welcome = nullptr;
};

} // namespace k8slab::gui
