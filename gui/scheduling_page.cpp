#include "gui/scheduling_page.h"

#include "core/api/yaml.h"
#include "core/scheduler/scheduler.h"
#include "core/scheduler/what_if.h"
#include "gui/cluster_view.h"
#include "gui/decision_matrix_model.h"
#include "gui/json_text.h"
#include "gui/table_scene.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGraphicsScene>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace k8slab::gui {

namespace {

using api::Json;

/// Nodes offered for editing in the what-if (all of a classroom cluster's).
constexpr std::size_t kEditableNodes = 10;
/// Pods offered in the chooser.
constexpr std::size_t kMaxListed = 2000;

QString text(const std::string &s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString listed(const std::vector<std::string> &items)
{
    QStringList out;
    for (const std::string &item : items)
        out << text(item);
    return out.join(QStringLiteral(", "));
}

} // namespace

SchedulingPage::SchedulingPage(scheduler::Scheduler *scheduler, QWidget *parent) : SourcedPage(parent), m_scheduler(scheduler)
{
    m_podChoice = new QComboBox(this);
    m_podChoice->setMinimumContentsLength(34);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Pod"), this));
    bar->addWidget(m_podChoice, 1);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_model = new DecisionMatrixModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_editor = new QPlainTextEdit(this);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setToolTip(tr("Change the pod's requests, tolerations, nodeSelector or affinity, or a node's labels, taints "
                            "or unschedulable, then re-score. Nothing in the cluster changes."));
    auto *rescoreButton = new QPushButton(tr("Re-score (what-if)"), this);
    auto *realButton = new QPushButton(tr("Real attempt"), this);
    m_suggestions = new QListWidget(this);
    m_suggestions->setWordWrap(true);
    m_suggestions->setToolTip(tr("Changes that would let the pod schedule, smallest first; each was checked by re-scoring. "
                                 "Double-click one to load it."));
    auto *whatIf = new QGroupBox(tr("What if…"), this);
    auto *whatIfLayout = new QVBoxLayout(whatIf);
    whatIfLayout->addWidget(m_editor, 3);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(rescoreButton);
    buttons->addWidget(realButton);
    buttons->addStretch();
    whatIfLayout->addLayout(buttons);
    whatIfLayout->addWidget(new QLabel(tr("Smallest changes that would schedule it:"), whatIf));
    whatIfLayout->addWidget(m_suggestions, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(whatIf);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);

    connect(m_podChoice, &QComboBox::activated, this,
            [this](int index) { showPod(m_podChoice->itemData(index).value<ObjectKey>()); });
    connect(rescoreButton, &QPushButton::clicked, this, &SchedulingPage::rescore);
    connect(realButton, &QPushButton::clicked, this, &SchedulingPage::showRealAttempt);
    connect(m_suggestions, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { applySuggestion(m_suggestions->row(item)); });
    showSummary(nullptr, false);
}

void SchedulingPage::sourceChanged()
{
    reloadPods();
}

void SchedulingPage::reloadPods()
{
    if (!cluster())
        return;
    // Pods waiting for a node first: "why is my pod Pending" is the usual question.
    std::vector<std::pair<bool, ObjectKey>> pods;
    for (const Json *pod : cluster()->pods()) {
        const Json &meta = objectAt(*pod, "metadata");
        const bool placed = !textAt(objectAt(*pod, "spec"), "nodeName").empty();
        pods.push_back({placed, {QStringLiteral("Pod"), qtextAt(meta, "namespace"), qtextAt(meta, "name")}});
    }
    std::stable_sort(pods.begin(), pods.end(), [](const auto &a, const auto &b) {
        return std::tie(a.first, a.second.ns, a.second.name) < std::tie(b.first, b.second.ns, b.second.name);
    });
    const QSignalBlocker block(m_podChoice);
    m_podChoice->clear();
    // A list one can scroll: the pending pods and the first placed ones (any pod is
    // reachable from the map's context menu).
    for (std::size_t i = 0; i < pods.size() && i < kMaxListed; ++i)
        m_podChoice->addItem((pods[i].first ? QString() : tr("Pending: ")) + pods[i].second.ns + QLatin1Char('/') + pods[i].second.name,
                             QVariant::fromValue(pods[i].second));
    const int at = m_podChoice->findData(QVariant::fromValue(m_pod));
    if (at >= 0)
        m_podChoice->setCurrentIndex(at);
    else if (!m_pod.isValid() && m_podChoice->count() > 0)
        showPod(m_podChoice->itemData(0).value<ObjectKey>());
}

void SchedulingPage::showPod(const ObjectKey &pod)
{
    m_pod = pod;
    if (const int at = m_podChoice->findData(QVariant::fromValue(pod)); at >= 0)
        m_podChoice->setCurrentIndex(at);
    m_podObject = cluster() ? cluster()->fetch(pod) : Json();
    const std::string key = (pod.ns + QLatin1Char('/') + pod.name).toStdString();
    const scheduler::DecisionRecord *latest = nullptr;
    Json pastSummary;
    if (m_scheduler && m_time > 0) {
        const scheduler::DecisionLog::Past past = m_scheduler->decisions().attemptAt(key, m_time);
        latest = past.full;
        pastSummary = past.summary;
    } else if (m_scheduler) {
        latest = m_scheduler->decisions().latest(key);
    }
    m_real = latest ? std::optional(*latest) : std::nullopt;
    m_whatIfShown = false;
    m_model->setRecord(m_real);
    showSummary(latest, false);
    if (!latest && pastSummary.is_object())
        m_summary->setText(tr("<b>Attempt %1</b>: %2 %3 — only the latest attempts keep every node's detail.")
                               .arg(pastSummary.value("attempt", 0))
                               .arg(text(pastSummary.value("result", "")), text(pastSummary.value("message", ""))));
    m_suggestions->clear();
    m_suggestedPods.clear();
    m_suggestedNodes.clear();
    if (!latest || m_podObject.is_null()) {
        m_editor->clear();
        return;
    }
    m_editor->setPlainText(QString::fromStdString(whatIfYaml(m_podObject, {})));
    if (latest->result == "Bound" || latest->result == "Scheduled")
        return;
    for (const scheduler::Suggestion &s : scheduler::suggestFixes(*m_scheduler, m_podObject)) {
        m_suggestions->addItem(describe(s));
        m_suggestedPods.push_back(s.pod);
        m_suggestedNodes.push_back(s.nodes);
    }
    if (m_suggestions->count() == 0)
        m_suggestions->addItem(tr("No single change of the pod's requests, tolerations or node selection, or of one "
                                  "node, would place it."));
}

void SchedulingPage::refresh()
{
    if (!m_pod.isValid() || !m_scheduler || m_time > 0)
        return;
    const scheduler::DecisionRecord *latest =
        m_scheduler->decisions().latest((m_pod.ns + QLatin1Char('/') + m_pod.name).toStdString());
    const bool newAttempt = latest && (!m_real || latest->id != m_real->id || latest->result != m_real->result);
    if (newAttempt && !m_whatIfShown)
        showPod(m_pod); // a what-if in view stays until the learner leaves it
}

void SchedulingPage::followTime(std::int64_t timeNs)
{
    m_time = timeNs;
    if (m_pod.isValid())
        showPod(m_pod);
}

std::string SchedulingPage::whatIfYaml(const Json &pod, const std::vector<Json> &changedNodes) const
{
    const Json spec = pod.value("spec", Json::object());
    Json podPart = {{"nodeSelector", spec.value("nodeSelector", Json::object())},
                    {"tolerations", spec.value("tolerations", Json::array())},
                    {"affinity", spec.value("affinity", Json::object())}};
    Json containers = Json::array();
    for (const Json &c : spec.value("containers", Json::array()))
        containers.push_back({{"name", c.value("name", "")}, {"resources", c.value("resources", Json::object())}});
    podPart["containers"] = containers;
    Json nodes = Json::object();
    std::vector<std::string> names;
    if (m_real)
        for (const auto &d : m_real->nodes)
            names.push_back(d.node);
    for (const Json &n : changedNodes)
        if (std::find(names.begin(), names.end(), textAt(objectAt(n, "metadata"), "name")) == names.end())
            names.push_back(textAt(objectAt(n, "metadata"), "name"));
    for (std::size_t i = 0; i < names.size() && i < kEditableNodes; ++i) {
        Json node = m_scheduler && m_scheduler->node(names[i]) ? *m_scheduler->node(names[i]) : Json::object();
        for (const Json &n : changedNodes)
            if (textAt(objectAt(n, "metadata"), "name") == names[i])
                node = n;
        const Json nodeSpec = node.value("spec", Json::object());
        nodes[names[i]] = {{"labels", objectAt(node, "metadata").value("labels", Json::object())},
                           {"taints", nodeSpec.value("taints", Json::array())},
                           {"unschedulable", nodeSpec.value("unschedulable", false)}};
    }
    // Written by hand around the emitter so the pod comes first (JSON objects sort keys).
    const auto section = [](const char *name, const Json &value) {
        std::string out = std::string(name) + ":\n";
        std::string body = api::toYaml(value);
        for (std::size_t start = 0; start < body.size();) {
            const std::size_t end = body.find('\n', start);
            out += "  " + body.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
            start = end == std::string::npos ? body.size() : end + 1;
        }
        return out;
    };
    return section("pod", podPart) + section("nodes", nodes);
}

bool SchedulingPage::rescore()
{
    if (!m_scheduler || m_podObject.is_null())
        return false;
    Result<Json> edited = api::parseYaml(m_editor->toPlainText().toStdString());
    const auto refuse = [this](const QString &why) {
        m_summary->setText(QStringLiteral("<span style='color:#D6332F'>%1</span>").arg(why.toHtmlEscaped()));
        return false;
    };
    if (!edited.ok() || !edited->is_object())
        return refuse(tr("The what-if is not valid YAML: %1")
                          .arg(QString::fromStdString(edited.ok() ? std::string("not a mapping") : edited.status().message())));
    Json pod = m_podObject;
    const Json podPart = edited->value("pod", Json::object());
    for (const char *field : {"nodeSelector", "tolerations", "affinity"}) {
        const Json value = podPart.value(field, Json());
        if (value.is_null() || value.empty())
            pod["spec"].erase(field);
        else
            pod["spec"][field] = value;
    }
    for (const Json &c : podPart.value("containers", Json::array()))
        for (Json &live : pod["spec"]["containers"])
            if (live.value("name", "") == c.value("name", "") && c.contains("resources"))
                live["resources"] = c["resources"];
    std::vector<Json> nodes;
    const Json nodeParts = edited->value("nodes", Json::object());
    for (const auto &[name, part] : nodeParts.items()) {
        const Json *live = m_scheduler->node(name);
        if (!live)
            return refuse(tr("There is no node %1.").arg(QString::fromStdString(name)));
        Json node = *live;
        if (!node["spec"].is_object())
            node["spec"] = Json::object();
        node["metadata"]["labels"] = part.value("labels", Json::object());
        const Json taints = part.value("taints", Json::array());
        if (taints.empty())
            node["spec"].erase("taints");
        else
            node["spec"]["taints"] = taints;
        if (part.value("unschedulable", false))
            node["spec"]["unschedulable"] = true;
        else
            node["spec"].erase("unschedulable");
        if (node != *live)
            nodes.push_back(std::move(node));
    }
    Result<scheduler::DecisionRecord> outcome = m_scheduler->evaluate(pod, nodes);
    if (!outcome.ok())
        return refuse(QString::fromStdString(outcome.status().message()));
    showSummary(&*outcome, true);
    m_model->setRecord(std::move(*outcome), m_real);
    m_whatIfShown = true;
    return true;
}

void SchedulingPage::showRealAttempt()
{
    m_whatIfShown = false;
    m_model->setRecord(m_real);
    showSummary(m_real ? &*m_real : nullptr, false);
    if (!m_podObject.is_null())
        m_editor->setPlainText(QString::fromStdString(whatIfYaml(m_podObject, {})));
}

void SchedulingPage::applySuggestion(int index)
{
    if (index < 0 || index >= int(m_suggestedPods.size()))
        return;
    m_editor->setPlainText(QString::fromStdString(whatIfYaml(m_suggestedPods[index], m_suggestedNodes[index])));
    rescore();
}

void SchedulingPage::showSummary(const scheduler::DecisionRecord *r, bool whatIf)
{
    if (!r) {
        m_summary->setText(m_pod.isValid() ? tr("The scheduler has not tried %1 yet (or it was placed by name).").arg(m_pod.display())
                                           : tr("Choose a pod to see how the scheduler decided where it runs."));
        return;
    }
    QString html = whatIf ? tr("<b>What-if</b> (nothing was changed in the cluster): ") : tr("<b>Attempt %1</b>: ").arg(r->attempt);
    if (!r->selectedNode.empty())
        html += tr("%1 on <b>%2</b>.").arg(text(r->result), text(r->selectedNode));
    else
        html += QStringLiteral("<b>%1</b>.").arg(text(r->result));
    html += QLatin1Char(' ') + tr("%1 of %2 nodes examined").arg(r->nodes.size()).arg(r->numAllNodes);
    if (r->notExamined > 0)
        html += tr(", %1 left out by sampling (percentageOfNodesToScore)").arg(r->notExamined);
    html += QLatin1Char('.');
    if (!r->message.empty())
        html += QStringLiteral("<br><span style='color:#D6332F'>FailedScheduling: %1</span>").arg(text(r->message));
    if (!r->nominatedNode.empty())
        html += QStringLiteral("<br>") + tr("Preemption nominated %1; victims: %2")
                                             .arg(text(r->nominatedNode), r->victims.empty() ? QStringLiteral("-") : listed(r->victims));
    if (whatIf && m_real)
        html += QStringLiteral("<br>") + tr("The real attempt: %1%2. Highlighted cells differ from it.")
                                             .arg(text(m_real->result),
                                                  m_real->selectedNode.empty() ? QString() : tr(" on %1").arg(text(m_real->selectedNode)));
    m_summary->setText(html);
}

QString SchedulingPage::describe(const scheduler::Suggestion &s) const
{
    const auto p = [&s](const char *key) {
        auto it = s.params.find(key);
        return it == s.params.end() ? QString() : QString::fromStdString(it->second);
    };
    QString change;
    if (s.code == "lowerRequests") {
        QStringList parts;
        if (!p("cpu").isEmpty())
            parts << tr("CPU %1").arg(p("cpu"));
        if (!p("memory").isEmpty())
            parts << tr("memory %1").arg(p("memory"));
        change = tr("Lower the pod's requests to %1").arg(parts.join(QStringLiteral(", ")));
    } else if (s.code == "tolerate") {
        change = tr("Add tolerations for %1 (the taints of %2)").arg(p("taints"), p("node"));
    } else if (s.code == "removeTaints") {
        change = tr("Remove the taints %1 from node %2").arg(p("taints"), p("node"));
    } else if (s.code == "dropNodeSelector") {
        change = tr("Drop the pod's nodeSelector (%1)").arg(p("keys"));
    } else if (s.code == "dropRequiredNodeAffinity") {
        change = tr("Drop the pod's required node affinity");
    } else if (s.code == "labelNode") {
        change = tr("Label node %1 with %2").arg(p("node"), p("labels"));
    } else if (s.code == "uncordon") {
        change = tr("Uncordon node %1 (kubectl uncordon %1)").arg(p("node"));
    } else {
        change = QString::fromStdString(s.code);
    }
    return tr("%1 → it would run on %2").arg(change, QString::fromStdString(s.outcome.selectedNode));
}

QGraphicsScene &SchedulingPage::diagramScene()
{
    if (!m_diagram)
        m_diagram = new QGraphicsScene(this);
    drawTable(*m_diagram, *m_model, summaryText());
    return *m_diagram;
}

QString SchedulingPage::summaryText() const
{
    QString html = m_summary->text();
    html.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
    html.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    return html;
}

} // namespace k8slab::gui
