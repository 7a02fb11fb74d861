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

bool ObjectActions::setKubeletRunning(const QString &node, bool running)
{
    kubelet::NodeAgents *agents = m_session.nodeAgents();
    if (!agents) {
        Q_EMIT failed(tr("This lab runs no node agents."));
        return false;
    }
    if (Status s = agents->setAgentRunning(node.toStdString(), running); !s.ok()) {
        Q_EMIT failed(QString::fromStdString(s.message()));
        return false;
    }
    return true;
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
    if (key.kind == QLatin1String("Node")) {
        const kubelet::NodeAgents *agents = m_session.nodeAgents();
        const kubelet::Kubelet *k = agents ? const_cast<kubelet::NodeAgents *>(agents)->kubelet(key.name.toStdString()) : nullptr;
        if (k) {
            const bool running = k->agentRunning();
            menu.addAction(running ? tr("Stop the kubelet (the node goes NotReady)") : tr("Start the kubelet again"), this,
                           [this, key, running] { setKubeletRunning(key.name, !running); });
        }
        menu.addAction(tr("Cordon (no new pods)"), this, [this, key] { setCordoned(key.name, true); });
        menu.addAction(tr("Uncordon"), this, [this, key] { setCordoned(key.name, false); });
    } else if (key.kind == QLatin1String("Pod")) {
        menu.addAction(tr("Delete the pod (gracefully)"), this, [this, key] { deletePod(key.ns, key.name); });
    }
}

} // namespace k8slab::gui
