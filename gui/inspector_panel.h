#pragma once

#include "gui/object_key.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;

namespace k8slab::store {
class MvccStore;
}

namespace k8slab::gui {

class ClusterView;
class ManagedFieldsView;
class RevisionDiff;

/// The selected object: its YAML as the API server has it (or had it at the revision
/// shown), its events, its owner chain (Pod → ReplicaSet → Deployment), how it
/// changed between any two of its versions, and which manager owns which of its fields.
class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(QWidget *parent = nullptr);

    /// Where objects are read from: the live cluster or a past revision.
    void setSource(ClusterView *source);
    /// Where their past versions are read from.
    void setStore(store::MvccStore *store);
    /// The versions' comparison (its tab reads them when shown).
    [[nodiscard]] RevisionDiff &changes() { return *m_changes; }
    /// Brings the comparison's tab to the front.
    void showChanges();
    /// Brings the field owners' tab to the front.
    void showFieldOwners();
    /// The field owners' view (for tests).
    [[nodiscard]] ManagedFieldsView &fieldOwners() { return *m_owners; }

    /// Shows `key` (and keeps showing it as it changes).
    void inspect(const ObjectKey &key);
    /// Reads the object again.
    void refresh();
    [[nodiscard]] const ObjectKey &current() const { return m_key; }
    /// The YAML shown (for tests).
    [[nodiscard]] QString yaml() const;

private:
    ClusterView *m_source = nullptr;
    ObjectKey m_key;
    QLabel *m_title = nullptr;
    QLabel *m_ownerChain = nullptr;
    QPlainTextEdit *m_yaml = nullptr;
    QTreeWidget *m_events = nullptr;
    RevisionDiff *m_changes = nullptr;
    ManagedFieldsView *m_owners = nullptr;
    QTabWidget *m_tabs = nullptr;
};

} // namespace k8slab::gui
