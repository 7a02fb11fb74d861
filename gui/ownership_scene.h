#pragma once

#include "gui/object_key.h"

#include <QGraphicsScene>
#include <QHash>

class QGraphicsPathItem;

namespace k8slab::gui {

class ClusterView;

/// Who owns whom in one namespace, as the controllers see it: Deployments →
/// ReplicaSets → Pods → the Nodes they run on, and Services → EndpointSlices → the Pods
/// they list. Columns left to right; pods are ordered by owner so the lines rarely
/// cross. Clicking an object selects it and thickens its lines.
class OwnershipScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit OwnershipScene(QObject *parent = nullptr);
    ~OwnershipScene() override;

    /// Draws the namespace `ns` of `cluster` (replacing what was drawn).
    void sync(const ClusterView &cluster, const QString &ns);
    /// Highlights an object and its lines (an invalid key clears).
    void highlight(const ObjectKey &key);
    /// The objects drawn (for tests): "Kind/name".
    [[nodiscard]] QStringList objects() const;
    /// The lines drawn (for tests): "Kind/name -> Kind/name".
    [[nodiscard]] QStringList links() const { return m_linkNames; }

    /// At most this many pods are drawn (a note says how many were left out).
    static constexpr int kMaxPods = 400;

Q_SIGNALS:
    /// The learner clicked an object.
    void objectSelected(const k8slab::gui::ObjectKey &key);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;

private:
    struct Link {
        QString from, to;
        QGraphicsPathItem *path;
    };
    QGraphicsItem *addBox(const ObjectKey &key, const QString &detail, int column, qreal y, const QColor &accent);
    void addLink(const QString &from, const QString &to, bool dashed);

    QHash<QString, QGraphicsItem *> m_boxes; ///< "Kind/name" → box
    std::vector<Link> m_links;
    QStringList m_linkNames;
    QString m_ns;
};

} // namespace k8slab::gui
