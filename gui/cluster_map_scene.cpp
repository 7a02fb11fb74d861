#include "gui/cluster_map_scene.h"

#include "gui/cluster_map_items.h"
#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/palette.h"
#include "gui/resources.h"

#include <QSet>

#include <cmath>

namespace k8slab::gui {

using api::Json;

namespace {

constexpr qreal kGap = 24;
constexpr int kPodsPerRow = 11;
constexpr qreal kPodPitch = 24;
constexpr qreal kPodsTop = 64;

} // namespace

ClusterMapScene::ClusterMapScene(QObject *parent) : QGraphicsScene(parent)
{
    setBackgroundBrush(palette::canvas());
    m_controlPlane = new ControlPlaneItem(NodeItem::kWidth);
    addItem(m_controlPlane);
    connect(this, &QGraphicsScene::selectionChanged, this, &ClusterMapScene::onSelection);
}

ClusterMapScene::~ClusterMapScene()
{
    // The items go before QGraphicsScene's destructor would remove them (and announce a
    // selection change to a scene that is half gone).
    const QSignalBlocker block(this);
    clear();
}

QGraphicsItem *ClusterMapScene::itemFor(const ObjectKey &key) const
{
    if (key.kind == QLatin1String("Node"))
        return m_nodes.value(key.name);
    if (key.kind == QLatin1String("Pod"))
        return m_pods.value(key.ns + QLatin1Char('/') + key.name);
    return nullptr;
}

void ClusterMapScene::onSelection()
{
    const QList<QGraphicsItem *> selected = selectedItems();
    if (selected.isEmpty())
        return;
    Q_EMIT objectSelected(selected.first()->data(kObjectKeyRole).value<ObjectKey>());
}

void ClusterMapScene::sync(const ClusterView &state)
{
    // Nodes: update, add, drop.
    QSet<QString> seenNodes;
    QStringList order;
    for (const Json *node : state.nodes()) {
        const QString name = qtextAt((*node)["metadata"], "name");
        seenNodes.insert(name);
        order << name;
        NodeItem *&item = m_nodes[name];
        if (!item) {
            item = new NodeItem(*node);
            addItem(item);
        } else {
            item->setNode(*node);
        }
    }
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        if (!seenNodes.contains(it.key())) {
            for (QGraphicsItem *pod : it.value()->childItems()) // the pods are placed again below
                pod->setParentItem(m_controlPlane);
            delete it.value();
            it = m_nodes.erase(it);
        } else {
            ++it;
        }
    }
    // Pods: on their node, or waiting by the scheduler.
    QHash<QString, QList<PodItem *>> byNode;
    QHash<QString, Requests> requested;
    QSet<QString> seenPods;
    for (const Json *pod : state.pods()) {
        const Json &meta = (*pod)["metadata"];
        const QString key = QString::fromStdString(textAt(meta, "namespace") + "/" + textAt(meta, "name"));
        const QString nodeName = qtextAt(objectAt(*pod, "spec"), "nodeName");
        seenPods.insert(key);
        PodItem *&item = m_pods[key];
        if (!item) {
            item = new PodItem(*pod);
            addItem(item);
        } else {
            item->setPod(*pod);
        }
        NodeItem *node = m_nodes.value(nodeName);
        QGraphicsItem *parent = node ? static_cast<QGraphicsItem *>(node) : static_cast<QGraphicsItem *>(m_controlPlane);
        if (item->parentItem() != parent)
            item->setParentItem(parent);
        byNode[node ? nodeName : QString()].append(item);
        const QString phase = item->phase();
        if (node && phase != QLatin1String("Succeeded") && phase != QLatin1String("Failed")) {
            const Requests r = requestsOf(*pod);
            requested[nodeName].cpu += r.cpu;
            requested[nodeName].memory += r.memory;
        }
    }
    for (auto it = m_pods.begin(); it != m_pods.end();) {
        if (!seenPods.contains(it.key())) {
            delete it.value();
            it = m_pods.erase(it);
        } else {
            ++it;
        }
    }
    // Layout: a grid of equal tiles, as wide as the window is likely to be.
    int mostPods = 0;
    for (const auto &list : byNode)
        mostPods = std::max<int>(mostPods, int(list.size()));
    const int podRows = std::max(1, (mostPods + kPodsPerRow - 1) / kPodsPerRow);
    const qreal tileHeight = kPodsTop + qreal(podRows) * kPodPitch + 24;
    const int columns = std::max(1, std::min(6, int(std::ceil(std::sqrt(double(order.size()) * 1.8)))));
    const qreal width = qreal(columns) * NodeItem::kWidth + qreal(columns - 1) * kGap;
    m_controlPlane->setWidth(std::max(width, 4 * 150.0));
    m_controlPlane->setPos(0, 0);
    const QList<PodItem *> waiting = byNode.value(QString());
    m_controlPlane->setPending(int(waiting.size()));
    for (int i = 0; i < waiting.size(); ++i) // along the control plane's lower edge
        waiting[i]->setPos(14 + qreal(i % 40) * kPodPitch, 82 + qreal(i / 40) * kPodPitch);
    for (int i = 0; i < order.size(); ++i) {
        NodeItem *node = m_nodes.value(order[i]);
        node->setHeight(tileHeight);
        node->setPos(qreal(i % columns) * (NodeItem::kWidth + kGap), 96 + kGap + 24 + qreal(i / columns) * (tileHeight + kGap));
        const QList<PodItem *> pods = byNode.value(order[i]);
        for (int p = 0; p < pods.size(); ++p)
            pods[p]->setPos(12 + qreal(p % kPodsPerRow) * kPodPitch, kPodsTop + qreal(p / kPodsPerRow) * kPodPitch);
        const Requests r = requested.value(order[i]);
        node->setUsage(r.cpu, r.memory, int(pods.size()));
    }
    setSceneRect(itemsBoundingRect().adjusted(-kGap, -kGap, kGap, kGap));
}

} // namespace k8slab::gui
