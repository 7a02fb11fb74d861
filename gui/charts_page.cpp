#include "gui/charts_page.h"

#include "core/recording/trace_index.h"
#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/resources.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QBarSeries>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsGridLayout>
#include <QGraphicsScene>
#include <QGraphicsWidget>
#include <QLineSeries>
#include <QTimeZone>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace k8slab::gui {

namespace {

using api::Json;

/// A view that keeps its scene's one widget (the grid of charts) the viewport's size.
class FittingView : public QGraphicsView {
public:
    FittingView(QGraphicsScene *scene, QGraphicsWidget *content, QWidget *parent)
        : QGraphicsView(scene, parent), m_content(content)
    {
        setRenderHint(QPainter::Antialiasing);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setFrameShape(QFrame::NoFrame);
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QGraphicsView::resizeEvent(event);
        const QRectF area(QPointF(0, 0), QSizeF(viewport()->size()));
        m_content->setGeometry(area);
        scene()->setSceneRect(area);
    }

private:
    QGraphicsWidget *m_content;
};

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

/// A time axis at the bottom and a value axis at the left, titled.
void addAxes(QChart *chart, const QString &valueTitle)
{
    auto *time = new QDateTimeAxis;
    time->setFormat(QStringLiteral("HH:mm:ss"));
    time->setTickCount(3); // three columns of charts: wider labels would be cut
    chart->addAxis(time, Qt::AlignBottom);
    auto *values = new QValueAxis;
    values->setTitleText(valueTitle);
    values->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(values, Qt::AlignLeft);
}

double msOf(std::int64_t ns)
{
    return double(ns / 1'000'000);
}

} // namespace

ChartsPage::ChartsPage(const recording::TraceIndex &trace, QWidget *parent) : SourcedPage(parent), m_trace(trace)
{
    m_scene = new QGraphicsScene(this);
    m_grid = new QGraphicsWidget;
    auto *grid = new QGraphicsGridLayout(m_grid);
    m_syncs = newChart(tr("kube-proxy: how long each sync took (µs)"));
    m_attempts = newChart(tr("Scheduler: attempts so far, by result"));
    m_restarts = newChart(tr("Container restarts so far"));
    m_requests = newChart(tr("Nodes: requested as % of allocatable"));
    m_hpaReplicas = newChart(tr("HPA: desired replicas"));
    m_hpaUtilization = newChart(tr("HPA: CPU use as % of request, and the target"));
    addAxes(m_syncs, tr("µs"));
    addAxes(m_attempts, tr("attempts"));
    addAxes(m_restarts, tr("restarts"));
    addAxes(m_hpaReplicas, tr("replicas"));
    addAxes(m_hpaUtilization, tr("% of request"));
    grid->addItem(m_syncs, 0, 0);
    grid->addItem(m_attempts, 0, 1);
    grid->addItem(m_hpaReplicas, 0, 2);
    grid->addItem(m_restarts, 1, 0);
    grid->addItem(m_requests, 1, 1);
    grid->addItem(m_hpaUtilization, 1, 2);
    m_scene->addItem(m_grid);
    m_view = new FittingView(m_scene, m_grid, this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    refresh();
}

ChartsPage::~ChartsPage() = default;

QLineSeries *ChartsPage::series(QChart *chart, QHash<QString, QLineSeries *> &byName, const QString &name)
{
    QLineSeries *&s = byName[name];
    if (!s) {
        s = new QLineSeries;
        s->setName(name);
        chart->addSeries(s);
        for (QAbstractAxis *axis : chart->axes())
            s->attachAxis(axis);
    }
    return s;
}

void ChartsPage::addEvents()
{
    const auto &events = m_trace.events();
    auto it = std::upper_bound(events.begin(), events.end(), m_seen,
                               [](std::uint64_t id, const proto::TraceEvent &e) { return id < e.id(); });
    for (; it != events.end(); ++it) {
        const proto::TraceEvent &e = *it;
        m_seen = e.id();
        if (m_firstNs == 0)
            m_firstNs = e.time_ns();
        m_lastNs = e.time_ns();
        const auto param = [&e](const char *key) {
            auto p = e.params().find(key);
            return p == e.params().end() ? std::string() : p->second;
        };
        if (e.code() == "proxy.sync") {
            const double us = std::atof(param("duration_us").c_str());
            m_maxSync = std::max(m_maxSync, us);
            series(m_syncs, m_syncSeries, QString::fromStdString(e.object().name()))->append(msOf(e.time_ns()), us);
        } else if (e.code() == "scheduler.attempt") {
            const QString result = QString::fromStdString(param("result"));
            QLineSeries *s = series(m_attempts, m_attemptSeries, result);
            int &count = m_attemptCounts[result];
            s->append(msOf(e.time_ns()), count); // a step: the count held until now
            s->append(msOf(e.time_ns()), ++count);
        } else if (e.code() == "controller.hpa.sync") {
            // Each sync: the replicas it asked for and, for a CPU utilization target, what
            // it measured, both as steps held until the next sync.
            const QString hpa = QString::fromStdString(e.object().name()); // short legends; classes rarely reuse names
            const int replicas = std::atoi(param("desiredReplicas").c_str());
            QLineSeries *r = series(m_hpaReplicas, m_replicaSeries, hpa);
            if (r->count() > 0)
                r->append(msOf(e.time_ns()), r->at(r->count() - 1).y());
            r->append(msOf(e.time_ns()), replicas);
            m_maxReplicas = std::max(m_maxReplicas, replicas);
            if (!param("utilization").empty()) {
                const int used = std::atoi(param("utilization").c_str());
                const int target = std::atoi(param("targetUtilization").c_str());
                series(m_hpaUtilization, m_utilizationSeries, hpa)->append(msOf(e.time_ns()), used);
                QLineSeries *t = series(m_hpaUtilization, m_utilizationSeries, tr("%1 target").arg(hpa));
                t->append(msOf(e.time_ns()), target);
                m_maxUtilization = std::max({m_maxUtilization, used, target});
            }
        } else if (e.code() == "kubelet.start") {
            const QString container = QString::fromStdString(e.object().namespace_() + "/" + e.object().name() + "/" + param("container"));
            if (m_containerStarts[container]++ > 0) { // a second start of the same container is a restart
                QLineSeries *s = series(m_restarts, m_restartSeries, tr("restarts"));
                s->append(msOf(e.time_ns()), m_restartCount);
                s->append(msOf(e.time_ns()), ++m_restartCount);
            }
        }
    }
}

void ChartsPage::fitAxes()
{
    std::int64_t end = m_lastNs;
    if (m_revision > 0)
        end = std::min(end, m_trace.timeAtRevision(m_revision));
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(qint64(msOf(m_firstNs)), QTimeZone::utc());
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(qint64(msOf(std::max(end, m_firstNs + 1'000'000'000))), QTimeZone::utc());
    int maxAttempts = 1;
    for (int c : m_attemptCounts)
        maxAttempts = std::max(maxAttempts, c);
    const std::pair<QChart *, double> charts[] = {{m_syncs, m_maxSync * 1.1},
                                                  {m_attempts, maxAttempts * 1.1},
                                                  {m_restarts, m_restartCount * 1.1},
                                                  {m_hpaReplicas, m_maxReplicas * 1.1},
                                                  {m_hpaUtilization, m_maxUtilization * 1.1}};
    for (const auto &[chart, top] : charts)
        for (QAbstractAxis *axis : chart->axes()) {
            if (auto *time = qobject_cast<QDateTimeAxis *>(axis))
                time->setRange(from, to);
            else if (auto *values = qobject_cast<QValueAxis *>(axis)) {
                // Five ticks on whole numbers: counts never read "0.5 restarts".
                values->setRange(0, std::max(4.0, std::ceil(top / 4) * 4));
                values->setTickCount(5);
            }
        }
}

void ChartsPage::drawRequests()
{
    m_requests->removeAllSeries();
    for (QAbstractAxis *axis : m_requests->axes())
        m_requests->removeAxis(axis);
    m_requested.clear();
    if (!cluster())
        return;
    QHash<QString, Requests> used;
    for (const Json *pod : cluster()->pods())
        if (holdsResources(*pod))
            if (const QString node = qtextAt(objectAt(*pod, "spec"), "nodeName"); !node.isEmpty()) {
                const Requests r = requestsOf(*pod);
                used[node].cpu += r.cpu;
                used[node].memory += r.memory;
            }
    auto *cpu = new QBarSet(tr("CPU"));
    auto *memory = new QBarSet(tr("memory"));
    QStringList nodes;
    for (const Json *node : cluster()->nodes()) {
        const QString name = qtextAt(objectAt(*node, "metadata"), "name");
        const Json &allocatable = objectAt(objectAt(*node, "status"), "allocatable");
        const qint64 cpuMax = quantity(allocatable, "cpu", true), memMax = quantity(allocatable, "memory", false);
        const double c = cpuMax > 0 ? 100.0 * double(used.value(name).cpu) / double(cpuMax) : 0;
        const double m = memMax > 0 ? 100.0 * double(used.value(name).memory) / double(memMax) : 0;
        m_requested.insert(name, {c, m});
        nodes << name;
        *cpu << c;
        *memory << m;
    }
    auto *bars = new QBarSeries;
    bars->append(cpu);
    bars->append(memory);
    m_requests->addSeries(bars);
    auto *categories = new QBarCategoryAxis;
    categories->append(nodes);
    m_requests->addAxis(categories, Qt::AlignBottom);
    bars->attachAxis(categories);
    auto *percent = new QValueAxis;
    percent->setRange(0, 100);
    percent->setLabelFormat(QStringLiteral("%d%%"));
    m_requests->addAxis(percent, Qt::AlignLeft);
    bars->attachAxis(percent);
}

void ChartsPage::sourceChanged()
{
    drawRequests();
}

void ChartsPage::refresh()
{
    if (m_trace.lastId() == m_seen)
        return;
    addEvents();
    fitAxes();
}

void ChartsPage::followRevision(qint64 revision)
{
    m_revision = revision;
    fitAxes();
}

int ChartsPage::proxySyncPoints(const QString &node) const
{
    const QLineSeries *s = m_syncSeries.value(node);
    return s ? int(s->count()) : 0;
}

int ChartsPage::schedulerAttempts(const QString &result) const
{
    return m_attemptCounts.value(result);
}

int ChartsPage::restarts() const
{
    return m_restartCount;
}

std::pair<double, double> ChartsPage::requestedPercent(const QString &node) const
{
    return m_requested.value(node, {0, 0});
}

int ChartsPage::hpaReplicas(const QString &hpa) const
{
    const QLineSeries *s = m_replicaSeries.value(hpa);
    return s && s->count() > 0 ? int(s->at(s->count() - 1).y()) : -1;
}

int ChartsPage::hpaUtilization(const QString &hpa) const
{
    const QLineSeries *s = m_utilizationSeries.value(hpa);
    return s && s->count() > 0 ? int(s->at(s->count() - 1).y()) : -1;
}

} // namespace k8slab::gui
