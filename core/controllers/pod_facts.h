#pragma once

#include "core/api/json.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace k8slab::controllers {

/// What a controller's sync asks of each of its pods, worked out once per version of the
/// pod rather than once per sync: a ReplicaSet of R pods is synced on each of its pods'
/// changes, so without this every rollout reads R pods' JSON O(R) times.
struct PodFacts {
    std::string controllerUid;         ///< the uid of its controller ownerReference ("" if none)
    const api::Json *labels = nullptr; ///< metadata.labels inside the cached pod (may be null)
    bool active = false;               ///< podActive()
    bool ready = false;                ///< podReady()
    /// Left to the controller, which knows its owner: -1 unknown, 0 no, 1 yes.
    int selected = -1;     ///< its controller's selector selects it
    int fullyLabeled = -1; ///< it carries all of its controller's template labels
};

/// PodFacts of the pods in one informer's cache, keyed by the cached object's address,
/// so a lookup never touches the pod's JSON. The controller forgets a pod's facts when
/// the informer adds or updates it (the object at that address changed); a relist
/// replaces every cached object and empties the cache (see Informer::generation()).
class PodFactsCache {
public:
    /// The facts of `pod`, an object in the informer's cache at `generation`.
    PodFacts &of(const api::Json &pod, std::uint64_t generation);
    /// The pod at this address changed (added or updated): read it again next time.
    void forget(const api::Json &pod) { m_facts.erase(&pod); }
    /// Forgets everything (a controller's selector or template changed).
    void clear() { m_facts.clear(); }
    /// Forgets every entry once there are more than `keep` (pods that went leave theirs).
    void trim(std::size_t keep);

private:
    std::unordered_map<const api::Json *, PodFacts> m_facts;
    std::uint64_t m_generation = 0;
};

} // namespace k8slab::controllers
