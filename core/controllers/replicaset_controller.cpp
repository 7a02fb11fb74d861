#include "core/controllers/replicaset_controller.h"

#include "core/api/selectors.h"
#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <algorithm>
#include <cmath>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

constexpr int kBurstReplicas = 500;

const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }

int phaseOrder(const Json &pod)
{
    const std::string phase = textAt(pod, "status.phase");
    return phase == "Pending" ? 0 : phase == "Running" ? 2 : 1; // Pending < Unknown < Running
}

int deletionCost(const Json &pod)
{
    // The key has dots, so it is looked up directly rather than by a dotted path.
    const Json &annotations = jsonAt(pod, "metadata.annotations");
    if (annotations.is_object() && annotations.contains("controller.kubernetes.io/pod-deletion-cost")
        && annotations["controller.kubernetes.io/pod-deletion-cost"].is_string())
        return std::atoi(annotations["controller.kubernetes.io/pod-deletion-cost"].get<std::string>().c_str());
    return 0;
}

int maxRestarts(const Json &pod)
{
    int most = 0;
    const Json &statuses = jsonAt(pod, "status.containerStatuses");
    for (const Json &s : statuses.is_array() ? statuses : Json::array())
        most = std::max(most, s.value("restartCount", 0));
    return most;
}

// Upstream compares times on a log2 scale of their age, so similar ages count as equal.
int logBucket(std::optional<engine::TimePoint> t, engine::TimePoint now)
{
    if (!t)
        return 0;
    const double seconds = std::chrono::duration<double>(now - *t).count();
    return seconds < 1 ? 0 : static_cast<int>(std::floor(std::log2(seconds))) + 1;
}

api::LabelSelector selectorOf(const Json &owner, const std::string &kind)
{
    const Json &raw = jsonAt(owner, "spec.selector");
    auto parsed = kind == "ReplicationController" ? api::LabelSelector::fromJson({{"matchLabels", raw}})
                                                  : api::LabelSelector::fromJson(raw);
    return parsed.ok() ? *parsed : api::LabelSelector();
}

} // namespace

ReplicaKind ReplicaKind::replicaSets()
{
    return {&client::resource("apps", "v1", "replicasets"), "ReplicaSet", "replicaset", "replicaset-controller"};
}

ReplicaKind ReplicaKind::replicationControllers()
{
    return {&client::resource("", "v1", "replicationcontrollers"), "ReplicationController", "replicationcontroller",
            "replication-controller"};
}

std::vector<Json> sortForDeletion(std::vector<Json> pods, const std::vector<Json> &related, engine::TimePoint now)
{
    std::map<std::string, int> perNode;
    for (const Json &p : related)
        if (!textAt(p, "spec.nodeName").empty() && podActive(p))
            ++perNode[textAt(p, "spec.nodeName")];
    const auto rank = [&](const Json &p) {
        const std::string node = textAt(p, "spec.nodeName");
        return node.empty() ? 0 : perNode[node];
    };
    const auto created = [](const Json &p) { return api::parseTime(textAt(p, "metadata.creationTimestamp")); };
    std::stable_sort(pods.begin(), pods.end(), [&](const Json &a, const Json &b) {
        const bool aAssigned = !textAt(a, "spec.nodeName").empty(), bAssigned = !textAt(b, "spec.nodeName").empty();
        if (aAssigned != bAssigned)
            return !aAssigned;
        if (phaseOrder(a) != phaseOrder(b))
            return phaseOrder(a) < phaseOrder(b);
        if (podReady(a) != podReady(b))
            return !podReady(a);
        if (deletionCost(a) != deletionCost(b))
            return deletionCost(a) < deletionCost(b);
        if (rank(a) != rank(b))
            return rank(a) > rank(b);
        if (podReady(a) && podReady(b)) {
            const int ra = logBucket(podReadySince(a), now), rb = logBucket(podReadySince(b), now);
            if (ra != rb)
                return ra < rb; // ready more recently first
        }
        if (maxRestarts(a) != maxRestarts(b))
            return maxRestarts(a) > maxRestarts(b);
        const int ca = logBucket(created(a), now), cb = logBucket(created(b), now);
        if (ca != cb)
            return ca < cb; // newer first
        return textAt(a, "metadata.uid") < textAt(b, "metadata.uid");
    });
    return pods;
}

std::vector<Json> sortForDeletion(std::vector<Json> pods, engine::TimePoint now)
{
    const std::vector<Json> related = pods;
    return sortForDeletion(std::move(pods), related, now);
}

ReplicaSetController::ReplicaSetController(client::Client &client, client::InformerFactory &informers, ReplicaKind kind)
    : m_client(client), m_kind(std::move(kind)), m_owners(informers.forResource(*m_kind.resource)),
      m_pods(informers.forResource(pods())),
      m_queue(client.api().loop(), m_kind.name, [this](const std::string &key) { sync(key); }),
      m_events(client.api(), m_kind.eventSource), m_expectations(client.api().loop())
{
}

void ReplicaSetController::start()
{
    m_owners.addHandlers({[this](const Json &o) { m_queue.add(client::Informer::keyOf(o)); },
                          [this](const Json &before, const Json &o) {
                              // Which pods it selects, and which carry its labels, may have changed.
                              if (jsonAt(before, "spec.selector") != jsonAt(o, "spec.selector")
                                  || jsonAt(before, "spec.template.metadata.labels") != jsonAt(o, "spec.template.metadata.labels"))
                                  m_facts.clear();
                              m_queue.add(client::Informer::keyOf(o));
                          },
                          [this](const Json &o) {
                              m_expectations.forget(client::Informer::keyOf(o));
                              m_queue.add(client::Informer::keyOf(o));
                          }});
    m_pods.addHandlers({[this](const Json &pod) {
                            m_facts.forget(pod);
                            podAdded(pod);
                        },
                        [this](const Json &before, const Json &after) {
                            m_facts.forget(after);
                            podUpdated(before, after);
                        },
                        [this](const Json &pod) {
                            if (m_livePods > 0)
                                --m_livePods;
                            m_facts.trim(2 * m_livePods + 64); // the facts of pods that went
                            podDeleted(pod);
                        }});
}

std::string ReplicaSetController::ownerKey(const Json &pod) const
{
    const Json *ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != m_kind.kind)
        return {};
    return textAt(pod, "metadata.namespace") + "/" + ref->value("name", "");
}

void ReplicaSetController::enqueueMatchingOwners(const Json &pod)
{
    // An orphan: any owner whose selector matches may adopt it.
    for (const Json *owner : m_owners.list({}, textAt(pod, "metadata.namespace"))) {
        const api::LabelSelector selector = selectorOf(*owner, m_kind.kind);
        if (!selector.empty() && selector.matches(jsonAt(pod, "metadata.labels")))
            m_queue.add(client::Informer::keyOf(*owner));
    }
}

void ReplicaSetController::podAdded(const Json &pod)
{
    ++m_livePods;
    if (isTerminating(pod)) {
        podDeleted(pod); // seen for the first time already going
        return;
    }
    if (const std::string key = ownerKey(pod); !key.empty()) {
        m_expectations.creationObserved(key);
        m_queue.add(key);
    } else if (!controllerRef(pod)) {
        enqueueMatchingOwners(pod);
    }
}

void ReplicaSetController::podUpdated(const Json &before, const Json &after)
{
    if (isTerminating(after) && !isTerminating(before)) {
        podDeleted(after); // graceful deletion counts as the deletion we expected
        return;
    }
    const std::string oldKey = ownerKey(before), newKey = ownerKey(after);
    if (!oldKey.empty() && oldKey != newKey)
        m_queue.add(oldKey);
    if (!newKey.empty()) {
        m_queue.add(newKey);
        // A pod that just became ready becomes available minReadySeconds later: look again then.
        if (podReady(after) && !podReady(before)) {
            const auto [ns, name] = splitKey(newKey);
            if (const Json *owner = m_owners.get(ns, name); owner && intAt(*owner, "spec.minReadySeconds") > 0)
                m_queue.addAfter(newKey, std::chrono::seconds(intAt(*owner, "spec.minReadySeconds") + 1));
        }
    } else if (!controllerRef(after)) {
        enqueueMatchingOwners(after);
    }
}

void ReplicaSetController::podDeleted(const Json &pod)
{
    if (const std::string key = ownerKey(pod); !key.empty()) {
        m_expectations.deletionObserved(key, client::Informer::keyOf(pod));
        m_queue.add(key);
    }
}

std::vector<const Json *> ReplicaSetController::activePods(const Json &owner)
{
    // Its own pods and the orphans: the only ones it may keep or adopt. Its own pods that
    // its selector still matches are the common case, read from facts kept per version.
    const std::string ns = textAt(owner, "metadata.namespace");
    const std::string uid = textAt(owner, "metadata.uid");
    const api::LabelSelector selector = selectorOf(owner, m_kind.kind);
    std::vector<const Json *> active, others;
    for (const Json *pod : m_pods.listByController(uid, ns)) {
        PodFacts &facts = m_facts.of(*pod, m_pods.generation());
        if (facts.selected < 0)
            facts.selected = facts.labels && !selector.empty() && selector.matches(*facts.labels) ? 1 : 0;
        if (facts.controllerUid == uid && facts.selected == 1) {
            if (facts.active)
                active.push_back(pod);
        } else {
            others.push_back(pod);
        }
    }
    for (const Json *orphan : m_pods.listByController("", ns))
        others.push_back(orphan);
    for (const Json *pod : claimObjects(m_client, pods(), owner, selector, others, podActive))
        if (podActive(*pod))
            active.push_back(pod);
    return active;
}

Status ReplicaSetController::createPods(const Json &owner, int count)
{
    const std::string key = client::Informer::keyOf(owner);
    m_expectations.expectCreations(key, count);
    const Json pod = podFromTemplate(jsonAt(owner, "spec.template"), owner, textAt(owner, "metadata.name") + "-");
    // Slow start: batches of 1, 2, 4, ...; stop after the first batch with an error.
    int remaining = count;
    Status firstError;
    for (int batch = 1; remaining > 0; batch *= 2) {
        batch = std::min(batch, remaining);
        int failed = 0;
        for (int i = 0; i < batch; ++i) {
            auto created = m_client.create(pods(), textAt(owner, "metadata.namespace"), pod);
            if (created.ok()) {
                (void)m_events.record(owner, "Normal", "SuccessfulCreate", "Created pod: " + textAt(*created, "metadata.name"));
                continue;
            }
            ++failed;
            if (firstError.ok())
                firstError = created.status();
            m_expectations.creationObserved(key);
            (void)m_events.record(owner, "Warning", "FailedCreate", "Error creating: " + created.status().message());
        }
        remaining -= batch;
        if (failed > 0) {
            m_expectations.creationObserved(key, remaining); // skipped: never coming
            break;
        }
    }
    return firstError;
}

std::vector<Json> ReplicaSetController::relatedPods(const Json &owner) const
{
    // Pods of every object with the same controller (the ReplicaSets of one Deployment).
    const Json *ref = controllerRef(owner);
    if (!ref)
        return {};
    std::set<std::string> siblings;
    for (const Json *o : m_owners.list({}, textAt(owner, "metadata.namespace")))
        if (const Json *r = controllerRef(*o); r && r->value("uid", "") == ref->value("uid", ""))
            siblings.insert(textAt(*o, "metadata.uid"));
    std::vector<Json> related;
    for (const Json *pod : m_pods.list({}, textAt(owner, "metadata.namespace")))
        if (const Json *r = controllerRef(*pod); r && siblings.contains(r->value("uid", "")))
            related.push_back(*pod);
    return related;
}

Status ReplicaSetController::deletePods(const Json &owner, const std::vector<const Json *> &active, int count)
{
    const std::string key = client::Informer::keyOf(owner);
    std::vector<Json> victims;
    for (const Json *pod : active)
        victims.push_back(*pod);
    if (count < static_cast<int>(victims.size())) {
        std::vector<Json> related = relatedPods(owner);
        if (related.empty())
            related = victims;
        victims = sortForDeletion(std::move(victims), related, m_client.api().loop().now());
    }
    victims.resize(static_cast<std::size_t>(count));
    std::set<std::string> keys;
    for (const Json &pod : victims)
        keys.insert(client::Informer::keyOf(pod));
    m_expectations.expectDeletions(key, keys);
    Status firstError;
    for (const Json &pod : victims) {
        auto removed = m_client.remove(pods(), textAt(pod, "metadata.namespace"), textAt(pod, "metadata.name"));
        if (removed.ok()) {
            (void)m_events.record(owner, "Normal", "SuccessfulDelete", "Deleted pod: " + textAt(pod, "metadata.name"));
            continue;
        }
        m_expectations.deletionObserved(key, client::Informer::keyOf(pod));
        if (removed.status().code() != StatusCode::NotFound && firstError.ok())
            firstError = removed.status();
    }
    return firstError;
}

void ReplicaSetController::updateStatus(const Json &owner, const std::vector<const Json *> &active, const Status &manageError,
                                        const std::string &failureReason)
{
    const Json &templateLabels = jsonAt(owner, "spec.template.metadata.labels");
    const std::int64_t minReady = intAt(owner, "spec.minReadySeconds");
    const engine::TimePoint now = m_client.api().loop().now();
    int fullyLabeled = 0, readyCount = 0, available = 0;
    std::optional<engine::Duration> recheck;
    for (const Json *podPointer : active) {
        const Json &pod = *podPointer;
        PodFacts &facts = m_facts.of(pod, m_pods.generation());
        if (facts.fullyLabeled < 0) {
            bool labeled = true;
            if (templateLabels.is_object())
                for (auto it = templateLabels.begin(); labeled && it != templateLabels.end(); ++it) {
                    const auto found = facts.labels ? facts.labels->find(it.key()) : api::Json::const_iterator();
                    labeled = facts.labels && found != facts.labels->end() && *found == *it;
                }
            facts.fullyLabeled = labeled ? 1 : 0;
        }
        const bool labeled = facts.fullyLabeled == 1;
        fullyLabeled += labeled ? 1 : 0;
        if (!facts.ready)
            continue;
        ++readyCount;
        if (minReady <= 0 || podAvailable(pod, minReady, now)) {
            ++available;
        } else if (auto since = podReadySince(pod)) {
            const engine::Duration left = *since + std::chrono::seconds(minReady) - now;
            recheck = recheck ? std::min(*recheck, left) : left;
        }
    }
    if (recheck)
        m_queue.addAfter(client::Informer::keyOf(owner), *recheck + std::chrono::seconds(1));
    const Json status = owner.value("status", Json::object());
    Json next = status;
    next["replicas"] = static_cast<int>(active.size());
    next["fullyLabeledReplicas"] = fullyLabeled;
    next["readyReplicas"] = readyCount;
    next["availableReplicas"] = available;
    next["observedGeneration"] = jsonAt(owner, "metadata.generation");
    const bool failing = findCondition(next, "ReplicaFailure") != nullptr;
    if (!manageError.ok() && !failing) {
        setCondition(next, "ReplicaFailure", "True", failureReason, manageError.message(), now);
    } else if (manageError.ok() && failing) {
        Json kept = Json::array();
        for (const Json &c : next["conditions"])
            if (c.value("type", "") != "ReplicaFailure")
                kept.push_back(c);
        next["conditions"] = kept;
    }
    if (next.contains("conditions") && next["conditions"].empty())
        next.erase("conditions");
    if (next == status)
        return;
    Json updated = owner;
    updated["status"] = next;
    (void)m_client.updateStatus(*m_kind.resource, updated);
}

void ReplicaSetController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_owners.get(ns, name);
    if (!found) {
        m_expectations.forget(key);
        return;
    }
    Json owner = *found;
    const bool needsSync = m_expectations.satisfied(key);
    const std::vector<const Json *> active = activePods(owner);
    const int wanted = static_cast<int>(intAt(owner, "spec.replicas", 1));
    const int diff = static_cast<int>(active.size()) - wanted;
    std::map<std::string, std::string> seen = {{"observed", std::to_string(active.size())},
                                               {"desired", std::to_string(wanted)}};
    Status manageError;
    if (!needsSync) {
        seen["action"] = "wait";
        seen["pendingCreations"] = std::to_string(m_expectations.pendingCreations(key));
        seen["pendingDeletions"] = std::to_string(m_expectations.pendingDeletions(key));
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller." + m_kind.name + ".sync", owner, seen);
    } else if (isTerminating(owner) || diff == 0) {
        seen["action"] = "none";
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller." + m_kind.name + ".sync", owner, seen);
    } else if (m_client.budget() == 0) {
        // The client's QPS is spent (upstream would block in the rate limiter): come back
        // when there is a token.
        seen["action"] = "throttled";
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller." + m_kind.name + ".sync", owner, seen);
        m_queue.addAfter(key, m_client.waitForBudget());
    } else {
        const int count = std::min({std::abs(diff), kBurstReplicas, m_client.budget()});
        seen["action"] = diff < 0 ? "create" : "delete";
        seen["count"] = std::to_string(count);
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller." + m_kind.name + ".sync", owner, seen);
        manageError = diff < 0 ? createPods(owner, count) : deletePods(owner, active, count);
    }
    updateStatus(owner, active, manageError, diff < 0 ? "FailedCreate" : "FailedDelete");
    if (!manageError.ok())
        m_queue.addRateLimited(key);
    else
        m_queue.forget(key);
}

} // namespace k8slab::controllers
