#pragma once

#include "core/client/informer.h"
#include "core/scheduler/framework/snapshot.h"

namespace k8slab::scheduler {

/// The scheduler's listers beyond nodes and pods, each an informer: namespaces (for
/// namespaceSelector), Services, ReplicationControllers, ReplicaSets and StatefulSets
/// (for the default spreading selector) and PodDisruptionBudgets (for preemption).
class ClusterListers : public ClusterLister {
public:
    /// Listers reading through `client`.
    explicit ClusterListers(client::Client &client);

    /// Starts every informer.
    Status start();

    const api::Json *namespaceLabels(const std::string &ns) const override;
    std::optional<api::LabelSelector> defaultSelector(const PodInfo &pod) const override;
    std::vector<const api::Json *> disruptionBudgets(const std::string &ns) const override;

    /// Adds a handler to every informer (the scheduler re-queues pods on these changes too).
    void addHandlers(const client::EventHandlers &handlers);

private:
    client::Informer m_namespaces;
    client::Informer m_services;
    client::Informer m_replicationControllers;
    client::Informer m_replicaSets;
    client::Informer m_statefulSets;
    client::Informer m_pdbs;
};

} // namespace k8slab::scheduler
