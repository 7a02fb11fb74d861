#pragma once

#include "core/api/json.h"

#include <string>
#include <unordered_map>

namespace k8slab::controllers {

/// What a controller's sync asks of each of its pods, worked out once per version of the
/// pod rather than once per sync: a ReplicaSet of R pods is synced on each of its pods'
/// changes, so without this every rollout reads R pods' JSON O(R) times.
struct PodFacts {
    std::string resourceVersion; ///< the version these facts are of
    std::string controllerUid;   ///< the uid of its controller ownerReference ("" if none)
    const api::Json *labels = nullptr; ///< metadata.labels inside the cached pod (may be null)
    bool active = false;         ///< podActive()
    bool ready = false;          ///< podReady()
};

/// PodFacts by pod, for pods held in an informer's cache. Entries are keyed by the
/// cached object's address and checked against its resourceVersion (unique per write),
/// so a pod replaced by a newer version — even at the same address — is read again.
class PodFactsCache {
public:
    /// The facts of `pod`, an object in an informer's cache (valid as long as it is).
    const PodFacts &of(const api::Json &pod);
    /// Forgets every entry once there are more than `keep` (pods that went leave theirs).
    void trim(std::size_t keep);

private:
    std::unordered_map<const api::Json *, PodFacts> m_facts;
};

} // namespace k8slab::controllers
