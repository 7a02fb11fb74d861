#pragma once

#include "gui/sourced_page.h"

#include <QWidget>

class QComboBox;
class QGraphicsScene;
class QLabel;
class QTableWidget;

namespace k8slab::kubelet {
class NodeAgents;
}

namespace k8slab::gui {

class ClusterView;

/// "Nodes": one node as its kubelet and kernel see memory — every container with its
/// QoS class, priority, memory request, limit and use, the oom_score_adj the kubelet
/// gives it and the oom_score the kernel would compute, and the order in which the OOM
/// killer and the eviction manager would pick their victims, with why.
class NodePage : public SourcedPage {
    Q_OBJECT
public:
    NodePage(kubelet::NodeAgents *agents, QWidget *parent = nullptr);

    /// Shows node `name`.
    void showNode(const QString &name);
    /// Reads usage again (the runtime's stats change without the API seeing it).
    void refresh() override;

    [[nodiscard]] QTableWidget &table() { return *m_table; }
    [[nodiscard]] QString summaryText() const;
    /// The table and its summary drawn as a diagram (what File ▸ Export writes).
    QGraphicsScene &diagramScene();

    /// Table columns.
    enum Column { PodColumn, ContainerColumn, QosColumn, PriorityColumn, RequestColumn, LimitColumn, UsageColumn,
                  AdjColumn, ScoreColumn, EvictionColumn, ColumnCount };

private:
    void sourceChanged() override;
    void redraw();

    kubelet::NodeAgents *m_agents;
    QString m_node;
    QComboBox *m_choice = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
    QGraphicsScene *m_diagram = nullptr;
};

} // namespace k8slab::gui
