#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace k8slab::controllers {

/// What one node holds of a DaemonSet once the manage step is done: at most one pod of
/// the current revision and one of an older one (upstream's findUpdatedPodsOnNode).
struct DaemonNodeState {
    std::string node;
    std::string newPod;        ///< name of the current revision's pod ("" if none)
    std::string oldPod;        ///< name of an older revision's pod ("" if none)
    bool newAvailable = false; ///< the new pod is available (ready for minReadySeconds)
    bool oldAvailable = false;
    bool excess = false;       ///< more than one pod of a kind: the manage step prunes first
    bool shouldRun = true;     ///< the node still admits the DaemonSet's pods
};

/// The pods a rolling update deletes and the nodes it surges onto, with why.
struct DaemonRolloutPlan {
    struct Deletion {
        std::string pod;
        std::string why;
    };
    std::vector<Deletion> deletions;
    std::vector<std::string> surgeNodes; ///< nodes that get a new pod beside the old one
};

/// maxSurge and maxUnavailable scaled against the desired number of nodes (rounded up,
/// as upstream's SurgeCount and UnavailableCount); 1 unavailable when both come out 0.
struct DaemonFenceposts {
    std::int64_t surge = 0;
    std::int64_t unavailable = 1;
};

/// One step of a DaemonSet's rolling update (upstream's rollingUpdate), over the nodes
/// holding its pods, in the order given:
/// - without surge, old pods that are not available go at once, and available old pods
///   go while fewer than maxUnavailable nodes lack an available new pod;
/// - with surge, a new pod starts beside each unavailable old one and beside up to
///   maxSurge available ones; an old pod goes once the new pod beside it is available;
///   old pods on nodes that no longer admit the DaemonSet go only while more pods are
///   available than desired.
DaemonRolloutPlan planDaemonRollout(const std::vector<DaemonNodeState> &nodes, DaemonFenceposts limits,
                                    std::int64_t desired);

} // namespace k8slab::controllers
