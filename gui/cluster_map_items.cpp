#include "gui/cluster_map_items.h"

#include "gui/json_text.h"
#include "gui/palette.h"
#include "gui/resources.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace k8slab::gui {

using api::Json;

namespace {

/// The map items are not QObjects: their words live in this translation context.
struct ClusterMapText {
    Q_DECLARE_TR_FUNCTIONS(ClusterMap)
};

QString gibibytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0 * 1024.0), 'f', 1);
}

QString cores(qint64 milli)
{
    return QString::number(double(milli) / 1000.0, 'f', milli % 1000 ? 1 : 0);
}

void drawBar(QPainter *p, const QRectF &r, double fraction, const QColor &color)
{
    p->setPen(Qt::NoPen);
    p->setBrush(QColor(0xE3, 0xE8, 0xEF));
    p->drawRoundedRect(r, 3, 3);
    QRectF filled = r;
    filled.setWidth(r.width() * std::clamp(fraction, 0.0, 1.0));
    p->setBrush(fraction > 1.0 ? palette::phase(QStringLiteral("Failed")) : color);
    p->drawRoundedRect(filled, 3, 3);
}

} // namespace

NodeItem::NodeItem(const Json &node)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setNode(node);
}

void NodeItem::setNode(const Json &node)
{
    const Json meta = node.value("metadata", Json::object());
    m_name = qtextAt(meta, "name");
    setData(kObjectKeyRole, QVariant::fromValue(ObjectKey{QStringLiteral("Node"), {}, m_name}));
    const Json status = node.value("status", Json::object());
    m_ready = false;
    for (const Json &c : status.value("conditions", Json::array()))
        if (textAt(c, "type") == "Ready")
            m_ready = textAt(c, "status") == "True";
    const Json allocatable = status.value("allocatable", Json::object());
    m_cpuAllocatable = quantity(allocatable, "cpu", true);
    m_memAllocatable = quantity(allocatable, "memory", false);
    m_taints.clear();
    for (const Json &t : node.value("spec", Json::object()).value("taints", Json::array()))
        m_taints << QString::fromStdString(textAt(t, "key") + ":" + textAt(t, "effect"));
    const Json labels = meta.value("labels", Json::object());
    m_role = labels.contains("node-role.kubernetes.io/control-plane") ? ClusterMapText::tr("control plane") : ClusterMapText::tr("worker");
    setToolTip(ClusterMapText::tr("Node %1 — %2\nallocatable: %3 CPU, %4 GiB\ntaints: %5")
                   .arg(m_name, m_ready ? ClusterMapText::tr("Ready") : ClusterMapText::tr("NotReady"), cores(m_cpuAllocatable), gibibytes(m_memAllocatable),
                        m_taints.isEmpty() ? ClusterMapText::tr("none") : m_taints.join(QStringLiteral(", "))));
    update();
}

void NodeItem::setUsage(qint64 cpuRequested, qint64 memRequested, int pods)
{
    if (m_cpuRequested == cpuRequested && m_memRequested == memRequested && m_pods == pods)
        return;
    m_cpuRequested = cpuRequested;
    m_memRequested = memRequested;
    m_pods = pods;
    update();
}

void NodeItem::setHeight(qreal height)
{
    if (qFuzzyCompare(height, m_height))
        return;
    prepareGeometryChange();
    m_height = height;
}

QRectF NodeItem::boundingRect() const
{
    return QRectF(-2, -2, kWidth + 4, m_height + 4);
}

void NodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(p->worldTransform());
    const QRectF box(0, 0, kWidth, m_height);
    QPen border(isSelected() ? palette::selection() : palette::nodeBorder(m_ready), isSelected() ? 3 : 1.5);
    p->setPen(border);
    p->setBrush(palette::nodeFill(m_ready));
    if (lod < 0.25) { // far away: a plain tile
        p->drawRect(box);
        return;
    }
    p->drawRoundedRect(box, 8, 8);
    p->setPen(palette::text());
    QFont font = p->font();
    font.setPointSizeF(11);
    font.setBold(true);
    p->setFont(font);
    p->drawText(QRectF(12, 6, kWidth - 24, 20), Qt::AlignLeft | Qt::AlignVCenter, m_name);
    font.setBold(false);
    font.setPointSizeF(8.5);
    p->setFont(font);
    p->setPen(m_ready ? palette::mutedText() : palette::phase(QStringLiteral("Failed")));
    p->drawText(QRectF(12, 6, kWidth - 24, 20), Qt::AlignRight | Qt::AlignVCenter,
                (m_ready ? ClusterMapText::tr("Ready") : ClusterMapText::tr("NotReady")) + QStringLiteral(" · ") + ClusterMapText::tr("%n pod(s)", nullptr, m_pods));
    if (lod < 0.6)
        return;
    p->setPen(palette::mutedText());
    const double cpu = m_cpuAllocatable ? double(m_cpuRequested) / double(m_cpuAllocatable) : 0;
    const double mem = m_memAllocatable ? double(m_memRequested) / double(m_memAllocatable) : 0;
    // Room for the widest figures ("Mem 12.5/15.9Gi"), then the bars.
    constexpr qreal kLabelWidth = 100;
    p->drawText(QRectF(12, 28, kLabelWidth, 14), Qt::AlignLeft | Qt::AlignVCenter,
                ClusterMapText::tr("CPU %1/%2").arg(cores(m_cpuRequested), cores(m_cpuAllocatable)));
    drawBar(p, QRectF(16 + kLabelWidth, 32, kWidth - 28 - kLabelWidth, 7), cpu, QColor(0x5B, 0x8D, 0xEF));
    p->setPen(palette::mutedText());
    p->drawText(QRectF(12, 44, kLabelWidth, 14), Qt::AlignLeft | Qt::AlignVCenter,
                ClusterMapText::tr("Mem %1/%2Gi").arg(gibibytes(m_memRequested), gibibytes(m_memAllocatable)));
    drawBar(p, QRectF(16 + kLabelWidth, 48, kWidth - 28 - kLabelWidth, 7), mem, QColor(0x8E, 0x6B, 0xD8));
    if (!m_taints.isEmpty()) {
        p->setPen(palette::phase(QStringLiteral("Pending")).darker(140));
        const QString taints = QStringLiteral("⚠ ") + m_taints.join(QStringLiteral(", "));
        p->drawText(QRectF(12, m_height - 18, kWidth - 24, 14), Qt::AlignLeft | Qt::AlignVCenter,
                    QFontMetricsF(p->font()).elidedText(taints, Qt::ElideMiddle, kWidth - 24));
    }
}

PodItem::PodItem(const Json &pod)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setPod(pod);
}

void PodItem::setPod(const Json &pod)
{
    const Json meta = pod.value("metadata", Json::object());
    const Json status = pod.value("status", Json::object());
    const QString name = qtextAt(meta, "name");
    const QString ns = qtextAt(meta, "namespace");
    setData(kObjectKeyRole, QVariant::fromValue(ObjectKey{QStringLiteral("Pod"), ns, name}));
    m_phase = status.contains("phase") ? qtextAt(status, "phase") : QStringLiteral("Pending");
    m_qos = status.contains("qosClass") ? qtextAt(status, "qosClass") : QStringLiteral("BestEffort");
    m_terminating = meta.contains("deletionTimestamp");
    setToolTip(ClusterMapText::tr("Pod %1/%2\nphase: %3%4\nQoS: %5\nIP: %6")
                   .arg(ns, name, m_phase, m_terminating ? ClusterMapText::tr(" (terminating)") : QString(), m_qos,
                        status.contains("podIP") ? qtextAt(status, "podIP") : QStringLiteral("—")));
    update();
}

QRectF PodItem::boundingRect() const
{
    return QRectF(-2, -2, kSize + 4, kSize + 4);
}

void PodItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(p->worldTransform());
    const QColor color = palette::phase(m_phase);
    const QRectF disc(0, 0, kSize, kSize);
    if (lod < 0.12) // a few pixels: the node's tile says enough
        return;
    if (lod < 0.25) {
        p->fillRect(disc, color);
        return;
    }
    QPen pen(isSelected() ? palette::selection() : color.darker(130), isSelected() ? 3 : 1.2);
    if (m_terminating)
        pen.setStyle(Qt::DashLine);
    p->setPen(pen);
    if (m_qos == QLatin1String("BestEffort")) {
        p->setBrush(Qt::white);
        p->drawEllipse(disc.adjusted(2, 2, -2, -2));
        p->setBrush(color);
        p->setPen(Qt::NoPen);
        p->drawEllipse(disc.adjusted(6, 6, -6, -6));
        return;
    }
    p->setBrush(m_terminating ? color.lighter(150) : color);
    p->drawEllipse(disc.adjusted(1, 1, -1, -1));
    if (m_qos == QLatin1String("Burstable")) {
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(255, 255, 255, 170));
        p->drawEllipse(disc.adjusted(7, 7, -7, -7));
    }
}

ControlPlaneItem::ControlPlaneItem(qreal width) : m_width(width) {}

void ControlPlaneItem::setWidth(qreal width)
{
    if (qFuzzyCompare(width, m_width))
        return;
    prepareGeometryChange();
    m_width = width;
}

void ControlPlaneItem::setPending(int unscheduled)
{
    if (unscheduled == m_unscheduled)
        return;
    m_unscheduled = unscheduled;
    update();
}

QRectF ControlPlaneItem::boundingRect() const
{
    return QRectF(0, 0, m_width, 96);
}

void ControlPlaneItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    p->setPen(QPen(palette::mutedText(), 1.2));
    p->setBrush(palette::controlPlane());
    p->drawRoundedRect(boundingRect(), 10, 10);
    QFont font = p->font();
    font.setPointSizeF(10);
    font.setBold(true);
    p->setFont(font);
    p->setPen(palette::text());
    p->drawText(QRectF(14, 6, m_width - 28, 18), Qt::AlignLeft | Qt::AlignVCenter, ClusterMapText::tr("Control plane"));
    const QStringList components = {QStringLiteral("kube-apiserver"), QStringLiteral("etcd (SQLite)"),
                                    QStringLiteral("kube-scheduler"), QStringLiteral("kube-controller-manager")};
    const qreal gap = 12;
    const qreal w = (m_width - 28 - gap * qreal(components.size() - 1)) / qreal(components.size());
    font.setBold(false);
    font.setPointSizeF(9.5);
    p->setFont(font);
    for (int i = 0; i < components.size(); ++i) {
        const QRectF r(14 + qreal(i) * (w + gap), 32, w, 48);
        p->setPen(QPen(palette::mutedText(), 1));
        p->setBrush(Qt::white);
        p->drawRoundedRect(r, 6, 6);
        p->setPen(palette::text());
        QString label = components[i];
        if (i == 2 && m_unscheduled > 0)
            label += QLatin1Char('\n') + ClusterMapText::tr("%n pod(s) waiting", nullptr, m_unscheduled);
        p->drawText(r, Qt::AlignCenter, label);
    }
}

} // namespace k8slab::gui
