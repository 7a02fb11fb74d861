// The Deployment controller's strategies and status (upstream's rolling.go, recreate.go,
// sync.go and progress.go).
#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"
#include "core/controllers/deployment_controller.h"
#include "core/controllers/deployment_util.h"

#include <algorithm>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;
namespace du = deployment;

namespace {

const apiserver::ResourceInfo &replicaSets() { return client::resource("apps", "v1", "replicasets"); }

bool activeReplicaSet(const Json *rs)
{
    return rs && intAt(*rs, "spec.replicas", 1) > 0;
}

std::vector<Json *> sortedByCreation(std::vector<Json *> list)
{
    std::vector<const Json *> view(list.begin(), list.end());
    du::sortByCreation(view);
    std::vector<Json *> out;
    for (const Json *rs : view)
        out.push_back(const_cast<Json *>(rs));
    return out;
}

bool hasProgressDeadline(const Json &d)
{
    const Json &deadline = jsonAt(d, "spec.progressDeadlineSeconds");
    return deadline.is_number_integer() && deadline.get<std::int64_t>() != std::numeric_limits<std::int32_t>::max();
}

void removeCondition(Json &status, const std::string &type)
{
    if (!status.contains("conditions"))
        return;
    Json kept = Json::array();
    for (const Json &c : status["conditions"])
        if (c.value("type", "") != type)
            kept.push_back(c);
    status["conditions"] = kept;
}

} // namespace

bool DeploymentController::checkPausedConditions(Rollout &r)
{
    if (!hasProgressDeadline(r.deployment))
        return true;
    const bool paused = jsonAt(r.deployment, "spec.paused") == true;
    Json status = r.deployment.value("status", Json::object());
    const Json *progressing = findCondition(status, "Progressing");
    const std::string reason = progressing ? progressing->value("reason", "") : "";
    if (progressing && reason == "ProgressDeadlineExceeded")
        return true;
    const engine::TimePoint now = m_client.api().loop().now();
    bool changed = false;
    if (paused && reason != "DeploymentPaused")
        changed = setCondition(status, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now, true);
    else if (!paused && reason == "DeploymentPaused")
        changed = setCondition(status, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", now, true);
    return !changed || updateDeploymentStatus(r, status);
}

bool DeploymentController::isScalingEvent(Rollout &r)
{
    if (!syncRevision(r, false))
        return false;
    for (const Json *rs : r.all()) {
        if (!activeReplicaSet(rs))
            continue;
        const Json &annotations = jsonAt(*rs, "metadata.annotations");
        if (!annotations.is_object() || !annotations.contains(du::kDesiredReplicas) || !annotations[du::kDesiredReplicas].is_string())
            continue;
        if (std::atoll(annotations[du::kDesiredReplicas].get<std::string>().c_str()) != du::replicasOf(r.deployment))
            return true;
    }
    return false;
}

void DeploymentController::scaleOnly(Rollout &r)
{
    if (m_failed || !syncRevision(r, false))
        return;
    const Json &d = r.deployment;
    const std::int64_t replicas = du::replicasOf(d);
    // One active ReplicaSet (or none: the newest) takes the whole count.
    std::vector<Json *> old = sortedByCreation(r.oldReplicaSets());
    std::reverse(old.begin(), old.end()); // newest first
    std::vector<Json *> candidates = old;
    if (Json *n = r.newReplicaSet())
        candidates.insert(candidates.begin(), n);
    std::vector<Json *> active;
    for (Json *rs : candidates)
        if (activeReplicaSet(rs))
            active.push_back(rs);
    Json *only = active.size() == 1 ? active[0] : active.empty() && !candidates.empty() ? candidates[0] : nullptr;
    if (only) {
        if (intAt(*only, "spec.replicas", 1) != replicas)
            scaleReplicaSet(r, *only, replicas, "the only active replica set takes spec.replicas");
    } else if (Json *n = r.newReplicaSet(); n && intAt(*n, "spec.replicas", 1) == replicas
               && intAt(*n, "status.availableReplicas") == replicas
               && jsonAt(*n, "metadata.annotations").is_object()
               && jsonAt(*n, "metadata.annotations").value(du::kDesiredReplicas, "") == std::to_string(replicas)) {
        for (Json *rs : r.oldReplicaSets()) // the new one is saturated: the old ones go
            if (activeReplicaSet(rs))
                scaleReplicaSet(r, *rs, 0, "the new replica set is saturated");
    } else if (du::isRollingUpdate(d) && !active.empty()) {
        std::vector<const Json *> view(active.begin(), active.end());
        const std::vector<std::int64_t> sizes = du::proportionalSizes(d, view);
        for (std::size_t i = 0; i < view.size() && !m_failed; ++i)
            scaleReplicaSet(r, *const_cast<Json *>(view[i]), sizes[i], "proportional scaling of a resized rollout");
    }
    if (m_failed)
        return;
    if (jsonAt(d, "spec.paused") == true)
        cleanup(r);
    const Json status = calculateStatus(r);
    if (status != r.deployment.value("status", Json::object()))
        updateDeploymentStatus(r, status);
}

bool DeploymentController::reconcileNewReplicaSet(Rollout &r)
{
    Json *n = r.newReplicaSet();
    const std::int64_t replicas = du::replicasOf(r.deployment);
    const std::int64_t current = intAt(*n, "spec.replicas", 1);
    if (current == replicas)
        return false;
    if (current > replicas)
        return scaleReplicaSet(r, *n, replicas, "the new replica set has more than spec.replicas");
    const std::int64_t next = du::newReplicaSetReplicas(r.deployment, r.all(), n);
    const std::int64_t total = du::specReplicas(r.all());
    return scaleReplicaSet(r, *n, next,
                           "replicas " + std::to_string(replicas) + " + maxSurge " + std::to_string(du::maxSurge(r.deployment))
                               + " allows " + std::to_string(replicas + du::maxSurge(r.deployment)) + " pods; "
                               + std::to_string(total) + " exist");
}

bool DeploymentController::reconcileOldReplicaSets(Rollout &r)
{
    std::vector<Json *> old = sortedByCreation(r.oldReplicaSets());
    std::vector<const Json *> oldView(old.begin(), old.end());
    if (du::specReplicas(oldView) == 0)
        return false;
    const Json &d = r.deployment;
    const Json *n = r.newReplicaSet();
    const std::int64_t all = du::specReplicas(r.all());
    const std::int64_t minAvailable = du::replicasOf(d) - du::maxUnavailable(d);
    const std::int64_t newUnavailable = n ? intAt(*n, "spec.replicas", 1) - intAt(*n, "status.availableReplicas") : 0;
    const std::int64_t maxScaledDown = all - minAvailable - newUnavailable;
    if (maxScaledDown <= 0)
        return false;
    // First the old pods that are not available anyway (they cost no availability).
    std::int64_t cleaned = 0;
    for (Json *rs : old) {
        if (cleaned >= maxScaledDown || m_failed)
            break;
        const std::int64_t size = intAt(*rs, "spec.replicas", 1), available = intAt(*rs, "status.availableReplicas");
        // (A stale status may claim more available pods than the ReplicaSet now wants;
        // upstream refuses to "scale down" upwards there, and so does the lab.)
        if (size == 0 || available >= size)
            continue;
        const std::int64_t down = std::min(maxScaledDown - cleaned, size - available);
        scaleReplicaSet(r, *rs, size - down, "its unavailable pods go first");
        cleaned += down;
    }
    // Then available ones, as far as minAvailable allows.
    const std::int64_t availableNow = du::availableReplicas(r.all());
    std::int64_t scaled = 0;
    if (availableNow > minAvailable) {
        const std::int64_t budget = availableNow - minAvailable;
        for (Json *rs : old) {
            if (scaled >= budget || m_failed)
                break;
            const std::int64_t size = intAt(*rs, "spec.replicas", 1);
            if (size == 0)
                continue;
            const std::int64_t down = std::min(size, budget - scaled);
            scaleReplicaSet(r, *rs, size - down,
                            std::to_string(availableNow) + " available, minAvailable " + std::to_string(minAvailable)
                                + " (replicas - maxUnavailable)");
            scaled += down;
        }
    }
    return cleaned + scaled > 0;
}

void DeploymentController::rolloutRolling(Rollout &r)
{
    if (!syncRevision(r, true) || !r.newReplicaSet())
        return;
    if (reconcileNewReplicaSet(r) || m_failed)
        return syncRolloutStatus(r);
    if (reconcileOldReplicaSets(r) || m_failed)
        return syncRolloutStatus(r);
    if (du::deploymentComplete(r.deployment, r.deployment.value("status", Json::object())))
        cleanup(r);
    syncRolloutStatus(r);
}

bool DeploymentController::oldPodsRunning(const Rollout &r) const
{
    std::vector<const Json *> old;
    std::set<std::string> oldUids;
    for (const Json &rs : r.replicaSets)
        if (textAt(rs, "metadata.name") != r.newName) {
            old.push_back(&rs);
            oldUids.insert(textAt(rs, "metadata.uid"));
        }
    if (du::actualReplicas(old) > 0)
        return true;
    for (const Json *pod : m_pods.list({}, textAt(r.deployment, "metadata.namespace"))) {
        const Json *ref = controllerRef(*pod);
        if (!ref || !oldUids.contains(ref->value("uid", "")))
            continue;
        const std::string phase = textAt(*pod, "status.phase");
        if (phase != "Failed" && phase != "Succeeded")
            return true;
    }
    return false;
}

void DeploymentController::rolloutRecreate(Rollout &r)
{
    if (!syncRevision(r, false))
        return;
    bool scaledDown = false;
    for (Json *rs : r.oldReplicaSets())
        if (activeReplicaSet(rs))
            scaledDown = scaleReplicaSet(r, *rs, 0, "Recreate: old pods go before new ones start") || scaledDown;
    if (scaledDown || m_failed || oldPodsRunning(r))
        return syncRolloutStatus(r);
    if (!r.newReplicaSet() && !syncRevision(r, true))
        return;
    if (Json *n = r.newReplicaSet(); n && intAt(*n, "spec.replicas", 1) != du::replicasOf(r.deployment))
        scaleReplicaSet(r, *n, du::replicasOf(r.deployment), "Recreate: no old pods are left");
    if (du::deploymentComplete(r.deployment, r.deployment.value("status", Json::object())))
        cleanup(r);
    syncRolloutStatus(r);
}

void DeploymentController::cleanup(Rollout &r)
{
    const Json &limit = jsonAt(r.deployment, "spec.revisionHistoryLimit");
    if (!limit.is_number_integer() || m_failed)
        return;
    std::vector<Json *> cleanable;
    for (Json *rs : r.oldReplicaSets())
        if (!isTerminating(*rs))
            cleanable.push_back(rs);
    const std::int64_t diff = static_cast<std::int64_t>(cleanable.size()) - limit.get<std::int64_t>();
    if (diff <= 0)
        return;
    std::stable_sort(cleanable.begin(), cleanable.end(), [](const Json *a, const Json *b) {
        if (du::revisionOf(*a) != du::revisionOf(*b))
            return du::revisionOf(*a) < du::revisionOf(*b);
        return textAt(*a, "metadata.creationTimestamp") < textAt(*b, "metadata.creationTimestamp");
    });
    for (std::int64_t i = 0; i < diff; ++i) {
        const Json &rs = *cleanable[static_cast<std::size_t>(i)];
        if (intAt(rs, "status.replicas") != 0 || intAt(rs, "spec.replicas", 1) != 0
            || intAt(rs, "metadata.generation") > intAt(rs, "status.observedGeneration"))
            continue;
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.deployment.cleanup", r.deployment,
                       {{"replicaSet", textAt(rs, "metadata.name")}, {"revision", std::to_string(du::revisionOf(rs))},
                        {"revisionHistoryLimit", std::to_string(limit.get<std::int64_t>())}});
        (void)m_client.remove(replicaSets(), textAt(rs, "metadata.namespace"), textAt(rs, "metadata.name"));
    }
}

Json DeploymentController::calculateStatus(const Rollout &r) const
{
    const Json &d = r.deployment;
    const std::vector<const Json *> all = r.all();
    std::vector<const Json *> updated;
    for (const Json &rs : r.replicaSets)
        if (textAt(rs, "metadata.name") == r.newName)
            updated.push_back(&rs);
    const std::int64_t available = du::availableReplicas(all);
    const std::int64_t unavailable = std::max<std::int64_t>(0, du::specReplicas(all) - available);
    Json status = Json::object();
    // Go leaves zero counts out of the JSON; so does the lab.
    const auto put = [&status](const char *field, std::int64_t value) {
        if (value != 0)
            status[field] = value;
    };
    put("observedGeneration", intAt(d, "metadata.generation"));
    put("replicas", du::actualReplicas(all));
    put("updatedReplicas", du::actualReplicas(updated));
    put("readyReplicas", du::readyReplicas(all));
    put("availableReplicas", available);
    put("unavailableReplicas", unavailable);
    if (jsonAt(d, "status.collisionCount").is_number())
        status["collisionCount"] = jsonAt(d, "status.collisionCount");
    if (jsonAt(d, "status.conditions").is_array())
        status["conditions"] = jsonAt(d, "status.conditions");
    const engine::TimePoint now = m_client.api().loop().now();
    if (available >= du::replicasOf(d) - du::maxUnavailable(d))
        setCondition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, true);
    else
        setCondition(status, "Available", "False", "MinimumReplicasUnavailable",
                     "Deployment does not have minimum availability.", now, true);
    return status;
}

void DeploymentController::syncRolloutStatus(Rollout &r)
{
    if (m_failed)
        return;
    const Json &d = r.deployment;
    Json status = calculateStatus(r);
    if (!hasProgressDeadline(d))
        removeCondition(status, "Progressing");
    const Json &oldStatus = jsonAt(d, "status");
    const Json *current = findCondition(oldStatus, "Progressing");
    const bool complete = intAt(status, "replicas") == intAt(status, "updatedReplicas") && current
                          && current->value("reason", "") == "NewReplicaSetAvailable";
    const engine::TimePoint now = m_client.api().loop().now();
    if (hasProgressDeadline(d) && !complete) {
        const std::string rsName = r.newName;
        if (du::deploymentComplete(d, status)) {
            setCondition(status, "Progressing", "True", "NewReplicaSetAvailable",
                         "ReplicaSet \"" + rsName + "\" has successfully progressed.", now, true);
        } else if (du::deploymentProgressing(d, status)) {
            // Progress: a fresh lastUpdateTime, the transition time kept while it stays True.
            const std::string stamp = api::formatTime(now);
            Json condition = {{"type", "Progressing"}, {"status", "True"}, {"reason", "ReplicaSetUpdated"},
                              {"message", rsName.empty() ? "Deployment \"" + textAt(d, "metadata.name") + "\" is progressing."
                                                         : "ReplicaSet \"" + rsName + "\" is progressing."},
                              {"lastUpdateTime", stamp}, {"lastTransitionTime", stamp}};
            if (current && current->value("status", "") == "True" && current->contains("lastTransitionTime"))
                condition["lastTransitionTime"] = (*current)["lastTransitionTime"];
            removeCondition(status, "Progressing");
            status["conditions"].push_back(condition);
        } else if (current && current->value("reason", "") != "NewReplicaSetAvailable") {
            const auto updatedAt = api::parseTime(current->value("lastUpdateTime", ""));
            const auto deadline = std::chrono::seconds(intAt(d, "spec.progressDeadlineSeconds"));
            if (current->value("reason", "") == "ProgressDeadlineExceeded" || (updatedAt && *updatedAt + deadline < now))
                setCondition(status, "Progressing", "False", "ProgressDeadlineExceeded",
                             "ReplicaSet \"" + rsName + "\" has timed out progressing.", now, true);
        }
    }
    // The first ReplicaFailure of any ReplicaSet becomes the Deployment's.
    const Json *failure = nullptr;
    for (const Json *rs : r.all())
        if (const Json *c = findCondition(jsonAt(*rs, "status"), "ReplicaFailure");
            c && c->value("status", "") == "True" && !failure)
            failure = c;
    if (failure)
        setCondition(status, "ReplicaFailure", "True", failure->value("reason", ""), failure->value("message", ""), now, true);
    else
        removeCondition(status, "ReplicaFailure");
    if (status != d.value("status", Json::object())) {
        updateDeploymentStatus(r, status);
        return;
    }
    // Nothing new: if the rollout is stuck, look again when its deadline passes.
    if (!hasProgressDeadline(d) || !current || du::deploymentComplete(d, status)
        || current->value("reason", "") == "ProgressDeadlineExceeded")
        return;
    const auto updatedAt = api::parseTime(current->value("lastUpdateTime", ""));
    if (!updatedAt)
        return;
    const engine::Duration after = *updatedAt + std::chrono::seconds(intAt(d, "spec.progressDeadlineSeconds")) - now;
    m_queue.addAfter(client::Informer::keyOf(d), std::max<engine::Duration>(after, std::chrono::seconds(1)));
}

void DeploymentController::syncStatusOnly(Rollout &r)
{
    if (!syncRevision(r, false))
        return;
    const Json status = calculateStatus(r);
    if (status != r.deployment.value("status", Json::object()))
        updateDeploymentStatus(r, status);
}

} // namespace k8slab::controllers
