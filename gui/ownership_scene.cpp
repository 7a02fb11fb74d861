#include "gui/ownership_scene.h"

#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/palette.h"

#include <QFontMetricsF>
#include <QGraphicsPathItem>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QPen>

#include <algorithm>
#include <map>
#include <set>

namespace k8slab::gui {

namespace {

using api::Json;

constexpr qreal kColumnWidth = 250;
constexpr qreal kBoxWidth = 200;
constexpr qreal kBoxHeight = 36;
constexpr qreal kGap = 10;
constexpr int kKeyRole = 0; // item data: "Kind/name"

QString keyOf(const QString &kind, const QString &name)
{
    return kind + QLatin1Char('/') + name;
}

const Json &meta(const Json &o)
{
    return objectAt(o, "metadata");
}

QString nameOf(const Json &o)
{
    return qtextAt(meta(o), "name");
}

/// The name of the owner of `kind` (controller reference), or empty.
QString ownerOf(const Json &o, const char *kind)
{
    const auto owners = meta(o).find("ownerReferences");
    if (owners == meta(o).end() || !owners->is_array())
        return {};
    for (const Json &ref : *owners)
        if (textAt(ref, "kind") == kind)
            return qtextAt(ref, "name");
    return {};
}

QColor kindColour(const QString &kind)
{
    if (kind == QLatin1String("Deployment"))
        return QColor(0x1A, 0x73, 0xE8);
    if (kind == QLatin1String("ReplicaSet"))
        return QColor(0x00, 0x89, 0x7B);
    if (kind == QLatin1String("Service"))
        return QColor(0x8E, 0x24, 0xAA);
    if (kind == QLatin1String("EndpointSlice"))
        return QColor(0xEF, 0x6C, 0x00);
    return palette::nodeBorder(true);
}

} // namespace

OwnershipScene::OwnershipScene(QObject *parent) : QGraphicsScene(parent)
{
    setBackgroundBrush(palette::canvas());
}

OwnershipScene::~OwnershipScene()
{
    blockSignals(true);
    clear();
}

QGraphicsItem *OwnershipScene::addBox(const ObjectKey &key, const QString &detail, int column, qreal y, const QColor &accent)
{
    QPainterPath path;
    path.addRoundedRect(QRectF(0, 0, kBoxWidth, kBoxHeight), 6, 6);
    auto *box = addPath(path, QPen(accent, 1.6), palette::nodeFill(true));
    box->setPos(column * kColumnWidth, y);
    QFont bold;
    bold.setPointSizeF(8.5);
    bold.setBold(true);
    const QFontMetricsF metrics(bold);
    auto *title = new QGraphicsSimpleTextItem(metrics.elidedText(key.kind + QLatin1Char(' ') + key.name, Qt::ElideMiddle, kBoxWidth - 12), box);
    title->setFont(bold);
    title->setBrush(palette::text());
    title->setPos(6, 3);
    QFont small;
    small.setPointSizeF(8);
    auto *sub = new QGraphicsSimpleTextItem(QFontMetricsF(small).elidedText(detail, Qt::ElideRight, kBoxWidth - 12), box);
    sub->setFont(small);
    sub->setBrush(palette::mutedText());
    sub->setPos(6, 19);
    box->setToolTip(key.display() + QLatin1Char('\n') + detail);
    box->setData(kKeyRole, keyOf(key.kind, key.name));
    box->setFlag(QGraphicsItem::ItemIsSelectable);
    m_boxes.insert(keyOf(key.kind, key.name), box);
    return box;
}

void OwnershipScene::addLink(const QString &from, const QString &to, bool dashed)
{
    QGraphicsItem *a = m_boxes.value(from), *b = m_boxes.value(to);
    if (!a || !b)
        return;
    const QPointF start = a->pos() + QPointF(kBoxWidth, kBoxHeight / 2);
    const QPointF end = b->pos() + QPointF(0, kBoxHeight / 2);
    QPainterPath path(start);
    const qreal bend = (end.x() - start.x()) / 2;
    path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end);
    QPen pen(dashed ? kindColour(QStringLiteral("Service")) : palette::mutedText(), 1.1, dashed ? Qt::DashLine : Qt::SolidLine);
    auto *line = addPath(path, pen);
    line->setZValue(-1);
    m_links.push_back({from, to, line});
    m_linkNames << from + QStringLiteral(" -> ") + to;
}

void OwnershipScene::sync(const ClusterView &cluster, const QString &ns)
{
    clear();
    m_boxes.clear();
    m_links.clear();
    m_linkNames.clear();
    m_ns = ns;
    const auto inNs = [&ns](const Json *o) { return qtextAt(meta(*o), "namespace") == ns; };
    const auto byName = [](const Json *a, const Json *b) { return nameOf(*a) < nameOf(*b); };
    std::vector<const Json *> deployments, replicaSets, pods, services, slices;
    for (const auto &[kind, into] : {std::pair{Watched::Deployments, &deployments}, std::pair{Watched::ReplicaSets, &replicaSets},
                                     std::pair{Watched::Pods, &pods}, std::pair{Watched::Services, &services},
                                     std::pair{Watched::EndpointSlices, &slices}}) {
        for (const Json *o : cluster.list(kind))
            if (inNs(o))
                into->push_back(o);
        std::sort(into->begin(), into->end(), byName);
    }

    // Column 0: Deployments, then Services; column 1: their ReplicaSets and
    // EndpointSlices; column 2: pods in their owners' order; column 3: nodes.
    qreal y0 = 0, y1 = 0, y2 = 0;
    std::vector<const Json *> orderedPods;
    std::set<const Json *> placedPods, placedSets;
    const auto placePodsOf = [&](const QString &kind, const QString &owner) {
        for (const Json *p : pods)
            if (!placedPods.count(p) && ownerOf(*p, kind.toUtf8().constData()) == owner) {
                orderedPods.push_back(p);
                placedPods.insert(p);
            }
    };
    for (const Json *d : deployments) {
        const Json &status = objectAt(*d, "status");
        addBox({QStringLiteral("Deployment"), ns, nameOf(*d)},
               tr("%1/%2 ready, %3 up to date")
                   .arg(status.value("readyReplicas", 0))
                   .arg(objectAt(*d, "spec").value("replicas", 1))
                   .arg(status.value("updatedReplicas", 0)),
               0, y0, kindColour(QStringLiteral("Deployment")));
        y0 += kBoxHeight + kGap;
        for (const Json *rs : replicaSets)
            if (ownerOf(*rs, "Deployment") == nameOf(*d)) {
                placedSets.insert(rs);
                y1 = std::max(y1, y0 - kBoxHeight - kGap);
                addBox({QStringLiteral("ReplicaSet"), ns, nameOf(*rs)},
                       tr("%1 wanted, %2 ready")
                           .arg(objectAt(*rs, "spec").value("replicas", 0))
                           .arg(objectAt(*rs, "status").value("readyReplicas", 0)),
                       1, y1, kindColour(QStringLiteral("ReplicaSet")));
                y1 += kBoxHeight + kGap;
                placePodsOf(QStringLiteral("ReplicaSet"), nameOf(*rs));
            }
        y0 = std::max(y0, y1);
    }
    for (const Json *rs : replicaSets)
        if (!placedSets.count(rs)) {
            addBox({QStringLiteral("ReplicaSet"), ns, nameOf(*rs)},
                   tr("%1 wanted").arg(objectAt(*rs, "spec").value("replicas", 0)), 1, y1, kindColour(QStringLiteral("ReplicaSet")));
            y1 += kBoxHeight + kGap;
            placePodsOf(QStringLiteral("ReplicaSet"), nameOf(*rs));
        }
    for (const Json *p : pods)
        if (!placedPods.count(p))
            orderedPods.push_back(p);
    const int shownPods = std::min<int>(int(orderedPods.size()), kMaxPods);
    std::set<QString> nodes;
    for (int i = 0; i < shownPods; ++i) {
        const Json &p = *orderedPods[i];
        const QString phase = qtextAt(objectAt(p, "status"), "phase");
        const QString node = qtextAt(objectAt(p, "spec"), "nodeName");
        QGraphicsItem *box = addBox({QStringLiteral("Pod"), ns, nameOf(p)}, node.isEmpty() ? phase : phase + QStringLiteral(" · ") + node,
                                    2, y2, palette::phase(phase));
        static_cast<QGraphicsPathItem *>(box)->setBrush(palette::phase(phase).lighter(185));
        y2 += kBoxHeight + kGap;
        if (!node.isEmpty())
            nodes.insert(node);
    }
    if (shownPods < int(orderedPods.size())) {
        auto *more = addSimpleText(tr("… and %1 more pods").arg(int(orderedPods.size()) - shownPods));
        more->setPos(2 * kColumnWidth, y2);
        y2 += kBoxHeight;
    }
    qreal y3 = 0;
    for (const QString &node : nodes) {
        addBox({QStringLiteral("Node"), QString(), node}, tr("node"), 3, y3, kindColour(QStringLiteral("Node")));
        y3 += kBoxHeight + kGap;
    }
    // Services and their slices below the workloads.
    y0 = y1 = std::max({y0, y1}) + kGap * 2;
    for (const Json *svc : services) {
        addBox({QStringLiteral("Service"), ns, nameOf(*svc)},
               qtextAt(objectAt(*svc, "spec"), "type") + QStringLiteral(" ") + qtextAt(objectAt(*svc, "spec"), "clusterIP"), 0, y0,
               kindColour(QStringLiteral("Service")));
        y0 += kBoxHeight + kGap;
        for (const Json *slice : slices)
            if (textAt(objectAt(meta(*slice), "labels"), "kubernetes.io/service-name") == nameOf(*svc).toStdString()) {
                const auto endpoints = slice->find("endpoints");
                const int count = endpoints != slice->end() && endpoints->is_array() ? int(endpoints->size()) : 0;
                y1 = std::max(y1, y0 - kBoxHeight - kGap);
                addBox({QStringLiteral("EndpointSlice"), ns, nameOf(*slice)}, tr("%1 endpoints").arg(count), 1, y1,
                       kindColour(QStringLiteral("EndpointSlice")));
                y1 += kBoxHeight + kGap;
                addLink(keyOf(QStringLiteral("Service"), nameOf(*svc)), keyOf(QStringLiteral("EndpointSlice"), nameOf(*slice)), true);
                if (count > 0)
                    for (const Json &ep : *endpoints)
                        addLink(keyOf(QStringLiteral("EndpointSlice"), nameOf(*slice)),
                                keyOf(QStringLiteral("Pod"), qtextAt(objectAt(ep, "targetRef"), "name")), true);
            }
        y0 = std::max(y0, y1);
    }
    // Ownership and placement lines.
    for (const Json *rs : replicaSets)
        if (const QString d = ownerOf(*rs, "Deployment"); !d.isEmpty())
            addLink(keyOf(QStringLiteral("Deployment"), d), keyOf(QStringLiteral("ReplicaSet"), nameOf(*rs)), false);
    for (int i = 0; i < shownPods; ++i) {
        const Json &p = *orderedPods[i];
        if (const QString rs = ownerOf(p, "ReplicaSet"); !rs.isEmpty())
            addLink(keyOf(QStringLiteral("ReplicaSet"), rs), keyOf(QStringLiteral("Pod"), nameOf(p)), false);
        if (const QString node = qtextAt(objectAt(p, "spec"), "nodeName"); !node.isEmpty())
            addLink(keyOf(QStringLiteral("Pod"), nameOf(p)), keyOf(QStringLiteral("Node"), node), false);
    }
    // Column heads.
    QFont head;
    head.setBold(true);
    const QStringList heads{tr("Deployments · Services"), tr("ReplicaSets · EndpointSlices"), tr("Pods"), tr("Nodes")};
    for (int c = 0; c < heads.size(); ++c) {
        auto *t = addSimpleText(heads[c], head);
        t->setBrush(palette::mutedText());
        t->setPos(c * kColumnWidth, -28);
    }
    setSceneRect(itemsBoundingRect().adjusted(-16, -16, 16, 16));
}

void OwnershipScene::highlight(const ObjectKey &key)
{
    const QString wanted = keyOf(key.kind, key.name);
    for (const Link &l : m_links) {
        QPen pen = l.path->pen();
        pen.setWidthF(l.from == wanted || l.to == wanted ? 3.0 : 1.1);
        l.path->setPen(pen);
    }
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it) {
        auto *box = static_cast<QGraphicsPathItem *>(it.value());
        QPen pen = box->pen();
        pen.setWidthF(it.key() == wanted ? 3.2 : 1.6);
        box->setPen(pen);
    }
}

QStringList OwnershipScene::objects() const
{
    QStringList out = m_boxes.keys();
    out.sort();
    return out;
}

void OwnershipScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    for (QGraphicsItem *item : items(event->scenePos())) {
        for (QGraphicsItem *i = item; i; i = i->parentItem()) {
            const QString key = i->data(kKeyRole).toString();
            if (key.isEmpty())
                continue;
            const QString kind = key.section(QLatin1Char('/'), 0, 0), name = key.section(QLatin1Char('/'), 1);
            const ObjectKey selected{kind, kind == QLatin1String("Node") ? QString() : m_ns, name};
            highlight(selected);
            Q_EMIT objectSelected(selected);
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
}

} // namespace k8slab::gui
