#pragma once

#include "gui/object_key.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace k8slab::gui {

class ClusterView;

/// The selected object: its YAML as the API server has it, its events, and its owner
/// chain (Pod → ReplicaSet → Deployment).
class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(QWidget *parent = nullptr);

    /// Where objects are read from: the live cluster or a past revision.
    void setSource(ClusterView *source);

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
    QLabel *m_owners = nullptr;
    QPlainTextEdit *m_yaml = nullptr;
    QTreeWidget *m_events = nullptr;
};

} // namespace k8slab::gui
