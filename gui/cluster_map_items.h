#pragma once

#include "core/api/json.h"
#include "gui/object_key.h"

#include <QGraphicsItem>

namespace k8slab::gui {

/// The data role under which map items keep their ObjectKey.
inline constexpr int kObjectKeyRole = 0;

/// A node on the cluster map: its name, readiness, resources (allocatable against what
/// its pods request), taints, and its pods drawn inside it. Draws less when zoomed out
/// (level of detail), so thousands of nodes stay fluid.
class NodeItem : public QGraphicsItem {
public:
    static constexpr qreal kWidth = 280;
    explicit NodeItem(const api::Json &node);

    void setNode(const api::Json &node);
    /// What the node's pods ask for (CPU in millicores, memory in bytes) and how many run.
    void setUsage(qint64 cpuRequested, qint64 memRequested, int pods);
    void setHeight(qreal height);
    [[nodiscard]] QString name() const { return m_name; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString m_name;
    bool m_ready = false;
    QStringList m_taints;
    QString m_role;
    qint64 m_cpuAllocatable = 0, m_memAllocatable = 0;
    qint64 m_cpuRequested = 0, m_memRequested = 0;
    int m_pods = 0;
    qreal m_height = 120;
};

/// A pod: a disc coloured by phase, drawn by QoS class (Guaranteed solid, Burstable with
/// a light core, BestEffort as a ring); dashed while terminating.
class PodItem : public QGraphicsItem {
public:
    static constexpr qreal kSize = 20;
    explicit PodItem(const api::Json &pod);

    void setPod(const api::Json &pod);
    [[nodiscard]] QString phase() const { return m_phase; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString m_phase;
    QString m_qos;
    bool m_terminating = false;
};

/// The control plane: the components every request and reconcile goes through.
class ControlPlaneItem : public QGraphicsItem {
public:
    explicit ControlPlaneItem(qreal width);
    void setWidth(qreal width);
    void setPending(int unscheduled);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    qreal m_width;
    int m_unscheduled = 0;
};

} // namespace k8slab::gui
