#include "gui/object_actions.h"

#include "core/apiserver/api_server.h"
#include "core/kubelet/node_agents.h"
#include "core/lab/lab_session.h"

#include <QMenu>

namespace k8slab::gui {

ObjectActions::ObjectActions(lab::LabSession &session, QObject *parent) : QObject(parent), m_session(session) {}

bool ObjectActions::send(const std::string &method, const std::string &path, const std::string &body)
{
    apiserver::ApiRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.contentType = "application/merge-patch+json";
    request.userAgent = "k8slab-gui";
    const apiserver::ApiResponse response = m_session.api().handle(request);
    if (response.code < 300)
        return true;
    const api::Json status = api::Json::parse(response.body, nullptr, false);
    Q_EMIT failed(QString::fromStdString(status.is_object() ? status.value("message", response.body) : response.body));
    return false;
}

kubelet::NodeAgents *ObjectActions::agents()
{
    kubelet::NodeAgents *agents = m_session.nodeAgents();
    if (!agents)
        Q_EMIT failed(tr("This lab runs no node agents."));
    return agents;
}

bool ObjectActions::report(const Status &status)
{
    if (!status.ok())
        Q_EMIT failed(QString::fromStdString(status.message()));
    return status.ok();
}

bool ObjectActions::setKubeletRunning(const QString &node, bool running)
{
    kubelet::NodeAgents *nodes = agents();
    return nodes && report(nodes->setAgentRunning(node.toStdString(), running));
}

bool ObjectActions::killContainer(const QString &ns, const QString &pod, const QString &container)
{
    kubelet::NodeAgents *nodes = agents();
    return nodes && report(nodes->killContainer(ns.toStdString(), pod.toStdString(), container.toStdString()).status());
}

bool ObjectActions::fillMemory(const QString &node, qint64 leaveBytes)
{
    kubelet::NodeAgents *nodes = agents();
    return nodes && report(nodes->fillMemoryLeaving(node.toStdString(), leaveBytes).status());
}

bool ObjectActions::releaseMemory(const QString &node)
{
    kubelet::NodeAgents *nodes = agents();
    return nodes && report(nodes->fillMemory(node.toStdString(), 0));
}

bool ObjectActions::setRegistryReachable(bool reachable)
{
    kubelet::NodeAgents *nodes = agents();
    return nodes && report(nodes->setRegistryReachable(reachable));
}

bool ObjectActions::setCordoned(const QString &node, bool cordoned)
{
    return send("PATCH", "/api/v1/nodes/" + node.toStdString(),
                cordoned ? R"({"spec":{"unschedulable":true}})" : R"({"spec":{"unschedulable":null}})");
}

bool ObjectActions::deletePod(const QString &ns, const QString &name)
{
    return send("DELETE", "/api/v1/namespaces/" + ns.toStdString() + "/pods/" + name.toStdString());
}

void ObjectActions::populate(QMenu &menu, const ObjectKey &key)
{
    kubelet::NodeAgents *nodes = m_session.nodeAgents();
    if (key.kind == QLatin1String("Node")) {
        kubelet::Kubelet *k = nodes ? nodes->kubelet(key.name.toStdString()) : nullptr;
        if (k) {
            const bool running = k->agentRunning();
            menu.addAction(running ? tr("Stop the kubelet (the node goes NotReady)") : tr("Start the kubelet again"), this,
                           [this, key, running] { setKubeletRunning(key.name, !running); });
            // Past the eviction threshold (100Mi): MemoryPressure, then evictions.
            menu.addAction(tr("Fill its memory (leave 50 MiB available)"), this,
                           [this, key] { fillMemory(key.name, 50LL * 1024 * 1024); });
            if (k->runtime().hostMemoryHog() > 0)
                menu.addAction(tr("Release the memory"), this, [this, key] { releaseMemory(key.name); });
        }
        menu.addAction(tr("Cordon (no new pods)"), this, [this, key] { setCordoned(key.name, true); });
        menu.addAction(tr("Uncordon"), this, [this, key] { setCordoned(key.name, false); });
    } else if (key.kind == QLatin1String("Pod")) {
        menu.addAction(tr("Delete the pod (gracefully)"), this, [this, key] { deletePod(key.ns, key.name); });
        if (!nodes)
            return;
        apiserver::ApiRequest request;
        request.method = "GET";
        request.path = "/api/v1/namespaces/" + key.ns.toStdString() + "/pods/" + key.name.toStdString();
        const api::Json pod = api::Json::parse(m_session.api().handle(request).body, nullptr, false);
        if (!pod.is_object() || !pod.contains("status"))
            return;
        QMenu *kill = menu.addMenu(tr("Kill a container (SIGKILL)"));
        for (const api::Json &status : pod["status"].value("containerStatuses", api::Json::array())) {
            if (!status.contains("state") || !status["state"].contains("running"))
                continue;
            const QString name = QString::fromStdString(status.value("name", ""));
            kill->addAction(name, this, [this, key, name] { killContainer(key.ns, key.name, name); });
        }
        kill->setEnabled(!kill->isEmpty());
    }
}

void ObjectActions::populateFaults(QMenu &menu)
{
    kubelet::NodeAgents *nodes = m_session.nodeAgents();
    QAction *broken = menu.addAction(tr("Break the image registry (pulls fail)"));
    broken->setCheckable(true);
    broken->setEnabled(nodes != nullptr);
    broken->setChecked(nodes && !nodes->registryReachable());
    connect(broken, &QAction::toggled, this, [this](bool on) { setRegistryReachable(!on); });
    if (!nodes)
        return;
    // Each node's own faults, as its context menu on the map offers them.
    menu.addSeparator();
    for (const kubelet::Kubelet *k : nodes->kubelets()) {
        const QString name = QString::fromStdString(k->nodeName());
        populate(*menu.addMenu(name), ObjectKey{QStringLiteral("Node"), QString(), name});
    }
}

} // namespace k8slab::gui
