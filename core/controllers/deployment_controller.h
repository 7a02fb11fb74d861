#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <map>
#include <string>
#include <vector>

namespace k8slab::controllers {

/// The Deployment controller of kube-controller-manager. A Deployment owns one
/// ReplicaSet per pod template (named <deployment>-<pod-template-hash>); a sync finds
/// the new one (creating it when the template changed), then rolls toward it —
/// RollingUpdate within maxSurge/maxUnavailable, or Recreate — scales proportionally
/// when spec.replicas changes mid-rollout, only scales while paused, keeps
/// revisionHistoryLimit old ReplicaSets, and writes the status and the Progressing
/// and Available conditions that `kubectl rollout status` reads. Every sync and every
/// scaling decision is traced with its numbers.
class DeploymentController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    DeploymentController(client::Client &client, client::InformerFactory &informers);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

    /// One sync's view of a Deployment and its ReplicaSets (copies: the controller
    /// updates them from its own writes' responses as upstream does).
    struct Rollout {
        api::Json deployment;
        std::vector<api::Json> replicaSets;
        std::string newName; ///< the new ReplicaSet's name; empty when there is none yet

        api::Json *newReplicaSet();
        std::vector<api::Json *> oldReplicaSets();
        std::vector<const api::Json *> all() const;
        api::Json *find(const std::string &name);
    };

private:
    void enqueueFor(const api::Json &replicaSet);
    void podDeleted(const api::Json &pod);
    void sync(const std::string &key);
    std::vector<api::Json> claimReplicaSets(const api::Json &deployment);

    // getAllReplicaSetsAndSyncRevision: finds (or creates) the new ReplicaSet and keeps
    // the revision annotations in step. Returns false (requeue) on a write error.
    bool syncRevision(Rollout &r, bool createIfMissing);
    bool createNewReplicaSet(Rollout &r, std::int64_t revision);
    // Scales one ReplicaSet (and refreshes its replica annotations); true when its size changed.
    bool scaleReplicaSet(Rollout &r, api::Json &rs, std::int64_t size, const std::string &why);
    bool updateReplicaSet(Rollout &r, api::Json &rs);
    bool updateDeploymentStatus(Rollout &r, const api::Json &status);

    // Strategies (deployment_rollout.cpp).
    void rolloutRolling(Rollout &r);
    void rolloutRecreate(Rollout &r);
    void scaleOnly(Rollout &r);
    bool isScalingEvent(Rollout &r);
    bool reconcileNewReplicaSet(Rollout &r);
    bool reconcileOldReplicaSets(Rollout &r);
    bool oldPodsRunning(const Rollout &r) const;
    void cleanup(Rollout &r);
    api::Json calculateStatus(const Rollout &r) const;
    void syncRolloutStatus(Rollout &r);
    void syncStatusOnly(Rollout &r);
    bool checkPausedConditions(Rollout &r);

    client::Client &m_client;
    client::Informer &m_deployments;
    client::Informer &m_replicaSets;
    client::Informer &m_pods;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    bool m_failed = false; ///< a write failed in this sync: requeue with back-off
};

} // namespace k8slab::controllers
