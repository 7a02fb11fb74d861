#include "gui/table_scene.h"

#include "gui/palette.h"

#include <QAbstractItemModel>
#include <QBrush>
#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QPen>

#include <algorithm>
#include <vector>

namespace k8slab::gui {

namespace {

constexpr qreal kPad = 6;
constexpr qreal kRow = 24;
constexpr qreal kMaxColumn = 360;

} // namespace

void drawTable(QGraphicsScene &scene, const QAbstractItemModel &model, const QString &caption)
{
    scene.clear();
    QFont font;
    font.setPointSizeF(9);
    QFont bold = font;
    bold.setBold(true);
    const int rows = model.rowCount(), columns = model.columnCount();
    std::vector<qreal> widths(std::size_t(columns), 0);
    for (int c = 0; c < columns; ++c) {
        widths[c] = QFontMetricsF(bold).horizontalAdvance(model.headerData(c, Qt::Horizontal).toString());
        for (int r = 0; r < rows; ++r) {
            const QVariant f = model.index(r, c).data(Qt::FontRole);
            const QFontMetricsF metrics(f.isValid() ? f.value<QFont>() : font);
            widths[c] = std::max(widths[c], metrics.horizontalAdvance(model.index(r, c).data().toString()));
        }
        widths[c] = std::min(widths[c] + 2 * kPad, kMaxColumn);
    }
    qreal y = 0;
    if (!caption.isEmpty()) {
        auto *text = scene.addText(caption, font);
        text->setDefaultTextColor(palette::text());
        qreal total = 0;
        for (qreal w : widths)
            total += w;
        text->setTextWidth(std::max<qreal>(total, 400));
        y = text->boundingRect().height() + kPad;
    }
    const QPen grid(QColor(0xD0, 0xD7, 0xDE), 1);
    const auto cell = [&](qreal x, qreal width, const QString &text, const QBrush &background, const QColor &colour, const QFont &f) {
        scene.addRect(QRectF(x, y, width, kRow), grid, background);
        const QFontMetricsF metrics(f);
        auto *item = scene.addSimpleText(metrics.elidedText(text, Qt::ElideRight, width - 2 * kPad), f);
        item->setBrush(colour);
        item->setPos(x + kPad, y + (kRow - metrics.height()) / 2);
    };
    qreal x = 0;
    for (int c = 0; c < columns; ++c) {
        cell(x, widths[c], model.headerData(c, Qt::Horizontal).toString(), palette::controlPlane(), palette::text(), bold);
        x += widths[c];
    }
    y += kRow;
    for (int r = 0; r < rows; ++r) {
        x = 0;
        for (int c = 0; c < columns; ++c) {
            const QModelIndex i = model.index(r, c);
            const QVariant background = i.data(Qt::BackgroundRole), foreground = i.data(Qt::ForegroundRole), f = i.data(Qt::FontRole);
            cell(x, widths[c], i.data().toString(), background.isValid() ? background.value<QBrush>() : QBrush(palette::canvas()),
                 foreground.isValid() ? foreground.value<QBrush>().color() : palette::text(), f.isValid() ? f.value<QFont>() : font);
            x += widths[c];
        }
        y += kRow;
    }
    scene.setSceneRect(scene.itemsBoundingRect());
}

} // namespace k8slab::gui
