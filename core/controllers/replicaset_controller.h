#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"
#include "core/controllers/expectations.h"
#include "core/controllers/pod_facts.h"

#include <string>
#include <vector>

namespace k8slab::controllers {

/// Which replica controller a ReplicaSetController is: upstream runs the same code
/// for ReplicaSets and (through a conversion) for ReplicationControllers.
struct ReplicaKind {
    /// The resource it controls (apps/v1 replicasets or v1 replicationcontrollers).
    const apiserver::ResourceInfo *resource = nullptr;
    /// "ReplicaSet" or "ReplicationController".
    std::string kind;
    /// The controller's name: "replicaset" or "replicationcontroller" (queue, trace codes).
    std::string name;
    /// The events' source component: "replicaset-controller" or "replication-controller".
    std::string eventSource;

    /// The ReplicaSet controller.
    static ReplicaKind replicaSets();
    /// The ReplicationController controller (its selector is a plain label map).
    static ReplicaKind replicationControllers();
};

/// The ReplicaSet (and ReplicationController) controller of kube-controller-manager:
/// keeps spec.replicas active pods for each object — adopting matching orphans,
/// releasing pods that no longer match, creating missing pods in slow-start batches
/// (1, 2, 4, …; at most 500 per sync), deleting surplus pods most-deletable first
/// (upstream's ActivePodsWithRanks order), with expectations so a sync never acts
/// twice on the same change — and writing status (ready and available replicas with
/// minReadySeconds, the ReplicaFailure condition). Each sync is traced with what it
/// saw and what it decided.
class ReplicaSetController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    ReplicaSetController(client::Client &client, client::InformerFactory &informers,
                         ReplicaKind kind = ReplicaKind::replicaSets());

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void podAdded(const api::Json &pod);
    void podUpdated(const api::Json &before, const api::Json &after);
    void podDeleted(const api::Json &pod);
    std::string ownerKey(const api::Json &pod) const;
    void enqueueMatchingOwners(const api::Json &pod);
    void sync(const std::string &key);
    // The pods it controls (claimed: adopting and releasing as upstream) that count.
    std::vector<const api::Json *> activePods(const api::Json &owner);
    Status createPods(const api::Json &owner, int count);
    Status deletePods(const api::Json &owner, const std::vector<const api::Json *> &active, int count);
    std::vector<api::Json> relatedPods(const api::Json &owner) const;
    void updateStatus(const api::Json &owner, const std::vector<const api::Json *> &active, const Status &manageError,
                      const std::string &failureReason);

    client::Client &m_client;
    ReplicaKind m_kind;
    client::Informer &m_owners;
    client::Informer &m_pods;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    Expectations m_expectations;
    PodFactsCache m_facts;
    std::size_t m_livePods = 0;
};

/// Orders pods most-deletable first, as upstream's ActivePodsWithRanks does (criteria
/// 1–8 of the reference). A pod's rank counts the `related` active pods (those of
/// every ReplicaSet of the same owner) on its node, so doubled-up nodes drain first.
std::vector<api::Json> sortForDeletion(std::vector<api::Json> pods, const std::vector<api::Json> &related,
                                       engine::TimePoint now);
/// The same with the pods themselves as the related pods.
std::vector<api::Json> sortForDeletion(std::vector<api::Json> pods, engine::TimePoint now);

} // namespace k8slab::controllers
