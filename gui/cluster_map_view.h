#pragma once

#include "gui/object_key.h"

#include <QGraphicsView>

namespace k8slab::gui {

class ClusterMapScene;

/// Shows the cluster map: the wheel zooms about the cursor, dragging the background pans,
/// a click selects a node or a pod.
class ClusterMapView : public QGraphicsView {
    Q_OBJECT
public:
    explicit ClusterMapView(ClusterMapScene *scene, QWidget *parent = nullptr);

    /// Fits the whole cluster in the view; until the learner zooms, the view keeps
    /// fitting as the cluster grows and the window resizes.
    void fitAll();
    /// Fits again if the learner has not zoomed since the last fitAll().
    void keepFitted();
    /// Zooms by `factor` about the view's centre.
    void zoomBy(double factor);

Q_SIGNALS:
    /// The learner asked for the context menu of a node or pod at `globalPos`.
    void contextMenuRequested(const k8slab::gui::ObjectKey &key, const QPoint &globalPos);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    bool m_autoFit = true;
};

} // namespace k8slab::gui
