#pragma once

#include "core/api/json.h"
#include "core/api/selectors.h"
#include "core/scheduler/framework/node_info.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace k8slab::scheduler {

/// What plugins may ask about the cluster beyond nodes and pods (listers).
class ClusterLister {
public:
    virtual ~ClusterLister() = default;
    /// The labels of namespace `ns`, or null when unknown.
    [[nodiscard]] virtual const api::Json *namespaceLabels(const std::string &ns) const = 0;
    /// upstream's DefaultSelector: the Services, ReplicationControllers, ReplicaSets and
    /// StatefulSets of the pod's namespace that select it, their selectors ANDed;
    /// nullopt when none does (the default spreading constraints then do not apply).
    [[nodiscard]] virtual std::optional<api::LabelSelector> defaultSelector(const PodInfo &pod) const = 0;
    /// The PodDisruptionBudgets of `ns` (objects).
    [[nodiscard]] virtual std::vector<const api::Json *> disruptionBudgets(const std::string &ns) const = 0;
};

/// The nodes and the pods on them, as one scheduling cycle sees them. Because a cycle
/// runs as one task on the lab's loop, nothing changes under it; the scheduler's cache
/// keeps this view up to date as events arrive instead of copying it per cycle.
/// Node order is upstream's node tree: zones interleaved round-robin, each zone in the
/// order its nodes were added.
class Snapshot {
public:
    Snapshot() = default;
    Snapshot(const Snapshot &) = delete;
    Snapshot &operator=(const Snapshot &) = delete;

    /// Adds or updates a node from its object.
    void setNode(const api::Json &node);
    /// Removes a node (its pods stay accounted in a nameless entry until they go).
    void removeNode(const std::string &name);
    /// Places a pod on its node (pod->nodeName); a pod seen before its node waits in an
    /// entry without a node object (not offered to the filters) until the node arrives.
    void addPod(const PodInfoPtr &pod);
    /// Removes a pod placed on `nodeName`.
    void removePod(const std::string &nodeName, const std::string &uid);

    /// The nodes in node-tree order (only nodes whose object is known).
    [[nodiscard]] const std::vector<NodeInfo *> &nodes() const
    {
        if (m_orderDirty)
            rebuildOrder();
        return m_order;
    }
    /// The node named `name`, or null.
    [[nodiscard]] NodeInfo *node(const std::string &name) const;
    /// How many nodes have image `image` (a normalized name).
    [[nodiscard]] int imageNodeCount(const std::string &image) const;
    /// The cluster listers (may be null in unit tests).
    [[nodiscard]] const ClusterLister *lister() const { return m_lister; }
    /// Sets the cluster listers.
    void setLister(const ClusterLister *lister) { m_lister = lister; }
    /// Pods with pod (anti-)affinity on any node, counted.
    [[nodiscard]] int podsWithAffinityCount() const { return m_podsWithAffinity; }
    /// Pods with required anti-affinity on any node, counted.
    [[nodiscard]] int podsWithRequiredAntiAffinityCount() const { return m_podsWithRequiredAntiAffinity; }

private:
    void rebuildOrder() const;
    void countImages(const NodeInfo &node, int delta);
    void countPod(const PodInfo &pod, int delta);

    std::unordered_map<std::string, std::unique_ptr<NodeInfo>> m_nodes;
    std::vector<std::string> m_insertion; // node names in the order they were added
    mutable std::vector<NodeInfo *> m_order;
    mutable bool m_orderDirty = false;
    std::unordered_map<std::string, int> m_imageNodes;
    const ClusterLister *m_lister = nullptr;
    int m_podsWithAffinity = 0;
    int m_podsWithRequiredAntiAffinity = 0;
};

} // namespace k8slab::scheduler
