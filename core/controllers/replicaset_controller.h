#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer.h"
#include "core/client/work_queue.h"

#include <map>
#include <string>
#include <vector>

namespace k8slab::controllers {

/// The ReplicaSet controller of kube-controller-manager: keeps spec.replicas active
/// pods for each ReplicaSet — adopting matching orphans, releasing pods that no longer
/// match, creating missing pods in slow-start batches (1, 2, 4, …; at most 500 per
/// sync), deleting surplus pods most-deletable first (upstream's ActivePodsWithRanks
/// order), with expectations so a sync never acts twice on the same change, and
/// writing status.
class ReplicaSetController {
public:
    /// A controller acting through `client`.
    explicit ReplicaSetController(client::Client &client);

    /// Starts the ReplicaSet and Pod informers.
    Status start();

private:
    struct Expectations {
        int adds = 0;
        int deletes = 0;
        engine::TimePoint since{};
    };

    void enqueueOwnerOf(const api::Json &pod);
    void sync(const std::string &key);
    std::vector<api::Json> claimPods(const api::Json &rs);
    void createPods(const api::Json &rs, int count);
    void deletePods(const api::Json &rs, std::vector<api::Json> pods, int count);
    void updateStatus(const api::Json &rs, const std::vector<api::Json> &pods);
    bool expectationsSatisfied(const std::string &key);

    client::Client &m_client;
    client::Informer m_replicaSets;
    client::Informer m_pods;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    std::map<std::string, Expectations> m_expectations;
};

/// Orders pods most-deletable first, as upstream's ActivePodsWithRanks does (criteria
/// 1–8 of the reference; rank counts active pods of the same owner on the same node).
std::vector<api::Json> sortForDeletion(std::vector<api::Json> pods, engine::TimePoint now);

} // namespace k8slab::controllers
