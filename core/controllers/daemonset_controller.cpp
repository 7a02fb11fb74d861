#include "core/controllers/daemonset_controller.h"

#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"
#include "core/controllers/daemonset_rollout.h"
#include "core/controllers/deployment_util.h"
#include "core/scheduler/framework/terms.h"

#include <algorithm>
#include <map>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

const apiserver::ResourceInfo &daemonSets() { return client::resource("apps", "v1", "daemonsets"); }
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }
const apiserver::ResourceInfo &revisions() { return client::resource("apps", "v1", "controllerrevisions"); }
constexpr const char *kRevisionHash = "controller-revision-hash";
constexpr int kBurst = 250;

api::LabelSelector selectorOf(const Json &ds)
{
    auto parsed = api::LabelSelector::fromJson(jsonAt(ds, "spec.selector"));
    return parsed.ok() ? *parsed : api::LabelSelector();
}

// The node a daemon pod is for: its nodeName, else the node its required affinity names.
std::string targetNode(const Json &pod)
{
    if (std::string node = textAt(pod, "spec.nodeName"); !node.empty())
        return node;
    const Json &terms = jsonAt(pod, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
    for (const Json &term : terms.is_array() ? terms : Json::array())
        for (const Json &field : term.value("matchFields", Json::array()))
            if (field.value("key", "") == "metadata.name" && field.value("operator", "") == "In"
                && field.value("values", Json::array()).size() == 1)
                return field["values"][0];
    return {};
}

std::string hashOf(const Json &object)
{
    const Json &labels = jsonAt(object, "metadata.labels");
    return labels.is_object() ? labels.value(kRevisionHash, "") : std::string();
}

} // namespace

void addDaemonTolerations(Json &spec)
{
    if (!spec.contains("tolerations") || !spec["tolerations"].is_array())
        spec["tolerations"] = Json::array();
    std::vector<std::pair<std::string, std::string>> wanted = {
        {"node.kubernetes.io/not-ready", "NoExecute"},       {"node.kubernetes.io/unreachable", "NoExecute"},
        {"node.kubernetes.io/disk-pressure", "NoSchedule"},  {"node.kubernetes.io/memory-pressure", "NoSchedule"},
        {"node.kubernetes.io/pid-pressure", "NoSchedule"},   {"node.kubernetes.io/unschedulable", "NoSchedule"}};
    if (spec.value("hostNetwork", false))
        wanted.emplace_back("node.kubernetes.io/network-unavailable", "NoSchedule");
    for (const auto &[key, effect] : wanted) {
        bool present = false;
        for (const Json &t : spec["tolerations"])
            present = present || (t.value("key", "") == key && t.value("effect", "") == effect);
        if (!present)
            spec["tolerations"].push_back({{"key", key}, {"operator", "Exists"}, {"effect", effect}});
    }
}

DaemonPlacement daemonPlacement(const Json &ds, const Json &node)
{
    const std::string name = textAt(node, "metadata.name");
    Json spec = jsonAt(ds, "spec.template.spec").is_object() ? jsonAt(ds, "spec.template.spec") : Json::object();
    addDaemonTolerations(spec);
    if (std::string wanted = spec.value("nodeName", ""); !wanted.empty() && wanted != name)
        return {};
    const Json labels = jsonAt(node, "metadata.labels").is_object() ? jsonAt(node, "metadata.labels") : Json::object();
    if (spec.contains("nodeSelector") && spec["nodeSelector"].is_object())
        for (const auto &[k, v] : spec["nodeSelector"].items())
            if (!labels.contains(k) || labels[k] != v)
                return {};
    const Json &required = jsonAt(spec, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
    if (required.is_object() && !scheduler::parseNodeSelector(required).matches(labels, name))
        return {};
    DaemonPlacement placement{true, true};
    const auto tolerations = scheduler::parseTolerations(spec["tolerations"]);
    for (const scheduler::Taint &taint : scheduler::parseTaints(jsonAt(node, "spec.taints"))) {
        if (taint.effect == "PreferNoSchedule" || scheduler::tolerated(tolerations, taint))
            continue;
        placement.shouldRun = false;
        if (taint.effect == "NoExecute")
            placement.shouldContinueRunning = false;
    }
    return placement;
}

DaemonSetController::DaemonSetController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_daemonSets(informers.forResource(daemonSets())), m_pods(informers.forResource(pods())),
      m_nodes(informers.forResource("", "v1", "nodes")), m_revisions(informers.forResource(revisions())),
      m_queue(client.api().loop(), "daemonset", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "daemonset-controller"), m_expectations(client.api().loop())
{
}

void DaemonSetController::start()
{
    const auto enqueue = [this](const Json &ds) { m_queue.add(client::Informer::keyOf(ds)); };
    m_daemonSets.addHandlers({enqueue, [enqueue](const Json &, const Json &ds) { enqueue(ds); }, enqueue});
    m_pods.addHandlers({[this](const Json &p) { podChanged(p, false); },
                        [this](const Json &before, const Json &after) {
                            podChanged(after, isTerminating(after) && !isTerminating(before));
                        },
                        [this](const Json &p) { podChanged(p, true); }});
    const auto nodes = [this](const Json &) { enqueueAll(); };
    m_nodes.addHandlers({nodes,
                         [this](const Json &before, const Json &after) {
                             if (jsonAt(before, "metadata.labels") != jsonAt(after, "metadata.labels")
                                 || jsonAt(before, "spec.taints") != jsonAt(after, "spec.taints"))
                                 enqueueAll();
                         },
                         nodes});
}

void DaemonSetController::enqueueAll()
{
    for (const Json *ds : m_daemonSets.list())
        m_queue.add(client::Informer::keyOf(*ds));
}

void DaemonSetController::podChanged(const Json &pod, bool gone)
{
    const Json *ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != "DaemonSet")
        return;
    const std::string key = textAt(pod, "metadata.namespace") + "/" + ref->value("name", "");
    if (gone)
        m_expectations.deletionObserved(key, client::Informer::keyOf(pod));
    else if (!isTerminating(pod))
        m_expectations.creationObserved(key);
    m_queue.add(key);
}

std::string DaemonSetController::syncRevisions(const Json &ds)
{
    const std::optional<std::int64_t> collisions = jsonAt(ds, "status.collisionCount").is_number()
                                                       ? std::optional(intAt(ds, "status.collisionCount"))
                                                       : std::nullopt;
    const std::string hash = deployment::podTemplateHash(jsonAt(ds, "spec.template"), collisions);
    const std::string ns = textAt(ds, "metadata.namespace");
    std::vector<Json> owned;
    std::int64_t maxRevision = 0;
    for (const Json *cr : m_revisions.list({}, ns))
        if (const Json *ref = controllerRef(*cr); ref && ref->value("uid", "") == textAt(ds, "metadata.uid")) {
            owned.push_back(*cr);
            maxRevision = std::max(maxRevision, intAt(*cr, "revision"));
        }
    for (Json &cr : owned) {
        if (hashOf(cr) != hash)
            continue;
        if (intAt(cr, "revision") < maxRevision) { // rolled back to: it becomes the newest revision
            cr["revision"] = maxRevision + 1;
            (void)m_client.update(revisions(), cr);
        }
        return hash;
    }
    Json tmpl = jsonAt(ds, "spec.template");
    tmpl["$patch"] = "replace";
    Json labels = jsonAt(ds, "spec.template.metadata.labels").is_object() ? jsonAt(ds, "spec.template.metadata.labels")
                                                                          : Json::object();
    labels[kRevisionHash] = hash;
    Json cr = {{"apiVersion", "apps/v1"}, {"kind", "ControllerRevision"},
               {"metadata", {{"name", textAt(ds, "metadata.name") + "-" + hash}, {"namespace", ns}, {"labels", labels},
                             {"ownerReferences", Json::array({controllerReferenceTo(ds)})}}},
               {"data", {{"spec", {{"template", tmpl}}}}}, {"revision", maxRevision + 1}};
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.daemonset.revision", ds,
                   {{"controllerRevision", textAt(cr, "metadata.name")}, {"revision", std::to_string(maxRevision + 1)}});
    (void)m_client.create(revisions(), ns, cr);
    // History beyond revisionHistoryLimit goes, oldest first (the current one always stays).
    const std::int64_t limit = intAt(ds, "spec.revisionHistoryLimit", 10);
    std::sort(owned.begin(), owned.end(), [](const Json &a, const Json &b) { return intAt(a, "revision") < intAt(b, "revision"); });
    for (std::size_t i = 0; i + limit < owned.size() + 1 && i < owned.size(); ++i)
        (void)m_client.remove(revisions(), ns, textAt(owned[i], "metadata.name"));
    return hash;
}

DaemonFenceposts daemonFenceposts(const Json &ds, std::int64_t desired)
{
    if (textAt(ds, "spec.updateStrategy.type") == "OnDelete")
        return {0, 0};
    const Json &rolling = jsonAt(ds, "spec.updateStrategy.rollingUpdate");
    const Json surge = rolling.is_object() && rolling.contains("maxSurge") ? rolling["maxSurge"] : Json(0);
    const Json unavailable = rolling.is_object() && rolling.contains("maxUnavailable") ? rolling["maxUnavailable"] : Json(1);
    DaemonFenceposts f{deployment::scaledValue(surge, desired, true), deployment::scaledValue(unavailable, desired, true)};
    if (desired > 0 && f.surge == 0 && f.unavailable == 0)
        f.unavailable = 1; // an impossible configuration: upstream accepts unavailability
    return f;
}

void DaemonSetController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_daemonSets.get(ns, name);
    if (!found) {
        m_expectations.forget(key);
        return;
    }
    Json ds = *found;
    if (isTerminating(ds))
        return;
    const std::string hash = syncRevisions(ds);
    if (!m_expectations.satisfied(key)) {
        updateStatus(ds, hash);
        return;
    }
    std::map<std::string, std::vector<Json>> byNode;
    std::vector<const Json *> candidates = m_pods.listByController(textAt(ds, "metadata.uid"), ns);
    for (const Json *orphan : m_pods.listByController("", ns))
        candidates.push_back(orphan);
    for (const Json *pod : claimObjects(m_client, pods(), ds, selectorOf(ds), candidates, podActive))
        if (!isTerminating(*pod))
            byNode[targetNode(*pod)].push_back(*pod);
    std::vector<std::pair<const Json *, DaemonPlacement>> nodes;
    std::int64_t desired = 0;
    for (const Json *node : m_nodes.list()) {
        nodes.emplace_back(node, daemonPlacement(ds, *node));
        desired += nodes.back().second.shouldRun ? 1 : 0;
    }
    const DaemonFenceposts limits = daemonFenceposts(ds, desired);
    // The manage step (upstream's manage): a pod where one belongs, none where it may not
    // stay, failed ones replaced, at most one per node (one old and one new when surging).
    std::vector<std::string> create;
    std::vector<std::pair<Json, std::string>> remove; // the pod, and why
    std::vector<DaemonNodeState> states;
    const engine::TimePoint now = m_client.api().loop().now();
    const std::int64_t minReady = intAt(ds, "spec.minReadySeconds");
    std::set<std::string> nodeNames;
    std::map<std::string, const Json *> keptPods; // by name: what a rolling-update step may delete
    for (const auto &[node, placement] : nodes) {
        const std::string nodeName = textAt(*node, "metadata.name");
        nodeNames.insert(nodeName);
        std::vector<Json> &here = byNode[nodeName];
        if (placement.shouldRun && here.empty()) {
            create.push_back(nodeName);
            continue;
        }
        if (!placement.shouldContinueRunning) {
            for (Json &pod : here)
                remove.emplace_back(pod, "not eligible for node " + nodeName);
            continue;
        }
        std::vector<const Json *> running; // into byNode, which stays put from here on
        for (Json &pod : here) {
            if (textAt(pod, "status.phase") != "Failed") {
                running.push_back(&pod);
                continue;
            }
            // A node that keeps failing the pod (a kubelet rejecting it) is not fought in
            // a hot loop: per node, 1 s doubling to 15 minutes between deletions.
            const std::string backoffKey = textAt(ds, "metadata.uid") + "/" + nodeName;
            if (m_failedPodsBackoff.isInBackOffSinceUpdate(backoffKey, now)) {
                m_queue.addAfter(key, m_failedPodsBackoff.get(backoffKey));
                continue;
            }
            m_failedPodsBackoff.next(backoffKey, now);
            (void)m_events.record(ds, "Warning", "FailedDaemonPod",
                                  "Found failed daemon pod " + ns + "/" + textAt(pod, "metadata.name") + " on node "
                                      + nodeName + ", will try to kill it");
            remove.emplace_back(pod, "failed");
        }
        std::stable_sort(running.begin(), running.end(), [](const Json *a, const Json *b) {
            return textAt(*a, "metadata.creationTimestamp") < textAt(*b, "metadata.creationTimestamp");
        });
        DaemonNodeState state;
        state.node = nodeName;
        state.shouldRun = placement.shouldRun;
        for (const Json *kept : running) {
            const Json &pod = *kept;
            const bool updated = hashOf(pod) == hash;
            std::string &slot = updated ? state.newPod : state.oldPod;
            const bool keep = slot.empty() && (limits.surge > 0 || (state.newPod.empty() && state.oldPod.empty()));
            if (!keep) {
                remove.emplace_back(pod, "more than one on node " + nodeName);
                continue;
            }
            slot = textAt(pod, "metadata.name");
            keptPods[slot] = kept;
            (updated ? state.newAvailable : state.oldAvailable) = podAvailable(pod, minReady, now);
        }
        if (!state.newPod.empty() || !state.oldPod.empty())
            states.push_back(std::move(state));
    }
    for (auto &[nodeName, here] : byNode)
        if (!nodeNames.contains(nodeName))
            for (Json &pod : here)
                remove.emplace_back(pod, "its node is gone");
    // Then, once the manage step has nothing to do, one step of the rolling update.
    std::string step = "manage";
    if (create.empty() && remove.empty() && textAt(ds, "spec.updateStrategy.type") != "OnDelete") {
        step = "rollingUpdate";
        DaemonRolloutPlan plan = planDaemonRollout(states, limits, desired);
        create = std::move(plan.surgeNodes);
        for (const auto &deletion : plan.deletions)
            remove.emplace_back(*keptPods.at(deletion.pod), deletion.why);
    }
    syncNodes(ds, key, create, remove, hash, {{"desired", std::to_string(desired)}, {"step", step},
                                             {"maxSurge", std::to_string(limits.surge)},
                                             {"maxUnavailable", std::to_string(limits.unavailable)}});
}

void DaemonSetController::syncNodes(const Json &ds, const std::string &key, std::vector<std::string> create,
                                    const std::vector<std::pair<Json, std::string>> &remove, const std::string &hash,
                                    std::map<std::string, std::string> facts)
{
    const std::string ns = textAt(ds, "metadata.namespace");
    const std::string name = textAt(ds, "metadata.name");
    const int allowed = std::min(kBurst, m_client.budget());
    if (create.size() > static_cast<std::size_t>(allowed))
        create.resize(static_cast<std::size_t>(allowed));
    if (!create.empty() || !remove.empty()) {
        facts["create"] = std::to_string(create.size());
        facts["delete"] = std::to_string(remove.size());
        facts["revision"] = hash;
        for (const auto &[pod, why] : remove)
            facts["delete " + textAt(pod, "metadata.name")] = why;
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.daemonset.sync", ds, facts);
        m_expectations.expectCreations(key, static_cast<int>(create.size()));
        std::set<std::string> keys;
        for (const auto &[pod, why] : remove)
            keys.insert(client::Informer::keyOf(pod));
        m_expectations.expectDeletions(key, keys);
    }
    for (const auto &[pod, why] : remove) {
        auto removed = m_client.remove(pods(), ns, textAt(pod, "metadata.name"));
        if (removed.ok())
            (void)m_events.record(ds, "Normal", "SuccessfulDelete", "Deleted pod: " + textAt(pod, "metadata.name"));
        else
            m_expectations.deletionObserved(key, client::Informer::keyOf(pod));
    }
    Json tmpl = jsonAt(ds, "spec.template");
    tmpl["metadata"]["labels"][kRevisionHash] = hash;
    tmpl["metadata"]["labels"]["pod-template-generation"] = std::to_string(intAt(ds, "metadata.generation", 1));
    addDaemonTolerations(tmpl["spec"]);
    // Slow start: 1, 2, 4, …, stopping after a batch with an error.
    std::size_t next = 0;
    bool failed = false;
    for (std::size_t batch = 1; next < create.size() && !failed; batch *= 2) {
        for (std::size_t i = 0; i < batch && next < create.size(); ++i, ++next) {
            Json pod = podFromTemplate(tmpl, ds, name + "-");
            pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
                {"nodeSelectorTerms",
                 Json::array({{{"matchFields", Json::array({{{"key", "metadata.name"}, {"operator", "In"},
                                                             {"values", Json::array({create[next]})}}})}}})}};
            auto made = m_client.create(pods(), ns, pod);
            if (made.ok()) {
                (void)m_events.record(ds, "Normal", "SuccessfulCreate", "Created pod: " + textAt(*made, "metadata.name"));
            } else {
                failed = true;
                m_expectations.creationObserved(key);
                (void)m_events.record(ds, "Warning", "FailedCreate", "Error creating: " + made.status().message());
            }
        }
    }
    if (next < create.size())
        m_expectations.creationObserved(key, static_cast<int>(create.size() - next));
    updateStatus(ds, hash);
    if (failed)
        m_queue.addRateLimited(key);
    else if (m_client.budget() == 0)
        m_queue.addAfter(key, m_client.waitForBudget());
    else
        m_queue.forget(key);
}

void DaemonSetController::updateStatus(const Json &ds, const std::string &hash)
{
    const engine::TimePoint now = m_client.api().loop().now();
    std::map<std::string, std::vector<const Json *>> byNode;
    const std::string uid = textAt(ds, "metadata.uid");
    for (const Json *pod : m_pods.listByController(uid, textAt(ds, "metadata.namespace")))
        if (const Json *ref = controllerRef(*pod); ref && ref->value("uid", "") == uid && !isTerminating(*pod))
            byNode[targetNode(*pod)].push_back(pod);
    std::int64_t desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
    for (const Json *node : m_nodes.list()) {
        const DaemonPlacement placement = daemonPlacement(ds, *node);
        const auto it = byNode.find(textAt(*node, "metadata.name"));
        const bool has = it != byNode.end() && !it->second.empty();
        if (!placement.shouldRun) {
            misscheduled += has ? 1 : 0;
            continue;
        }
        ++desired;
        if (!has)
            continue;
        ++current;
        // The oldest pod speaks for the node (with surge, the old one until it goes).
        const Json &pod = **std::min_element(it->second.begin(), it->second.end(), [](const Json *a, const Json *b) {
            return textAt(*a, "metadata.creationTimestamp") < textAt(*b, "metadata.creationTimestamp");
        });
        ready += podReady(pod) ? 1 : 0;
        available += podAvailable(pod, intAt(ds, "spec.minReadySeconds"), now) ? 1 : 0;
        updated += hashOf(pod) == hash ? 1 : 0;
    }
    Json status = ds.value("status", Json::object());
    Json next = status;
    next["desiredNumberScheduled"] = desired;
    next["currentNumberScheduled"] = current;
    next["numberMisscheduled"] = misscheduled;
    next["numberReady"] = ready;
    next["updatedNumberScheduled"] = updated;
    next["numberAvailable"] = available;
    next["numberUnavailable"] = desired - available;
    next["observedGeneration"] = intAt(ds, "metadata.generation");
    for (const char *field : {"updatedNumberScheduled", "numberAvailable", "numberUnavailable"})
        if (next[field] == 0)
            next.erase(field); // omitempty, as Go writes them
    if (next == status)
        return;
    Json updatedDs = ds;
    updatedDs["status"] = next;
    (void)m_client.updateStatus(daemonSets(), updatedDs);
}

} // namespace k8slab::controllers
