#include "gui/node_page.h"

#include "core/kubelet/container_runtime.h"
#include "core/kubelet/kubelet.h"
#include "core/kubelet/memory_pressure.h"
#include "core/kubelet/node_agents.h"
#include "core/kubelet/qos.h"
#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/resources.h"
#include "gui/table_scene.h"

#include <QComboBox>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace k8slab::gui {

namespace {

using api::Json;

/// "256 Mi"; "—" for an amount not set (unless `zero` is a real reading).
QString mebibytes(qint64 bytes, bool zero = false)
{
    return bytes <= 0 && !zero ? QStringLiteral("—") : QStringLiteral("%1 Mi").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', bytes % (1024 * 1024) ? 1 : 0);
}

struct Row {
    QString pod, container, qos;
    qint64 priority = 0, request = 0, limit = 0, usage = 0;
    bool hasStats = false, critical = false;
    int adj = 0, score = 0;
};

} // namespace

NodePage::NodePage(kubelet::NodeAgents *agents, QWidget *parent) : SourcedPage(parent), m_agents(agents)
{
    m_choice = new QComboBox(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Node"), this));
    bar->addWidget(m_choice);
    bar->addStretch(1);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(this);
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Pod"), tr("Container"), tr("QoS"), tr("Priority"), tr("Memory request"),
                                        tr("Memory limit"), tr("Memory used"), tr("oom_score_adj"), tr("oom_score"),
                                        tr("Eviction order")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    connect(m_choice, &QComboBox::activated, this, [this] { showNode(m_choice->currentText()); });
}

void NodePage::sourceChanged()
{
    const QSignalBlocker block(m_choice);
    m_choice->clear();
    for (const Json *node : cluster()->nodes())
        m_choice->addItem(qtextAt(objectAt(*node, "metadata"), "name"));
    if (m_node.isEmpty() && m_choice->count() > 0)
        m_node = m_choice->itemText(0);
    m_choice->setCurrentText(m_node);
    redraw();
}

void NodePage::showNode(const QString &name)
{
    m_node = name;
    m_choice->setCurrentText(name);
    redraw();
}

void NodePage::refresh()
{
    redraw();
}

void NodePage::redraw()
{
    m_table->setRowCount(0);
    if (!cluster() || m_node.isEmpty())
        return;
    const Json *node = nullptr;
    for (const Json *n : cluster()->nodes())
        if (qtextAt(objectAt(*n, "metadata"), "name") == m_node)
            node = n;
    if (!node)
        return;
    const Json &status = objectAt(*node, "status");
    const qint64 capacity = quantity(objectAt(status, "capacity"), "memory", false);
    const qint64 allocatable = quantity(objectAt(status, "allocatable"), "memory", false);
    kubelet::Kubelet *agent = m_agents ? m_agents->kubelet(m_node.toStdString()) : nullptr;

    std::vector<Row> rows;
    std::map<QString, kubelet::PodMemory> pods;
    for (const Json *pod : cluster()->pods()) {
        const Json &spec = objectAt(*pod, "spec");
        if (qtextAt(spec, "nodeName") != m_node || !holdsResources(*pod))
            continue;
        const Json &meta = objectAt(*pod, "metadata");
        const QString key = qtextAt(meta, "namespace") + QLatin1Char('/') + qtextAt(meta, "name");
        const std::string qos = kubelet::qosClass(*pod);
        const qint64 priority = spec.value("priority", std::int64_t(0));
        kubelet::PodMemory &memory = pods[key];
        memory.pod = key.toStdString();
        memory.priority = priority;
        memory.critical = textAt(spec, "priorityClassName") == "system-node-critical" || priority >= 2'000'000'000;
        std::map<std::string, std::string> ids; // container name → runtime id
        for (const Json &cs : objectAt(*pod, "status").value("containerStatuses", Json::array())) {
            const std::string id = textAt(cs, "containerID");
            ids[textAt(cs, "name")] = id.substr(id.find("://") == std::string::npos ? 0 : id.find("://") + 3);
        }
        for (const Json &c : spec.value("containers", Json::array())) {
            Row r;
            r.pod = key;
            r.container = qtextAt(c, "name");
            r.qos = QString::fromStdString(qos);
            r.priority = priority;
            const Json resources = c.value("resources", Json::object());
            r.request = quantity(resources.value("requests", Json::object()), "memory", false);
            r.limit = quantity(resources.value("limits", Json::object()), "memory", false);
            if (agent && ids.count(r.container.toStdString()))
                if (auto stats = agent->runtime().containerStats(ids[r.container.toStdString()])) {
                    r.usage = stats->memoryWorkingSetBytes;
                    r.hasStats = true;
                }
            r.adj = kubelet::oomScoreAdj(*pod, c, capacity);
            r.score = kubelet::kernelOomScore(r.usage, r.adj, capacity);
            memory.request += r.request;
            memory.usage += r.usage;
            memory.hasStats = memory.hasStats && r.hasStats;
            rows.push_back(r);
        }
    }
    std::vector<kubelet::PodMemory> candidates;
    for (const auto &[key, memory] : pods)
        candidates.push_back(memory);
    const std::vector<kubelet::PodMemory> order = kubelet::rankForMemoryEviction(candidates);
    const auto evictionRank = [&order](const QString &pod) {
        for (std::size_t i = 0; i < order.size(); ++i)
            if (QString::fromStdString(order[i].pod) == pod)
                return int(i) + 1;
        return 0;
    };
    // The OOM killer's victim first: the highest score (ties go to the later task).
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.score > b.score; });

    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        const Row &r = rows[i];
        const int rank = evictionRank(r.pod);
        const QStringList cells{r.pod, r.container, r.qos, QString::number(r.priority), mebibytes(r.request), mebibytes(r.limit),
                                r.hasStats ? mebibytes(r.usage, true) : tr("no stats"), QString::number(r.adj), QString::number(r.score),
                                rank ? QString::number(rank) : tr("never (critical)")};
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (i == 0)
                item->setBackground(QColor(0xFD, 0xEC, 0xEA));
            m_table->setItem(i, c, item);
        }
    }
    QString html = tr("Memory: capacity %1, allocatable %2.").arg(mebibytes(capacity), mebibytes(allocatable));
    if (!rows.empty())
        html += QStringLiteral("<br>") +
                tr("<b>The OOM killer</b> would kill <b>%1/%2</b> first: the highest oom_score (%3) — memory used plus "
                   "oom_score_adj %4, which the kubelet set from its QoS class %5.")
                    .arg(rows.front().pod.toHtmlEscaped(), rows.front().container.toHtmlEscaped())
                    .arg(rows.front().score)
                    .arg(rows.front().adj)
                    .arg(rows.front().qos);
    if (!order.empty()) {
        const kubelet::PodMemory &first = order.front();
        const bool lowerPriority = order.size() > 1 && first.priority < order[1].priority;
        const QString why = !first.hasStats             ? tr("it has no usage statistics")
                            : first.usage > first.request ? tr("it uses more memory than it requests")
                            : lowerPriority               ? tr("no pod uses more than it requests, and it has the lowest priority")
                                                          : tr("no pod uses more than it requests; at equal priority, it is the one "
                                                               "furthest above (or least below) its request");
        html += QStringLiteral("<br>") + tr("<b>The eviction manager</b>, under memory pressure, would evict <b>%1</b> first: %2.")
                                             .arg(QString::fromStdString(first.pod).toHtmlEscaped(), why);
    }
    html += QStringLiteral("<br><span style='color:#5B6B7F'>") +
            tr("Memory used is each container's working set as the runtime reports it (CRI ContainerStats); the "
               "eviction manager acts when memory.available falls below 100Mi, the kernel when memory runs out.") +
            QStringLiteral("</span>");
    m_summary->setText(html);
}

QGraphicsScene &NodePage::diagramScene()
{
    if (!m_diagram)
        m_diagram = new QGraphicsScene(this);
    drawTable(*m_diagram, *m_table->model(), summaryText());
    return *m_diagram;
}

QString NodePage::summaryText() const
{
    QString text = m_summary->text();
    text.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    return text.remove(tags);
}

} // namespace k8slab::gui
