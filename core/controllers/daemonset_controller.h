#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/backoff.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"
#include "core/controllers/daemonset_rollout.h"
#include "core/controllers/expectations.h"

#include <map>
#include <string>
#include <vector>

namespace k8slab::controllers {

/// Whether a DaemonSet's pod belongs on a node (upstream's NodeShouldRunDaemonPod):
/// the template's nodeName, nodeSelector and required node affinity must admit the
/// node, and its taints must be tolerated (with the tolerations every daemon pod gets).
/// Resources are not checked: that is the scheduler's job.
struct DaemonPlacement {
    bool shouldRun = false;          ///< a pod should be created here
    bool shouldContinueRunning = false; ///< a pod already here may stay (NoExecute taints are tolerated)
};
DaemonPlacement daemonPlacement(const api::Json &daemonSet, const api::Json &node);

/// The tolerations the DaemonSet controller adds to every daemon pod (not-ready and
/// unreachable NoExecute without tolerationSeconds; disk/memory/pid-pressure and
/// unschedulable NoSchedule; network-unavailable NoSchedule for hostNetwork pods).
void addDaemonTolerations(api::Json &podSpec);

/// A DaemonSet's rolling-update limits against `desired` nodes (none for OnDelete).
DaemonFenceposts daemonFenceposts(const api::Json &daemonSet, std::int64_t desired);

/// The DaemonSet controller: one pod per eligible node — created with a required node
/// affinity to that node (matchFields metadata.name) so the default scheduler binds it;
/// surplus and misplaced pods deleted; failed pods replaced (per node, 1 s doubling to
/// 15 minutes apart, as upstream's failedPodsBackoff); a rolling update
/// (maxUnavailable, default 1, or maxSurge: new pods beside the old ones;
/// daemonset_rollout.h) or OnDelete when the template changes, with the
/// revisions kept as ControllerRevisions (`kubectl rollout history/undo ds`) and the
/// pods labelled controller-revision-hash; status as `kubectl rollout status ds` reads it.
class DaemonSetController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    DaemonSetController(client::Client &client, client::InformerFactory &informers);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void enqueueAll();
    void podChanged(const api::Json &pod, bool gone);
    void sync(const std::string &key);
    std::string syncRevisions(const api::Json &ds);
    // Creates pods on `create` and deletes `remove` (pod, why), traced with `facts`.
    void syncNodes(const api::Json &ds, const std::string &key, std::vector<std::string> create,
                   const std::vector<std::pair<api::Json, std::string>> &remove, const std::string &hash,
                   std::map<std::string, std::string> facts);
    void updateStatus(const api::Json &ds, const std::string &hash);

    client::Client &m_client;
    client::Informer &m_daemonSets;
    client::Informer &m_pods;
    client::Informer &m_nodes;
    client::Informer &m_revisions;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    Expectations m_expectations;
    client::Backoff m_failedPodsBackoff{std::chrono::seconds(1), std::chrono::minutes(15)};
};

} // namespace k8slab::controllers
