#include "gui/cluster_map_view.h"

#include "gui/cluster_map_items.h"
#include "gui/cluster_map_scene.h"

#include <QContextMenuEvent>
#include <QWheelEvent>

namespace k8slab::gui {

ClusterMapView::ClusterMapView(ClusterMapScene *scene, QWidget *parent) : QGraphicsView(scene, parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlag(QGraphicsView::DontSavePainterState);
    setFrameShape(QFrame::NoFrame);
}

void ClusterMapView::keepFitted()
{
    if (m_autoFit)
        fitAll();
}

void ClusterMapView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    keepFitted();
}

void ClusterMapView::fitAll()
{
    m_autoFit = true;
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    // A small cluster is shown larger (for the back of the room), but not so large that
    // three nodes fill a projector screen.
    if (transform().m11() > 1.6)
        setTransform(QTransform::fromScale(1.6, 1.6));
}

void ClusterMapView::zoomBy(double factor)
{
    const double current = transform().m11();
    const double next = std::clamp(current * factor, 0.02, 4.0);
    scale(next / current, next / current);
}

void ClusterMapView::contextMenuEvent(QContextMenuEvent *event)
{
    for (QGraphicsItem *item = itemAt(event->pos()); item; item = item->parentItem()) {
        const ObjectKey key = item->data(kObjectKeyRole).value<ObjectKey>();
        if (key.isValid()) {
            Q_EMIT contextMenuRequested(key, event->globalPos());
            return;
        }
    }
}

void ClusterMapView::wheelEvent(QWheelEvent *event)
{
    m_autoFit = false;
    zoomBy(std::pow(1.0015, event->angleDelta().y()));
    event->accept();
}

} // namespace k8slab::gui
