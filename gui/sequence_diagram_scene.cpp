#include "gui/sequence_diagram_scene.h"

#include "gui/palette.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace k8slab::gui {

namespace {

constexpr qreal kLaneWidth = 168;
constexpr qreal kLeft = 56;      // room for the step numbers
constexpr qreal kHeadTop = 16;
constexpr qreal kHeadHeight = 44;
constexpr qreal kFirstRow = 96;
constexpr qreal kRowHeight = 30;
constexpr int kStepRole = 0;     // QGraphicsItem::data key holding the step

qreal laneX(int lane)
{
    return kLeft + kLaneWidth * lane + kLaneWidth / 2;
}

QColor messageColour(SequenceMessage::Kind kind)
{
    switch (kind) {
    case SequenceMessage::Kind::Write:
        return QColor(0x8E, 0x5B, 0x00); // the store's brown
    case SequenceMessage::Kind::Watch:
        return QColor(0x2E, 0x7D, 0x32); // watch events: green
    default:
        return palette::text();
    }
}

QFont labelFont(bool bold = false)
{
    QFont f;
    f.setPointSizeF(8.5);
    f.setBold(bold);
    return f;
}

/// A lane title in one line, or two split at a space or before a bracket, elided only
/// if still too wide.
QString fitTitle(const QString &title, const QFontMetricsF &metrics, qreal width)
{
    if (metrics.horizontalAdvance(title) <= width)
        return title;
    qsizetype split = title.lastIndexOf(QLatin1Char(' '));
    for (const QChar bracket : {QChar(u'('), QChar(u'（')})
        if (const qsizetype at = title.indexOf(bracket); at > 0)
            split = at;
    if (split <= 0)
        return metrics.elidedText(title, Qt::ElideMiddle, width);
    const QString first = title.left(split).trimmed(), second = title.mid(split).trimmed();
    return metrics.elidedText(first, Qt::ElideMiddle, width) + QLatin1Char('\n')
           + metrics.elidedText(second, Qt::ElideMiddle, width);
}

} // namespace

SequenceDiagramScene::SequenceDiagramScene(QObject *parent) : QGraphicsScene(parent)
{
    setBackgroundBrush(palette::canvas());
}

void SequenceDiagramScene::setDiagram(SequenceDiagram diagram)
{
    clear();
    m_band = nullptr;
    m_current = -1;
    m_diagram = std::move(diagram);
    m_stepItems.assign(m_diagram.history.steps.size(), {});
    m_stepRows.assign(m_diagram.history.steps.size(), {0, 0});
    const qreal bottom = kFirstRow + kRowHeight * qreal(m_diagram.messages.size()) + 10;
    drawLanes(bottom);
    m_band = addRect(QRectF(), QPen(Qt::NoPen), QColor(0x1A, 0x73, 0xE8, 36));
    m_band->setZValue(-2);
    int lastStep = -1;
    for (std::size_t i = 0; i < m_diagram.messages.size(); ++i) {
        const SequenceMessage &m = m_diagram.messages[i];
        const qreal y = kFirstRow + kRowHeight * qreal(i);
        if (m.step != lastStep) {
            auto *number = addSimpleText(QString::number(m.step + 1), labelFont());
            number->setBrush(palette::mutedText());
            number->setPos(kLeft - 12 - number->boundingRect().width(), y - number->boundingRect().height() / 2);
            m_stepItems[m.step].push_back(number);
            m_stepRows[m.step].first = y - kRowHeight / 2;
            lastStep = m.step;
        }
        m_stepRows[m.step].second = y + kRowHeight / 2;
        drawMessage(m, y);
    }
    setSceneRect(itemsBoundingRect().adjusted(-12, -12, 12, 12));
}

void SequenceDiagramScene::drawLanes(qreal bottom)
{
    for (std::size_t i = 0; i < m_diagram.lanes.size(); ++i) {
        const qreal x = laneX(int(i));
        QPen life(palette::mutedText(), 1, Qt::DashLine);
        addLine(x, kHeadTop + kHeadHeight, x, bottom, life)->setZValue(-3);
        QPainterPath box;
        box.addRoundedRect(QRectF(x - kLaneWidth / 2 + 8, kHeadTop, kLaneWidth - 16, kHeadHeight), 8, 8);
        addPath(box, QPen(palette::nodeBorder(true), 1.2), palette::controlPlane());
        QFont f;
        f.setPointSizeF(9.5);
        f.setBold(true);
        auto *title = addSimpleText(fitTitle(m_diagram.lanes[i].title, QFontMetricsF(f), kLaneWidth - 26), f);
        title->setBrush(palette::text());
        const QRectF r = title->boundingRect();
        title->setPos(x - r.width() / 2, kHeadTop + (kHeadHeight - r.height()) / 2);
    }
}

void SequenceDiagramScene::drawMessage(const SequenceMessage &m, qreal y)
{
    std::vector<QGraphicsItem *> &items = m_stepItems[m.step];
    const QColor colour = messageColour(m.kind);
    const QFont font = labelFont();
    const QFontMetricsF metrics(font);
    if (m.from == m.to) {
        const qreal x = laneX(m.from);
        // A note may spill over its neighbours' lifelines rather than hide its words.
        const qreal width = std::clamp(metrics.horizontalAdvance(m.label) + 16, kLaneWidth - 24, 2 * kLaneWidth - 24);
        QPainterPath path;
        const QRectF box(x - width / 2, y - 11, width, 22);
        path.addRoundedRect(box, 5, 5);
        auto *note = addPath(path, QPen(QColor(0xC9, 0xA2, 0x27), 1), QColor(0xFF, 0xF6, 0xD5));
        auto *text = addSimpleText(metrics.elidedText(m.label, Qt::ElideRight, box.width() - 10), font);
        text->setBrush(palette::text());
        text->setPos(x - text->boundingRect().width() / 2, y - text->boundingRect().height() / 2);
        note->setToolTip(m.label);
        items.insert(items.end(), {note, text});
    } else {
        const qreal x1 = laneX(m.from), x2 = laneX(m.to);
        QPen pen(colour, 1.4, m.kind == SequenceMessage::Kind::Watch ? Qt::DashLine : Qt::SolidLine);
        auto *line = addLine(x1, y + 6, x2, y + 6, pen);
        const qreal dir = x2 > x1 ? -1 : 1;
        QPolygonF head;
        head << QPointF(x2, y + 6) << QPointF(x2 + dir * 9, y + 2) << QPointF(x2 + dir * 9, y + 10);
        auto *arrow = addPolygon(head, QPen(colour), colour);
        const qreal room = std::abs(x2 - x1) - 12;
        auto *text = addSimpleText(metrics.elidedText(m.label, Qt::ElideRight, std::max(room, kLaneWidth - 20)), font);
        text->setBrush(colour);
        text->setPos((x1 + x2) / 2 - text->boundingRect().width() / 2, y + 3 - text->boundingRect().height());
        line->setToolTip(m.label);
        items.insert(items.end(), {line, arrow, text});
    }
    for (QGraphicsItem *item : items)
        item->setData(kStepRole, m.step);
}

void SequenceDiagramScene::setCurrentStep(int step)
{
    m_current = step;
    for (std::size_t s = 0; s < m_stepItems.size(); ++s)
        for (QGraphicsItem *item : m_stepItems[s])
            item->setOpacity(step >= 0 && int(s) > step ? 0.18 : 1.0);
    if (!m_band)
        return;
    if (step < 0 || step >= int(m_stepRows.size())) {
        m_band->setRect(QRectF());
        return;
    }
    const auto [top, bottom] = m_stepRows[step];
    m_band->setRect(QRectF(kLeft - 40, top, kLaneWidth * qreal(m_diagram.lanes.size()) + 40, bottom - top));
}

QRectF SequenceDiagramScene::stepRect(int step) const
{
    QRectF rect;
    if (step < 0 || step >= int(m_stepItems.size()))
        return rect;
    for (const QGraphicsItem *item : m_stepItems[step])
        rect = rect.united(item->sceneBoundingRect());
    return rect;
}

std::vector<std::pair<qreal, QString>> SequenceDiagramScene::laneHeads() const
{
    std::vector<std::pair<qreal, QString>> heads;
    for (std::size_t i = 0; i < m_diagram.lanes.size(); ++i)
        heads.emplace_back(laneX(int(i)), m_diagram.lanes[i].title);
    return heads;
}

qreal SequenceDiagramScene::headsBottom()
{
    return kHeadTop + kHeadHeight;
}

void SequenceDiagramScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    for (QGraphicsItem *item : items(event->scenePos())) {
        const QVariant step = item->data(kStepRole);
        if (step.isValid()) {
            Q_EMIT stepClicked(step.toInt());
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
}

} // namespace k8slab::gui
