#pragma once

#include <QWidget>

class QLabel;

namespace k8slab::gui {

/// The first page a learner sees: what the lab is and the state of its cluster.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    /// An empty welcome page; call setClusterState to fill in the live facts.
    explicit WelcomePage(QWidget *parent = nullptr);

    /// Shows where the cluster's recording lives and its current store revision.
    void setClusterState(const QString &recordingPath, qint64 revision, qint64 traceEvents);
    /// Shows how to point kubectl at the lab.
    void setApiEndpoint(const QString &url, const QString &kubeconfigPath);

private:
    QLabel *m_state = nullptr;
    QLabel *m_kubectl = nullptr;
};

} // namespace k8slab::gui
