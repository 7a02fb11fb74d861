#pragma once

#include "gui/object_key.h"

#include <QObject>

class QMenu;

namespace k8slab {
class Status;
}
namespace k8slab::kubelet {
class NodeAgents;
}
namespace k8slab::lab {
class LabSession;
}

namespace k8slab::gui {

/// What a learner can do to an object from its context menu — through the same paths
/// kubectl and the lab's fault API take: the faults (stop or start a node's kubelet,
/// fill or release a node's memory, kill a container, break the image registry),
/// cordon or uncordon a node, delete a pod (gracefully, as `kubectl delete pod`).
class ObjectActions : public QObject {
    Q_OBJECT
public:
    explicit ObjectActions(lab::LabSession &session, QObject *parent = nullptr);

    /// Adds the actions that apply to `key` to `menu`.
    void populate(QMenu &menu, const ObjectKey &key);
    /// Adds the faults to `menu`: the image registry, and each node's actions.
    void populateFaults(QMenu &menu);
    /// The actions, callable directly (tests; keyboard shortcuts later).
    bool setKubeletRunning(const QString &node, bool running);
    bool killContainer(const QString &ns, const QString &pod, const QString &container);
    /// A process outside the pods takes the node's memory until `leaveBytes` are available.
    bool fillMemory(const QString &node, qint64 leaveBytes);
    bool releaseMemory(const QString &node);
    bool setRegistryReachable(bool reachable);
    bool setCordoned(const QString &node, bool cordoned);
    bool deletePod(const QString &ns, const QString &name);

Q_SIGNALS:
    /// An action failed; `message` says why (the API's words).
    void failed(const QString &message);

private:
    bool send(const std::string &method, const std::string &path, const std::string &body = {});
    bool report(const Status &status);
    kubelet::NodeAgents *agents();

    lab::LabSession &m_session;
};

} // namespace k8slab::gui
