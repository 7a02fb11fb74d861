#include "core/controllers/daemonset_rollout.h"

#include <algorithm>

namespace k8slab::controllers {

namespace {

DaemonRolloutPlan planWithoutSurge(const std::vector<DaemonNodeState> &nodes, std::int64_t maxUnavailable)
{
    DaemonRolloutPlan plan;
    std::int64_t unavailable = 0;
    std::vector<std::string> candidates;
    for (const DaemonNodeState &n : nodes) {
        const bool hasNew = !n.newPod.empty(), hasOld = !n.oldPod.empty();
        if (n.excess || hasNew == hasOld) {
            ++unavailable; // the manage step creates or deletes here first
        } else if (hasNew) {
            unavailable += n.newAvailable ? 0 : 1;
        } else if (!n.oldAvailable) {
            plan.deletions.push_back({n.oldPod, "rolling update: old and not available"});
        } else if (unavailable < maxUnavailable) {
            candidates.push_back(n.oldPod);
        }
    }
    const auto room = static_cast<std::size_t>(std::clamp<std::int64_t>(
        maxUnavailable - unavailable, 0, static_cast<std::int64_t>(candidates.size())));
    for (std::size_t i = 0; i < room; ++i)
        plan.deletions.push_back({candidates[i], "rolling update: maxUnavailable " + std::to_string(maxUnavailable)});
    return plan;
}

DaemonRolloutPlan planWithSurge(const std::vector<DaemonNodeState> &nodes, std::int64_t maxSurge, std::int64_t desired)
{
    DaemonRolloutPlan plan;
    std::int64_t surging = 0, available = 0;
    std::vector<std::string> candidates, leaving;
    for (const DaemonNodeState &n : nodes) {
        if (n.excess) {
            ++surging;
            continue;
        }
        const bool hasNew = !n.newPod.empty(), hasOld = !n.oldPod.empty();
        available += hasOld ? (n.oldAvailable ? 1 : 0) : (hasNew && n.newAvailable ? 1 : 0);
        if (!hasOld)
            continue; // nothing to replace, or the manage step's to create
        if (!hasNew) {
            if (!n.oldAvailable) {
                if (n.shouldRun)
                    plan.surgeNodes.push_back(n.node);
                else
                    plan.deletions.push_back({n.oldPod, "not available and its node no longer admits it"});
            } else if (!n.shouldRun) {
                leaving.push_back(n.oldPod);
            } else if (surging < maxSurge) {
                candidates.push_back(n.node);
            }
            continue;
        }
        if (!n.newAvailable) {
            ++surging; // waiting for the new pod beside it
            continue;
        }
        plan.deletions.push_back({n.oldPod, "rolling update: the new pod beside it is available"});
    }
    // Pods on nodes that stopped admitting the DaemonSet go only while enough others are available.
    const std::int64_t deletable = std::min<std::int64_t>(available - desired, static_cast<std::int64_t>(leaving.size()));
    for (std::int64_t i = 0; i < deletable; ++i)
        plan.deletions.push_back({leaving[static_cast<std::size_t>(i)], "its node no longer admits it, and enough pods are available"});
    const auto room = static_cast<std::size_t>(std::clamp<std::int64_t>(
        maxSurge - surging, 0, static_cast<std::int64_t>(candidates.size())));
    plan.surgeNodes.insert(plan.surgeNodes.end(), candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(room));
    return plan;
}

} // namespace

DaemonRolloutPlan planDaemonRollout(const std::vector<DaemonNodeState> &nodes, DaemonFenceposts limits,
                                    std::int64_t desired)
{
    return limits.surge == 0 ? planWithoutSurge(nodes, limits.unavailable) : planWithSurge(nodes, limits.surge, desired);
}

} // namespace k8slab::controllers
