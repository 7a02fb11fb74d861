#pragma once

#include <QWidget>

class QComboBox;
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
class NodePage : public QWidget {
    Q_OBJECT
public:
    NodePage(kubelet::NodeAgents *agents, QWidget *parent = nullptr);

    /// Where the nodes and pods come from; redraws.
    void setSource(ClusterView *cluster);
    /// Shows node `name`.
    void showNode(const QString &name);
    /// Reads usage again (the runtime's stats change without the API seeing it).
    void refresh();

    [[nodiscard]] QTableWidget &table() { return *m_table; }
    [[nodiscard]] QString summaryText() const;

    /// Table columns.
    enum Column { PodColumn, ContainerColumn, QosColumn, PriorityColumn, RequestColumn, LimitColumn, UsageColumn,
                  AdjColumn, ScoreColumn, EvictionColumn, ColumnCount };

private:
    void redraw();

    kubelet::NodeAgents *m_agents;
    ClusterView *m_cluster = nullptr;
    QString m_node;
    QComboBox *m_choice = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace k8slab::gui
