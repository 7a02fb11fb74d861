#pragma once

#include "core/api/json.h"
#include "core/scheduler/framework/pod_info.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace k8slab::scheduler {

/// A node as the scheduler sees it, with the pods placed on it (bound or assumed) and
/// what they add up to, as upstream's framework.NodeInfo.
class NodeInfo {
public:
    /// A node with no object yet (pods may arrive before their node).
    NodeInfo() = default;
    /// Reads the node's object (labels, taints, allocatable, images, unschedulable).
    void setNode(const api::Json &node);
    /// True once setNode was called.
    [[nodiscard]] bool hasNode() const { return m_hasNode; }

    /// Adds a pod's requests and ports.
    void addPod(const PodInfoPtr &pod);
    /// Removes the pod with `uid`; false when it is not here.
    bool removePod(const std::string &uid);

    /// The node's name.
    [[nodiscard]] const std::string &name() const { return m_name; }
    /// metadata.labels (an object).
    [[nodiscard]] const api::Json &labels() const { return m_labels; }
    /// The value of label `key`, or null.
    [[nodiscard]] const std::string *label(const std::string &key) const;
    /// spec.taints.
    [[nodiscard]] const std::vector<Taint> &taints() const { return m_taints; }
    /// spec.unschedulable.
    [[nodiscard]] bool unschedulable() const { return m_unschedulable; }
    /// status.allocatable (capacity when absent).
    [[nodiscard]] const Resource &allocatable() const { return m_allocatable; }
    /// Image sizes by normalized name, from status.images.
    [[nodiscard]] const std::map<std::string, std::int64_t> &images() const { return m_images; }
    /// The zone this node is in for the round-robin node order ("region:zone", or "").
    [[nodiscard]] const std::string &zone() const { return m_zone; }

    /// The pods on the node.
    [[nodiscard]] const std::vector<PodInfoPtr> &pods() const { return m_pods; }
    /// The pods on the node that declare pod (anti-)affinity.
    [[nodiscard]] const std::vector<PodInfoPtr> &podsWithAffinity() const { return m_podsWithAffinity; }
    /// The pods on the node that declare required anti-affinity.
    [[nodiscard]] const std::vector<PodInfoPtr> &podsWithRequiredAntiAffinity() const
    {
        return m_podsWithRequiredAntiAffinity;
    }
    /// Sum of the pods' actual requests.
    [[nodiscard]] const Resource &requested() const { return m_requested; }
    /// Sum of the pods' CPU requests with the scoring defaults.
    [[nodiscard]] std::int64_t nonZeroMilliCpu() const { return m_nonZeroMilliCpu; }
    /// Sum of the pods' memory requests with the scoring defaults.
    [[nodiscard]] std::int64_t nonZeroMemory() const { return m_nonZeroMemory; }
    /// Host ports in use.
    [[nodiscard]] const std::vector<HostPort> &usedPorts() const { return m_usedPorts; }
    /// Bumped on every change (for caches of derived state).
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }

private:
    void removeFrom(std::vector<PodInfoPtr> &list, const std::string &uid);

    bool m_hasNode = false;
    std::string m_name;
    api::Json m_labels = api::Json::object();
    std::vector<Taint> m_taints;
    bool m_unschedulable = false;
    Resource m_allocatable;
    std::map<std::string, std::int64_t> m_images;
    std::string m_zone;
    std::vector<PodInfoPtr> m_pods;
    std::vector<PodInfoPtr> m_podsWithAffinity;
    std::vector<PodInfoPtr> m_podsWithRequiredAntiAffinity;
    Resource m_requested;
    std::int64_t m_nonZeroMilliCpu = 0;
    std::int64_t m_nonZeroMemory = 0;
    std::vector<HostPort> m_usedPorts;
    std::uint64_t m_generation = 0;
    friend class Snapshot;
};

/// True when the node satisfies the pod's spec.nodeSelector and required node affinity
/// (upstream's GetRequiredNodeAffinity(pod).Match(node)).
bool matchesRequiredNodeAffinity(const PodInfo &pod, const NodeInfo &node);

/// The first NoSchedule/NoExecute taint of the node the pod does not tolerate, or null.
const Taint *untoleratedScheduleTaint(const PodInfo &pod, const NodeInfo &node);

} // namespace k8slab::scheduler
