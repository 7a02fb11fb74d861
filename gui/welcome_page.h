#pragma once

#include "gui/navigator.h"

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

Q_SIGNALS:
    /// The learner chose where to go from here.
    void pageRequested(k8slab::gui::Page page);
    /// The learner wants to pick a lesson.
    void lessonsRequested();

private:
    QLabel *m_state = nullptr;
    QLabel *m_kubectl = nullptr;
};

} // namespace k8slab::gui
