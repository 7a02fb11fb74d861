#pragma once

#include <QGraphicsView>
#include <QHash>
#include "gui/sourced_page.h"

#include <QWidget>

#include <cstdint>

class QChart;
class QLineSeries;
class QBarSeries;
class QDateTimeAxis;
class QGraphicsScene;
class QGraphicsWidget;

namespace k8slab::recording {
class TraceIndex;
}

namespace k8slab::gui {

class ClusterView;

/// "Charts": what the cluster did over time, drawn with QtCharts from the trace and
/// the cluster — each kube-proxy's sync durations, the scheduler's attempts by result,
/// container restarts, each node's CPU and memory requested against allocatable, and
/// each HPA's replicas and CPU utilization against its target (from its syncs). The
/// six charts share one scene, so the page exports as one slide; looking back in time
/// ends the time axes at that moment.
class ChartsPage : public SourcedPage {
    Q_OBJECT
public:
    ChartsPage(const recording::TraceIndex &trace, QWidget *parent = nullptr);
    ~ChartsPage() override;

    /// Adds what the trace recorded since the last look.
    void refresh() override;
    /// Ends the time axes at store revision `revision` (0: now).
    void followRevision(qint64 revision);

    /// The scene holding the four charts (for export and tests).
    [[nodiscard]] QGraphicsScene &scene() { return *m_scene; }
    /// Points of kube-proxy's sync-duration series for `node` (tests).
    [[nodiscard]] int proxySyncPoints(const QString &node) const;
    /// The last value of the scheduler's cumulative attempt series for `result` (tests).
    [[nodiscard]] int schedulerAttempts(const QString &result) const;
    /// The last value of the cumulative restart series (tests).
    [[nodiscard]] int restarts() const;
    /// A node's bar values: CPU and memory requested as % of allocatable (tests).
    [[nodiscard]] std::pair<double, double> requestedPercent(const QString &node) const;
    /// The last desired replica count the HPA `name` decided (tests); -1: none seen.
    [[nodiscard]] int hpaReplicas(const QString &hpa) const;
    /// The last CPU utilization (% of request) the HPA `name` measured (tests); -1: none seen.
    [[nodiscard]] int hpaUtilization(const QString &hpa) const;

private:
    void sourceChanged() override;
    QLineSeries *series(QChart *chart, QHash<QString, QLineSeries *> &byName, const QString &name);
    void addEvents();
    void fitAxes();
    void drawRequests();

    const recording::TraceIndex &m_trace;
    std::uint64_t m_seen = 0;
    qint64 m_revision = 0;
    QGraphicsScene *m_scene = nullptr;
    QGraphicsView *m_view = nullptr;
    QGraphicsWidget *m_grid = nullptr;
    QChart *m_syncs = nullptr;
    QChart *m_attempts = nullptr;
    QChart *m_restarts = nullptr;
    QChart *m_requests = nullptr;
    QChart *m_hpaReplicas = nullptr;
    QChart *m_hpaUtilization = nullptr;
    QHash<QString, QLineSeries *> m_syncSeries, m_attemptSeries, m_restartSeries, m_replicaSeries, m_utilizationSeries;
    int m_maxReplicas = 0;
    int m_maxUtilization = 0;
    QHash<QString, int> m_attemptCounts;
    QHash<QString, int> m_containerStarts; ///< "ns/pod/container" → starts seen
    int m_restartCount = 0;
    QHash<QString, std::pair<double, double>> m_requested;
    std::int64_t m_firstNs = 0, m_lastNs = 0;
    double m_maxSync = 0;
};

} // namespace k8slab::gui
