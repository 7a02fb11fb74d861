#pragma once

#include "core/api/json.h"
#include "core/scheduler/decision_record.h"

#include <map>
#include <string>
#include <vector>

namespace k8slab::scheduler {

class Scheduler;

/// One change that would let a pending pod schedule — proved by a what-if attempt of
/// the scheduler itself, not guessed.
struct Suggestion {
    /// What to change: lowerRequests {cpu, memory, node}, tolerate {node, taints},
    /// dropNodeSelector {keys}, dropRequiredNodeAffinity {}, labelNode {node, labels},
    /// uncordon {node}, removeTaints {node, taints}.
    std::string code;
    std::map<std::string, std::string> params;
    /// How many fields change (the smallest change first).
    int cost = 1;
    /// The pod with the change made (the pod as it is for a node change).
    api::Json pod;
    /// The nodes with the change made (none for a pod change).
    std::vector<api::Json> nodes;
    /// The attempt the change gives (Scheduled).
    DecisionRecord outcome;
};

/// The smallest changes to `pod` or to the nodes that would make the scheduler place
/// it: each rejection of the pod's what-if attempt (insufficient resources, untolerated
/// taints, node selector or required node affinity, a cordoned node) gives candidate
/// changes, every candidate is tried with Scheduler::evaluate, and those that schedule
/// come back cheapest first (pod changes before node changes at equal cost), at most
/// `max`. Empty when the pod schedules as it is.
std::vector<Suggestion> suggestFixes(Scheduler &scheduler, const api::Json &pod, std::size_t max = 5);

} // namespace k8slab::scheduler
