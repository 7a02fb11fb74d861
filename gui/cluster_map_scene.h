#pragma once

#include "gui/object_key.h"

#include <QGraphicsScene>
#include <QHash>

namespace k8slab::gui {

class ClusterView;
class ControlPlaneItem;
class NodeItem;
class PodItem;

/// The cluster map as one QGraphicsScene: the control plane on top, a tile per node,
/// each pod a disc on its node (unscheduled pods wait by the scheduler). Items are kept
/// by name and updated in place, so a change touches only what changed.
class ClusterMapScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit ClusterMapScene(QObject *parent = nullptr);
    ~ClusterMapScene() override;

    /// Brings the map up to date with the cluster.
    void sync(const ClusterView &state);
    /// The item drawing `key` (a Node or a Pod), or null.
    [[nodiscard]] QGraphicsItem *itemFor(const ObjectKey &key) const;
    [[nodiscard]] int nodeCount() const { return int(m_nodes.size()); }
    [[nodiscard]] int podCount() const { return int(m_pods.size()); }

Q_SIGNALS:
    /// The learner selected a node or a pod.
    void objectSelected(const k8slab::gui::ObjectKey &key);

private:
    void onSelection();

    ControlPlaneItem *m_controlPlane = nullptr;
    QHash<QString, NodeItem *> m_nodes; // by node name
    QHash<QString, PodItem *> m_pods;   // by "ns/name"
};

} // namespace k8slab::gui
