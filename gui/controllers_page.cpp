#include "gui/controllers_page.h"

#include "core/recording/trace_index.h"
#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/narration.h"
#include "gui/ownership_scene.h"

#include <QComboBox>
#include <QDateTime>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <set>

namespace k8slab::gui {

namespace {

using api::Json;

/// What a reconcile saw and did, from its parameters ("desired 3 · observed 2 · action create").
QString details(const proto::TraceEvent &e)
{
    QStringList parts;
    for (const char *key : {"desired", "observed", "replicas", "ready", "notReady", "endpoints", "active", "succeeded", "failed",
                            "action", "decision", "newReplicaSet", "from", "to", "currentReplicas", "desiredReplicas"}) {
        auto it = e.params().find(key);
        if (it != e.params().end() && !it->second.empty())
            parts << QString::fromLatin1(key) + QLatin1Char(' ') + QString::fromStdString(it->second);
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

ControllersPage::ControllersPage(const recording::TraceIndex &trace, QWidget *parent) : SourcedPage(parent), m_trace(trace)
{
    m_namespace = new QComboBox(this);
    m_caption = new QLabel(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Namespace"), this));
    bar->addWidget(m_namespace);
    bar->addWidget(m_caption, 1);

    m_scene = new OwnershipScene(this);
    m_view = new QGraphicsView(m_scene, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_reconciles = new QTreeWidget(this);
    m_reconciles->setRootIsDecorated(false);
    m_reconciles->setHeaderLabels({tr("Time"), tr("Controller"), tr("Object"), tr("Step"), tr("Saw and did")});
    m_reconciles->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_reconciles);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({480, 240});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_namespace, &QComboBox::activated, this, [this] { showNamespace(m_namespace->currentText()); });
    connect(m_scene, &OwnershipScene::objectSelected, this, &ControllersPage::focus);
}

void ControllersPage::sourceChanged()
{
    std::set<QString> namespaces{m_ns};
    for (const Json *pod : cluster()->pods())
        namespaces.insert(qtextAt(objectAt(*pod, "metadata"), "namespace"));
    const QSignalBlocker block(m_namespace);
    m_namespace->clear();
    for (const QString &ns : namespaces)
        m_namespace->addItem(ns);
    m_namespace->setCurrentText(m_ns);
    m_scene->sync(*cluster(), m_ns);
    m_scene->highlight(m_focus);
}

void ControllersPage::showNamespace(const QString &ns)
{
    m_ns = ns;
    m_focus = {};
    m_focusChain.clear();
    if (cluster())
        m_scene->sync(*cluster(), ns);
    reloadReconciles();
}

void ControllersPage::focus(const ObjectKey &key)
{
    m_focus = key;
    m_focusChain.clear();
    // The object and its owners up the chain (a pod's ReplicaSet and Deployment).
    ObjectKey at = key;
    for (int depth = 0; at.isValid() && depth < 4 && cluster(); ++depth) {
        m_focusChain << at.kind + QLatin1Char('/') + at.name;
        const Json object = cluster()->fetch(at);
        const Json &md = objectAt(object, "metadata");
        const auto owners = md.find("ownerReferences");
        if (owners == md.end() || !owners->is_array() || owners->empty())
            break;
        at = {qtextAt(owners->front(), "kind"), key.ns, qtextAt(owners->front(), "name")};
    }
    // A pod's changes are answered by the endpoints controllers on its Services' behalf.
    if (key.kind == QLatin1String("Pod") || key.kind == QLatin1String("Service"))
        for (const QString &link : m_scene->links())
            if (link.endsWith(QLatin1String("-> Pod/") + key.name) && link.startsWith(QLatin1String("EndpointSlice/")))
                for (const QString &svc : m_scene->links())
                    if (svc.endsWith(QLatin1String("-> ") + link.section(QStringLiteral(" -> "), 0, 0)))
                        m_focusChain << svc.section(QStringLiteral(" -> "), 0, 0);
    reloadReconciles();
}

bool ControllersPage::concernsFocus(const std::string &kind, const std::string &name) const
{
    return !m_focus.isValid() || m_focusChain.contains(QString::fromStdString(kind + "/" + name));
}

void ControllersPage::followRevision(qint64 revision)
{
    m_revision = revision;
    reloadReconciles();
}

void ControllersPage::refresh()
{
    if (m_trace.lastId() == m_listedAt || m_revision > 0)
        return;
    // Most new events are not reconciles (leases, kubelets): relist only for a reconcile,
    // so the list does not jump under the learner's eyes.
    const auto &events = m_trace.events();
    bool reconciled = false;
    for (auto it = events.rbegin(); it != events.rend() && it->id() > m_listedAt && !reconciled; ++it)
        reconciled = it->kind() == proto::TRACE_KIND_RECONCILE;
    if (reconciled)
        reloadReconciles();
    else
        m_listedAt = m_trace.lastId();
}

void ControllersPage::reloadReconciles()
{
    m_listedAt = m_trace.lastId();
    m_reconciles->clear();
    const std::string ns = m_ns.toStdString();
    int rows = 0;
    const auto &events = m_trace.events();
    for (auto it = events.rbegin(); it != events.rend() && rows < kMaxRows; ++it) {
        const proto::TraceEvent &e = *it;
        if (e.kind() != proto::TRACE_KIND_RECONCILE || (m_revision > 0 && e.revision() > m_revision))
            continue;
        const proto::ObjectRef &o = e.object();
        if ((!o.namespace_().empty() && o.namespace_() != ns) || !concernsFocus(o.kind(), o.name()))
            continue;
        const Narration said = Narrator::narrate(e, o);
        auto *row = new QTreeWidgetItem(m_reconciles);
        row->setText(0, QDateTime::fromMSecsSinceEpoch(e.time_ns() / 1'000'000, QTimeZone::utc()).toString(QStringLiteral("HH:mm:ss.zzz")));
        row->setText(1, QString::fromStdString(e.component()).section(QLatin1Char('/'), 1));
        row->setText(2, QString::fromStdString(o.kind() + " " + o.name()));
        row->setText(3, said.title);
        row->setText(4, details(e));
        row->setToolTip(3, said.explanation);
        ++rows;
    }
    m_caption->setText(m_focus.isValid() ? tr("Reconciles of %1 and its owners, newest first").arg(m_focus.display())
                                         : tr("Every controller reconcile in %1, newest first (click an object to keep its own)").arg(m_ns));
}

} // namespace k8slab::gui
