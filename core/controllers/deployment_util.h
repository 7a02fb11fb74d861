#pragma once

#include "core/api/json.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// The arithmetic and bookkeeping of upstream's deployment controller
/// (pkg/controller/deployment/util), kept free of any I/O so it can be tested table by
/// table: fence posts, how far a rolling update may scale, proportional scaling,
/// revisions and the pod-template-hash.
namespace k8slab::controllers::deployment {

/// The label that ties a ReplicaSet and its pods to one pod template.
inline constexpr const char *kHashLabel = "pod-template-hash";
inline constexpr const char *kRevision = "deployment.kubernetes.io/revision";
inline constexpr const char *kRevisionHistory = "deployment.kubernetes.io/revision-history";
inline constexpr const char *kDesiredReplicas = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char *kMaxReplicas = "deployment.kubernetes.io/max-replicas";

/// The hash of a pod template (and the Deployment's collisionCount) as a label value:
/// FNV-32a over the template, then SafeEncodeString of the decimal sum. Upstream
/// hashes Go's in-memory dump of the struct; the lab hashes the template's canonical
/// JSON, so the value differs from upstream's for the same template (documented in
/// docs/differences.md) while behaving the same way: same template, same hash.
std::string podTemplateHash(const api::Json &podTemplate, std::optional<std::int64_t> collisionCount);

/// Upstream's rand.SafeEncodeString: each byte mapped into "bcdfghjklmnpqrstvwxz2456789".
std::string safeEncode(const std::string &text);

/// An IntOrString ("25%" or 3) scaled against `total`, rounding up or down.
std::int64_t scaledValue(const api::Json &intOrPercent, std::int64_t total, bool roundUp);

/// maxSurge (rounded up) and maxUnavailable (rounded down) for `replicas`; when both
/// come out 0, maxUnavailable is 1 so a rollout can make progress.
struct Fenceposts {
    std::int64_t surge = 0;
    std::int64_t unavailable = 0;
};
Fenceposts resolveFenceposts(const api::Json &maxSurge, const api::Json &maxUnavailable, std::int64_t replicas);

/// MaxSurge of a Deployment object (0 unless RollingUpdate).
std::int64_t maxSurge(const api::Json &deployment);
/// MaxUnavailable of a Deployment object (0 unless RollingUpdate; at most replicas).
std::int64_t maxUnavailable(const api::Json &deployment);
/// spec.replicas (1 when unset).
std::int64_t replicasOf(const api::Json &deployment);
/// True for strategy RollingUpdate.
bool isRollingUpdate(const api::Json &deployment);

/// How many replicas the new ReplicaSet should have now (NewRSNewReplicas): for a
/// rolling update, as many as the surge allows, never more than spec.replicas; for
/// Recreate, spec.replicas.
std::int64_t newReplicaSetReplicas(const api::Json &deployment, const std::vector<const api::Json *> &allReplicaSets,
                                   const api::Json *newReplicaSet);

/// Σ spec.replicas, Σ status.replicas, Σ status.availableReplicas, Σ status.readyReplicas.
std::int64_t specReplicas(const std::vector<const api::Json *> &replicaSets);
std::int64_t actualReplicas(const std::vector<const api::Json *> &replicaSets);
std::int64_t availableReplicas(const std::vector<const api::Json *> &replicaSets);
std::int64_t readyReplicas(const std::vector<const api::Json *> &replicaSets);

/// The revision annotation of an object (0 when missing or not a number).
std::int64_t revisionOf(const api::Json &object);
/// Pod templates equal once the pod-template-hash label is ignored (EqualIgnoreHash).
bool equalIgnoringHash(const api::Json &a, const api::Json &b);
/// The ReplicaSet whose template is the Deployment's (the oldest, if several), or null.
const api::Json *findNewReplicaSet(const api::Json &deployment, std::vector<const api::Json *> replicaSets);

/// Sorted oldest first by creationTimestamp, then name (ReplicaSetsByCreationTimestamp).
void sortByCreation(std::vector<const api::Json *> &replicaSets);

/// How many replicas each ReplicaSet gets when a Deployment is resized mid-rollout
/// (upstream's proportional scaling): returns the new spec.replicas per ReplicaSet in
/// the order given. `active` are the ReplicaSets with replicas, `newest` decides ties.
std::vector<std::int64_t> proportionalSizes(const api::Json &deployment, std::vector<const api::Json *> &active);

/// The Deployment is done: every replica updated and available, generation observed.
bool deploymentComplete(const api::Json &deployment, const api::Json &status);
/// The new status shows progress over the old one (more updated, fewer old, more ready or available).
bool deploymentProgressing(const api::Json &deployment, const api::Json &status);

} // namespace k8slab::controllers::deployment
