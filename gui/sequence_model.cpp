#include "gui/sequence_model.h"

#include "gui/narration.h"

#include <algorithm>
#include <map>

namespace k8slab::gui {

namespace {

using recording::HistoryStep;

QString param(const proto::TraceEvent &e, const std::string &key)
{
    auto it = e.params().find(key);
    return it == e.params().end() ? QString() : QString::fromStdString(it->second);
}

/// The part of a component name after the slash ("worker-1" of "kubelet/worker-1").
QString instanceOf(const std::string &component)
{
    const auto slash = component.find('/');
    return slash == std::string::npos ? QString() : QString::fromStdString(component.substr(slash + 1));
}

/// Where the lanes go, left to right: who asks, the API server, the store, the
/// controllers that make pods, the scheduler, kubelets, the runtime, then what reacts
/// to pods (endpoints controllers, kube-proxy).
int rank(const QString &id)
{
    if (id == QLatin1String("user"))
        return 0;
    if (id == QLatin1String("apiserver"))
        return 1;
    if (id == QLatin1String("store"))
        return 2;
    if (id.startsWith(QLatin1String("controller/endpoint")))
        return 7;
    if (id.startsWith(QLatin1String("controller/")))
        return 3;
    if (id == QLatin1String("scheduler"))
        return 4;
    if (id.startsWith(QLatin1String("kubelet/")))
        return 5;
    if (id == QLatin1String("runtime"))
        return 6;
    return 8; // kube-proxy, the lab
}

QString laneTitle(const QString &id)
{
    if (id == QLatin1String("user"))
        return SequenceLayout::tr("kubectl / you");
    if (id == QLatin1String("apiserver"))
        return QStringLiteral("kube-apiserver");
    if (id == QLatin1String("store"))
        return SequenceLayout::tr("etcd (store)");
    if (id.startsWith(QLatin1String("controller/")))
        return SequenceLayout::tr("%1 controller").arg(id.mid(11));
    if (id == QLatin1String("scheduler"))
        return QStringLiteral("kube-scheduler");
    if (id.startsWith(QLatin1String("kubelet/")))
        return SequenceLayout::tr("kubelet (%1)").arg(id.mid(8));
    if (id == QLatin1String("runtime"))
        return SequenceLayout::tr("container runtime");
    if (id == QLatin1String("kube-proxy"))
        return SequenceLayout::tr("kube-proxy (each node)");
    return id;
}

/// The lane of the component that took a step.
QString laneOf(const std::string &component)
{
    const QString c = QString::fromStdString(component);
    if (c == QLatin1String("apiserver") || c == QLatin1String("store") || c == QLatin1String("scheduler")
        || c == QLatin1String("metrics-server"))
        return c;
    if (c.startsWith(QLatin1String("kube-controller-manager/")))
        return QStringLiteral("controller/") + instanceOf(component);
    if (c.startsWith(QLatin1String("kubelet/")))
        return c;
    if (c.startsWith(QLatin1String("kube-proxy/")))
        return QStringLiteral("kube-proxy");
    return QStringLiteral("user");
}

/// Who sent a request: kubectl (or any outside client) is the user; a component's
/// request comes from the component whose step led to it.
QString callerOf(const recording::TraceIndex &index, const proto::TraceEvent &request)
{
    const QString client = param(request, "client");
    if (client == QLatin1String("kube-scheduler"))
        return QStringLiteral("scheduler");
    if (client != QLatin1String("kube-controller-manager") && client != QLatin1String("kubelet"))
        return QStringLiteral("user");
    const std::string prefix = client == QLatin1String("kubelet") ? "kubelet/" : "kube-controller-manager/";
    for (const proto::TraceEvent *e = index.find(request.cause_id()); e; e = index.find(e->cause_id()))
        if (e->component().starts_with(prefix))
            return laneOf(e->component());
    return client == QLatin1String("kubelet") ? QStringLiteral("kubelet/?") : QStringLiteral("controller/?");
}

/// "POST pods", "PUT pods/status", "POST pods/binding", with the answer's code.
QString requestLabel(const HistoryStep &step)
{
    const proto::TraceEvent &e = *step.event;
    QString resource = param(e, "resource").section(QLatin1Char('.'), 0, 0);
    const QString sub = param(e, "subresource");
    if (!sub.isEmpty())
        resource += QLatin1Char('/') + sub;
    QString label = param(e, "verb") + QLatin1Char(' ') + resource;
    if (step.response)
        label += QStringLiteral(" → ") + param(*step.response, "code");
    return label;
}

QString writeLabel(const proto::TraceEvent &e)
{
    const QString op = e.code() == "store.create"   ? SequenceLayout::tr("create")
                       : e.code() == "store.delete" ? SequenceLayout::tr("delete")
                                                    : SequenceLayout::tr("update");
    QString key = QString::fromStdString(e.store_write().key());
    if (key.size() > 46)
        key = key.left(20) + QStringLiteral("…") + key.right(25);
    return op + QLatin1Char(' ') + key;
}

QString watchLabel(const proto::TraceEvent &write)
{
    const QString type = write.code() == "store.create"   ? QStringLiteral("ADDED")
                         : write.code() == "store.delete" ? QStringLiteral("DELETED")
                                                          : QStringLiteral("MODIFIED");
    return SequenceLayout::tr("watch: %1 %2").arg(type, QString::fromStdString(write.object().kind()));
}

/// CRI calls the kubelet makes, drawn as arrows to the runtime (ExecSync for an exec,
/// PortForward for a port-forward's connection).
bool isRuntimeCall(const std::string &code)
{
    return code == "kubelet.sandbox" || code == "kubelet.pull" || code == "kubelet.pull.failed" || code == "kubelet.start"
           || code == "kubelet.start.failed" || code == "kubelet.terminate" || code == "kubelet.exec"
           || code == "kubelet.portForward";
}

} // namespace

int SequenceDiagram::lane(const QString &id) const
{
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].id == id)
            return int(i);
    return -1;
}

SequenceDiagram SequenceDiagram::window(int first, int last) const
{
    SequenceDiagram part;
    part.history = history;
    part.lanes = lanes;
    for (const SequenceMessage &m : messages)
        if (m.step >= first && m.step <= last)
            part.messages.push_back(m);
    return part;
}

SequenceDiagram SequenceLayout::build(const recording::TraceIndex &index, recording::History history)
{
    struct Pending {
        SequenceMessage::Kind kind;
        QString from, to, label;
        int step;
    };
    std::vector<Pending> pending;
    for (std::size_t i = 0; i < history.steps.size(); ++i) {
        const HistoryStep &step = history.steps[i];
        const proto::TraceEvent &e = *step.event;
        const int n = int(i);
        if (e.code() == "apiserver.request") {
            pending.push_back({SequenceMessage::Kind::Call, callerOf(index, e), QStringLiteral("apiserver"), requestLabel(step), n});
            continue;
        }
        if (e.kind() == proto::TRACE_KIND_STORE_WRITE) {
            pending.push_back({SequenceMessage::Kind::Write, QStringLiteral("apiserver"), QStringLiteral("store"), writeLabel(e), n});
            continue;
        }
        const QString lane = laneOf(e.component());
        if (step.watched)
            pending.push_back({SequenceMessage::Kind::Watch, QStringLiteral("apiserver"), lane, watchLabel(*step.watched), n});
        const Narration said = Narrator::narrate(e, recording::subjectOf(index, e));
        if (isRuntimeCall(e.code()))
            pending.push_back({SequenceMessage::Kind::Call, lane, QStringLiteral("runtime"), said.title, n});
        else
            pending.push_back({SequenceMessage::Kind::Note, lane, lane, said.title, n});
    }
    // Lanes: those that take part, in their fixed order (first appearance breaks ties).
    std::vector<QString> ids;
    for (const Pending &p : pending)
        for (const QString &id : {p.from, p.to})
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                ids.push_back(id);
    std::stable_sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) { return rank(a) < rank(b); });

    SequenceDiagram diagram;
    for (const QString &id : ids)
        diagram.lanes.push_back({id, laneTitle(id)});
    for (const Pending &p : pending)
        diagram.messages.push_back({p.kind, diagram.lane(p.from), diagram.lane(p.to), p.label, p.step});
    diagram.history = std::move(history);
    return diagram;
}

} // namespace k8slab::gui
