#pragma once

#include "gui/object_key.h"

#include "gui/sourced_page.h"

#include <QWidget>

class QComboBox;
class QGraphicsView;
class QLabel;
class QTreeWidget;

namespace k8slab::recording {
class TraceIndex;
}

namespace k8slab::gui {

class ClusterView;
class OwnershipScene;

/// "Controllers": the ownership graph of a namespace (Deployment → ReplicaSet → Pods →
/// Node, Service → EndpointSlice → Pods) beside every controller reconcile the trace
/// holds for it, newest first — which controller, which object, what it saw (desired
/// against actual) and what it did. Selecting an object in the graph keeps the
/// reconciles of that object and its owners. Follows the timeline.
class ControllersPage : public SourcedPage {
    Q_OBJECT
public:
    ControllersPage(const recording::TraceIndex &trace, QWidget *parent = nullptr);

    /// Shows the namespace `ns`.
    void showNamespace(const QString &ns);
    /// Keeps the reconciles of `key` and its owners (an invalid key shows all).
    void focus(const ObjectKey &key);
    /// Lists reconciles up to store revision `revision` (0: all, live).
    void followRevision(qint64 revision);
    /// Reads the trace again when it grew.
    void refresh() override;

    [[nodiscard]] OwnershipScene &graph() { return *m_scene; }
    [[nodiscard]] QTreeWidget &reconciles() { return *m_reconciles; }

    /// At most this many reconciles are listed.
    static constexpr int kMaxRows = 300;

private:
    void sourceChanged() override;
    void reloadReconciles();
    [[nodiscard]] bool concernsFocus(const std::string &kind, const std::string &name) const;

    const recording::TraceIndex &m_trace;
    QString m_ns = QStringLiteral("default");
    ObjectKey m_focus;
    QStringList m_focusChain; ///< "Kind/name" of the focus and its owners
    qint64 m_revision = 0;
    std::uint64_t m_listedAt = 0;
    QComboBox *m_namespace = nullptr;
    OwnershipScene *m_scene = nullptr;
    QGraphicsView *m_view = nullptr;
    QTreeWidget *m_reconciles = nullptr;
    QLabel *m_caption = nullptr;
};

} // namespace k8slab::gui
