#include "gui/sequence_view.h"

#include "gui/palette.h"
#include "gui/sequence_diagram_scene.h"

#include <QFontMetricsF>
#include <QPainter>

namespace k8slab::gui {

SequenceView::SequenceView(SequenceDiagramScene *scene, QWidget *parent) : QGraphicsView(scene, parent), m_scene(scene)
{
    setRenderHint(QPainter::Antialiasing);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
}

void SequenceView::drawForeground(QPainter *painter, const QRectF &)
{
    const QPointF top = mapToScene(QPoint(0, 0));
    if (top.y() < SequenceDiagramScene::headsBottom())
        return; // the real heads are in sight
    const QPointF right = mapToScene(QPoint(viewport()->width(), 0));
    constexpr qreal kBand = 24;
    painter->save();
    painter->fillRect(QRectF(top.x(), top.y(), right.x() - top.x(), kBand), QColor(0xE8, 0xEE, 0xF7, 235));
    painter->setPen(palette::nodeBorder(true));
    painter->drawLine(QPointF(top.x(), top.y() + kBand), QPointF(right.x(), top.y() + kBand));
    QFont font = painter->font();
    font.setPointSizeF(8.5);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(palette::text());
    const QFontMetricsF metrics(font);
    for (const auto &[x, title] : m_scene->laneHeads()) {
        const QString text = metrics.elidedText(title, Qt::ElideMiddle, 150);
        const qreal width = metrics.horizontalAdvance(text);
        painter->drawText(QPointF(x - width / 2, top.y() + kBand / 2 + metrics.ascent() / 2 - 1), text);
    }
    painter->restore();
}

void SequenceView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    viewport()->update(); // the pinned heads move with the viewport, not the scene
}

} // namespace k8slab::gui
