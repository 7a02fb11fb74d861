#include "core/controllers/deployment_controller.h"

#include "core/api/selectors.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"
#include "core/controllers/deployment_util.h"

#include <algorithm>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;
namespace du = deployment;

namespace {

const apiserver::ResourceInfo &deployments() { return client::resource("apps", "v1", "deployments"); }
const apiserver::ResourceInfo &replicaSets() { return client::resource("apps", "v1", "replicasets"); }

constexpr std::size_t kMaxRevisionHistoryChars = 2000;

api::LabelSelector selectorOf(const Json &object)
{
    auto parsed = api::LabelSelector::fromJson(jsonAt(object, "spec.selector"));
    return parsed.ok() ? *parsed : api::LabelSelector();
}

Json annotationsOf(const Json &object)
{
    const Json &a = jsonAt(object, "metadata.annotations");
    return a.is_object() ? a : Json::object();
}

bool skipCopyAnnotation(const std::string &key)
{
    return key == "kubectl.kubernetes.io/last-applied-configuration" || key == du::kRevision
           || key == du::kRevisionHistory || key == du::kDesiredReplicas || key == du::kMaxReplicas
           || key == "deprecated.deployment.rollback.to";
}

// SetNewReplicaSetAnnotations: the Deployment's own annotations, the revision (and, on
// a rollback to this ReplicaSet, the revisions it had before), and for a new one the
// replica annotations. True when something changed.
bool setNewReplicaSetAnnotations(const Json &d, Json &rs, std::int64_t newRevision, bool exists)
{
    Json annotations = annotationsOf(rs);
    const Json before = annotations;
    const Json own = annotationsOf(d); // a named copy: items() of a temporary would dangle
    for (const auto &[k, v] : own.items())
        if (!skipCopyAnnotation(k))
            annotations[k] = v;
    const bool hadRevision = annotations.contains(du::kRevision);
    const std::int64_t oldRevision = du::revisionOf(rs);
    if (oldRevision < newRevision) {
        annotations[du::kRevision] = std::to_string(newRevision);
        if (hadRevision) {
            // Rolled back to: keep the revisions this template had, within 2,000 characters.
            const std::string history = annotations.value(du::kRevisionHistory, "");
            const std::string old = std::to_string(oldRevision);
            std::string next = history.empty() ? old : history + "," + old;
            while (next.size() > kMaxRevisionHistoryChars && next.find(',') != std::string::npos)
                next = next.substr(next.find(',') + 1);
            annotations[du::kRevisionHistory] = next;
        }
    }
    if (!exists) {
        annotations[du::kDesiredReplicas] = std::to_string(du::replicasOf(d));
        annotations[du::kMaxReplicas] = std::to_string(du::replicasOf(d) + du::maxSurge(d));
    }
    if (annotations == before)
        return false;
    rs["metadata"]["annotations"] = annotations;
    return true;
}

} // namespace

Json *DeploymentController::Rollout::newReplicaSet()
{
    return newName.empty() ? nullptr : find(newName);
}

Json *DeploymentController::Rollout::find(const std::string &name)
{
    for (Json &rs : replicaSets)
        if (textAt(rs, "metadata.name") == name)
            return &rs;
    return nullptr;
}

std::vector<Json *> DeploymentController::Rollout::oldReplicaSets()
{
    std::vector<Json *> out;
    for (Json &rs : replicaSets)
        if (textAt(rs, "metadata.name") != newName)
            out.push_back(&rs);
    return out;
}

std::vector<const Json *> DeploymentController::Rollout::all() const
{
    std::vector<const Json *> out;
    for (const Json &rs : replicaSets)
        out.push_back(&rs);
    return out;
}

DeploymentController::DeploymentController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_deployments(informers.forResource(deployments())),
      m_replicaSets(informers.forResource(replicaSets())), m_pods(informers.forResource("", "v1", "pods")),
      m_queue(client.api().loop(), "deployment", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "deployment-controller")
{
}

void DeploymentController::start()
{
    const auto enqueue = [this](const Json &d) { m_queue.add(client::Informer::keyOf(d)); };
    m_deployments.addHandlers({enqueue, [enqueue](const Json &, const Json &d) { enqueue(d); }, enqueue});
    m_replicaSets.addHandlers({[this](const Json &rs) { enqueueFor(rs); },
                               [this](const Json &before, const Json &after) {
                                   enqueueFor(after);
                                   if (const Json *ref = controllerRef(before); ref && !controllerRef(after))
                                       enqueueFor(before); // released: the old owner looks again
                               },
                               [this](const Json &rs) { enqueueFor(rs); }});
    m_pods.addHandlers({{}, {}, [this](const Json &pod) { podDeleted(pod); }});
}

void DeploymentController::enqueueFor(const Json &rs)
{
    const std::string ns = textAt(rs, "metadata.namespace");
    if (const Json *ref = controllerRef(rs)) {
        if (ref->value("kind", "") == "Deployment")
            m_queue.add(ns + "/" + ref->value("name", ""));
        return;
    }
    for (const Json *d : m_deployments.list({}, ns)) {
        const api::LabelSelector selector = selectorOf(*d);
        if (!selector.empty() && selector.matches(jsonAt(rs, "metadata.labels")))
            m_queue.add(client::Informer::keyOf(*d));
    }
}

void DeploymentController::podDeleted(const Json &pod)
{
    // A Recreate rollout waits for the old pods to be gone: look again when one goes.
    const Json *ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != "ReplicaSet")
        return;
    const Json *rs = m_replicaSets.get(textAt(pod, "metadata.namespace"), ref->value("name", ""));
    if (rs)
        enqueueFor(*rs);
}

std::vector<Json> DeploymentController::claimReplicaSets(const Json &d)
{
    std::vector<Json> owned;
    for (const Json *rs : claimObjects(m_client, replicaSets(), d, selectorOf(d), m_replicaSets.list({}, textAt(d, "metadata.namespace")),
                                       [](const Json &rs) { return !isTerminating(rs); }))
        owned.push_back(*rs);
    return owned;
}

void DeploymentController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_deployments.get(ns, name);
    if (!found)
        return;
    m_failed = false;
    Rollout r;
    r.deployment = *found;
    r.replicaSets = claimReplicaSets(r.deployment);
    if (const Json *current = du::findNewReplicaSet(r.deployment, r.all()))
        r.newName = textAt(*current, "metadata.name");

    const Json *newRs = r.newReplicaSet();
    const auto oldRs = r.oldReplicaSets();
    std::vector<const Json *> oldConst(oldRs.begin(), oldRs.end());
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.deployment.sync", r.deployment,
                   {{"strategy", du::isRollingUpdate(r.deployment) ? "RollingUpdate" : "Recreate"},
                    {"replicas", std::to_string(du::replicasOf(r.deployment))},
                    {"newReplicaSet", r.newName.empty() ? "-" : r.newName},
                    {"newReplicas", std::to_string(newRs ? intAt(*newRs, "spec.replicas", 1) : 0)},
                    {"oldReplicas", std::to_string(du::specReplicas(oldConst))},
                    {"available", std::to_string(du::availableReplicas(r.all()))},
                    {"maxSurge", std::to_string(du::maxSurge(r.deployment))},
                    {"maxUnavailable", std::to_string(du::maxUnavailable(r.deployment))},
                    {"paused", jsonAt(r.deployment, "spec.paused") == true ? "true" : "false"}});

    if (isTerminating(r.deployment))
        syncStatusOnly(r);
    else if (!checkPausedConditions(r))
        ; // the condition write failed: try again later
    else if (jsonAt(r.deployment, "spec.paused") == true || isScalingEvent(r))
        scaleOnly(r);
    else if (du::isRollingUpdate(r.deployment))
        rolloutRolling(r);
    else
        rolloutRecreate(r);

    if (m_failed)
        m_queue.addRateLimited(key);
    else
        m_queue.forget(key);
}

bool DeploymentController::syncRevision(Rollout &r, bool createIfMissing)
{
    std::int64_t maxOld = 0;
    for (Json *rs : r.oldReplicaSets())
        maxOld = std::max(maxOld, du::revisionOf(*rs));
    const std::int64_t revision = maxOld + 1;
    Json *newRs = r.newReplicaSet();
    if (!newRs)
        return createIfMissing ? createNewReplicaSet(r, revision) : true;

    Json copy = *newRs;
    const bool annotationsChanged = setNewReplicaSetAnnotations(r.deployment, copy, revision, true);
    const bool minReadyChanged = intAt(copy, "spec.minReadySeconds") != intAt(r.deployment, "spec.minReadySeconds");
    if (annotationsChanged || minReadyChanged) {
        copy["spec"]["minReadySeconds"] = intAt(r.deployment, "spec.minReadySeconds");
        if (!updateReplicaSet(r, copy))
            return false;
        *newRs = copy;
    }
    Json d = r.deployment;
    bool needsUpdate = false;
    const std::string rsRevision = annotationsOf(*newRs).value(du::kRevision, "");
    if (annotationsOf(d).value(du::kRevision, "") != rsRevision) {
        d["metadata"]["annotations"][du::kRevision] = rsRevision;
        needsUpdate = true;
    }
    Json status = d.value("status", Json::object());
    if (jsonAt(d, "spec.progressDeadlineSeconds").is_number() && !findCondition(status, "Progressing")) {
        setCondition(status, "Progressing", "True", "FoundNewReplicaSet",
                     "Found new replica set \"" + r.newName + "\"", m_client.api().loop().now(), true);
        needsUpdate = true;
    }
    if (!needsUpdate)
        return true;
    r.deployment = d;
    return updateDeploymentStatus(r, status);
}

bool DeploymentController::createNewReplicaSet(Rollout &r, std::int64_t revision)
{
    const Json &d = r.deployment;
    const std::optional<std::int64_t> collisions =
        jsonAt(d, "status.collisionCount").is_number() ? std::optional(intAt(d, "status.collisionCount")) : std::nullopt;
    const std::string hash = du::podTemplateHash(jsonAt(d, "spec.template"), collisions);
    Json tmpl = jsonAt(d, "spec.template");
    tmpl["metadata"]["labels"][du::kHashLabel] = hash;
    Json selector = jsonAt(d, "spec.selector");
    selector["matchLabels"][du::kHashLabel] = hash;
    Json rs = {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"},
               {"metadata", {{"name", textAt(d, "metadata.name") + "-" + hash}, {"namespace", textAt(d, "metadata.namespace")},
                             {"labels", tmpl["metadata"]["labels"]},
                             {"ownerReferences", Json::array({controllerReferenceTo(d)})}}},
               {"spec", {{"replicas", 0}, {"minReadySeconds", intAt(d, "spec.minReadySeconds")},
                         {"selector", selector}, {"template", tmpl}}}};
    std::vector<const Json *> all = r.all();
    const std::int64_t replicas = du::newReplicaSetReplicas(d, all, nullptr);
    rs["spec"]["replicas"] = replicas;
    setNewReplicaSetAnnotations(d, rs, revision, false);
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.deployment.newReplicaSet", d,
                   {{"replicaSet", textAt(rs, "metadata.name")}, {"podTemplateHash", hash},
                    {"revision", std::to_string(revision)}, {"replicas", std::to_string(replicas)}});
    auto created = m_client.create(replicaSets(), textAt(d, "metadata.namespace"), rs);
    if (!created.ok()) {
        if (created.status().code() == StatusCode::AlreadyExists) {
            // Same name, other template (or not ours): a hash collision. Count it so the
            // next hash differs, as upstream does with status.collisionCount.
            auto existing = m_client.get(replicaSets(), textAt(d, "metadata.namespace"), textAt(rs, "metadata.name"));
            const Json *ref = existing.ok() ? controllerRef(*existing) : nullptr;
            if (existing.ok() && ref && ref->value("uid", "") == textAt(d, "metadata.uid")
                && du::equalIgnoringHash(jsonAt(*existing, "spec.template"), jsonAt(d, "spec.template")))
                return true; // ours after all: the informer has not shown it yet
            Json status = d.value("status", Json::object());
            status["collisionCount"] = intAt(d, "status.collisionCount") + 1;
            (void)updateDeploymentStatus(r, status);
        } else if (jsonAt(d, "spec.progressDeadlineSeconds").is_number()) {
            Json status = d.value("status", Json::object());
            setCondition(status, "ReplicaFailure", "True", "ReplicaSetCreateError", created.status().message(),
                         m_client.api().loop().now(), true);
            (void)m_events.record(d, "Warning", "FailedCreate",
                                  "Failed to create new replica set \"" + textAt(rs, "metadata.name") + "\": "
                                      + created.status().message());
            (void)updateDeploymentStatus(r, status);
        }
        m_failed = true;
        return false;
    }
    Json made = *created;
    r.replicaSets.push_back(made);
    r.newName = textAt(made, "metadata.name");
    if (replicas > 0)
        (void)m_events.record(d, "Normal", "ScalingReplicaSet",
                              "Scaled up replica set " + r.newName + " from 0 to " + std::to_string(replicas));
    Json d2 = d;
    d2["metadata"]["annotations"][du::kRevision] = std::to_string(revision);
    Json status = d2.value("status", Json::object());
    if (jsonAt(d2, "spec.progressDeadlineSeconds").is_number())
        setCondition(status, "Progressing", "True", "NewReplicaSetCreated", "Created new replica set \"" + r.newName + "\"",
                     m_client.api().loop().now(), true);
    r.deployment = d2;
    return updateDeploymentStatus(r, status);
}

bool DeploymentController::updateReplicaSet(Rollout &r, Json &rs)
{
    auto updated = m_client.update(replicaSets(), rs);
    if (!updated.ok()) {
        m_failed = true;
        return false;
    }
    rs = *updated;
    (void)r;
    return true;
}

bool DeploymentController::scaleReplicaSet(Rollout &r, Json &rs, std::int64_t size, const std::string &why)
{
    const std::int64_t old = intAt(rs, "spec.replicas", 1);
    const std::string desired = std::to_string(du::replicasOf(r.deployment));
    const std::string max = std::to_string(du::replicasOf(r.deployment) + du::maxSurge(r.deployment));
    const Json annotations = annotationsOf(rs);
    const bool annotationsStale = annotations.value(du::kDesiredReplicas, "") != desired
                                  || annotations.value(du::kMaxReplicas, "") != max;
    if (old == size && !annotationsStale)
        return false;
    Json copy = rs;
    copy["spec"]["replicas"] = size;
    copy["metadata"]["annotations"] = annotations;
    copy["metadata"]["annotations"][du::kDesiredReplicas] = desired;
    copy["metadata"]["annotations"][du::kMaxReplicas] = max;
    if (old != size)
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.deployment.scale", r.deployment,
                       {{"replicaSet", textAt(rs, "metadata.name")}, {"from", std::to_string(old)},
                        {"to", std::to_string(size)}, {"why", why}});
    if (!updateReplicaSet(r, copy))
        return false;
    rs = copy;
    if (old == size)
        return false;
    (void)m_events.record(r.deployment, "Normal", "ScalingReplicaSet",
                          std::string("Scaled ") + (size > old ? "up" : "down") + " replica set "
                              + textAt(rs, "metadata.name") + " to " + std::to_string(size) + " from " + std::to_string(old));
    return true;
}

bool DeploymentController::updateDeploymentStatus(Rollout &r, const Json &status)
{
    Json d = r.deployment;
    d["status"] = status;
    auto updated = m_client.updateStatus(deployments(), d);
    if (!updated.ok()) {
        m_failed = true;
        return false;
    }
    r.deployment = *updated;
    return true;
}

} // namespace k8slab::controllers
