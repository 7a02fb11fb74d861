#pragma once

#include "core/api/json.h"
#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// DefaultPreemption: when no node fits, finds nodes where evicting lower-priority pods
/// would let the pod fit (fewest PDB violations, lowest victim priority, ... as upstream
/// picks), marks the victims DisruptionTarget, deletes them, and nominates the node.
class DefaultPreemption : public Plugin, public PostFilterPlugin {
public:
    /// "No preemption victims found for incoming pod".
    static constexpr std::string_view kReasonNoVictims = "No preemption victims found for incoming pod";
    /// "Preemption is not helpful for scheduling".
    static constexpr std::string_view kReasonNotHelpful = "Preemption is not helpful for scheduling";

    /// A plugin with DefaultPreemptionArgs (minCandidateNodesPercentage, minCandidateNodesAbsolute).
    DefaultPreemption(const Handle &handle, const api::Json &args);
    std::string_view name() const override;
    PostFilterResult postFilter(CycleState &state, const PodInfo &pod, const NodeStatusMap &statuses) override;

    /// How many candidates to look for among `numNodes` nodes.
    [[nodiscard]] int numCandidates(int numNodes) const;

    /// Victims on one node, as SelectVictimsOnNode finds them.
    struct Victims {
        std::vector<PodInfoPtr> pods;  ///< The pods to evict (most important first).
        int pdbViolations = 0;         ///< How many of them violate a PDB.
    };
    /// The victims needed on `node` for `pod` to fit, or why there are none.
    PluginStatus selectVictimsOnNode(CycleState &state, const PodInfo &pod, NodeInfo &node,
                                     const std::vector<const api::Json *> &pdbs, Victims &victims);

private:
    std::string eligibility(const PodInfo &pod, const NodeStatusMap &statuses) const;
    PluginStatus prepareCandidate(const PodInfo &pod, const std::string &node, const Victims &victims);

    const Handle &m_handle;
    int m_minCandidateNodesPercentage = 10;
    int m_minCandidateNodesAbsolute = 100;
};

/// upstream's MoreImportantPod: higher priority first, then the earlier start.
bool moreImportantPod(const PodInfo &a, const PodInfo &b);

} // namespace k8slab::scheduler::plugins
