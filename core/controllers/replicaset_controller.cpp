#include "core/controllers/replicaset_controller.h"

#include "core/api/selectors.h"
#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"

#include <algorithm>
#include <cmath>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

constexpr int kBurstReplicas = 500;
constexpr auto kExpectationsTimeout = std::chrono::minutes(5);

const apiserver::ResourceInfo &replicaSets() { return client::resource("apps", "v1", "replicasets"); }
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }

std::string text(const Json &object, std::string_view path)
{
    const Json &v = jsonAt(object, path);
    return v.is_string() ? v.get<std::string>() : std::string();
}

bool active(const Json &pod)
{
    const std::string phase = text(pod, "status.phase");
    return phase != "Succeeded" && phase != "Failed" && !jsonAt(pod, "metadata.deletionTimestamp").is_string();
}

bool ready(const Json &pod)
{
    for (const Json &c : jsonAt(pod, "status.conditions").is_array() ? jsonAt(pod, "status.conditions") : Json::array())
        if (c.value("type", "") == "Ready")
            return c.value("status", "") == "True";
    return false;
}

const Json *controllerRef(const Json &object)
{
    const Json &refs = jsonAt(object, "metadata.ownerReferences");
    if (!refs.is_array())
        return nullptr;
    for (const Json &ref : refs) // by reference into the object: the pointer must outlive this call
        if (ref.value("controller", false))
            return &ref;
    return nullptr;
}

Json ownerReference(const Json &rs)
{
    return {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", rs["metadata"]["name"]},
            {"uid", rs["metadata"]["uid"]}, {"controller", true}, {"blockOwnerDeletion", true}};
}

int phaseOrder(const Json &pod)
{
    const std::string phase = text(pod, "status.phase");
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
    for (const Json &s : jsonAt(pod, "status.containerStatuses").is_array() ? jsonAt(pod, "status.containerStatuses") : Json::array())
        most = std::max(most, s.value("restartCount", 0));
    return most;
}

// Upstream compares ages on a log2 scale, so pods of similar age count as equal.
int ageBucket(const Json &pod, engine::TimePoint now)
{
    const auto created = api::parseTime(text(pod, "metadata.creationTimestamp"));
    if (!created)
        return 0;
    const double seconds = std::chrono::duration<double>(now - *created).count();
    return seconds < 1 ? 0 : static_cast<int>(std::floor(std::log2(seconds))) + 1;
}

} // namespace

std::vector<Json> sortForDeletion(std::vector<Json> pods, engine::TimePoint now)
{
    // Rank: active pods of the same owner on the same node; doubled-up nodes drain first.
    std::map<std::string, int> perNode;
    for (const Json &p : pods)
        if (!text(p, "spec.nodeName").empty() && active(p))
            ++perNode[text(p, "spec.nodeName")];
    const auto rank = [&](const Json &p) {
        const std::string node = text(p, "spec.nodeName");
        return node.empty() ? 0 : perNode[node];
    };
    std::stable_sort(pods.begin(), pods.end(), [&](const Json &a, const Json &b) {
        const bool aAssigned = !text(a, "spec.nodeName").empty(), bAssigned = !text(b, "spec.nodeName").empty();
        if (aAssigned != bAssigned)
            return !aAssigned;
        if (phaseOrder(a) != phaseOrder(b))
            return phaseOrder(a) < phaseOrder(b);
        if (ready(a) != ready(b))
            return !ready(a);
        if (deletionCost(a) != deletionCost(b))
            return deletionCost(a) < deletionCost(b);
        if (rank(a) != rank(b))
            return rank(a) > rank(b);
        if (maxRestarts(a) != maxRestarts(b))
            return maxRestarts(a) > maxRestarts(b);
        if (ageBucket(a, now) != ageBucket(b, now))
            return ageBucket(a, now) < ageBucket(b, now); // newer first
        return text(a, "metadata.uid") < text(b, "metadata.uid");
    });
    return pods;
}

ReplicaSetController::ReplicaSetController(client::Client &client)
    : m_client(client), m_replicaSets(client, replicaSets()), m_pods(client, pods()),
      m_queue(client.api().loop(), "replicaset", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "replicaset-controller")
{
}

Status ReplicaSetController::start()
{
    m_replicaSets.addHandlers({[this](const Json &rs) { m_queue.add(client::Informer::keyOf(rs)); },
                               [this](const Json &, const Json &rs) { m_queue.add(client::Informer::keyOf(rs)); },
                               [this](const Json &rs) { m_expectations.erase(client::Informer::keyOf(rs)); }});
    m_pods.addHandlers({[this](const Json &pod) {
                            if (const Json *ref = controllerRef(pod); ref && ref->value("kind", "") == "ReplicaSet") {
                                const std::string key = text(pod, "metadata.namespace") + "/" + ref->value("name", "");
                                if (auto e = m_expectations.find(key); e != m_expectations.end() && e->second.adds > 0)
                                    --e->second.adds;
                            }
                            enqueueOwnerOf(pod);
                        },
                        [this](const Json &before, const Json &after) {
                            enqueueOwnerOf(before);
                            enqueueOwnerOf(after);
                        },
                        [this](const Json &pod) {
                            if (const Json *ref = controllerRef(pod); ref && ref->value("kind", "") == "ReplicaSet") {
                                const std::string key = text(pod, "metadata.namespace") + "/" + ref->value("name", "");
                                if (auto e = m_expectations.find(key); e != m_expectations.end() && e->second.deletes > 0)
                                    --e->second.deletes;
                            }
                            enqueueOwnerOf(pod);
                        }});
    if (Status s = m_replicaSets.start(); !s.ok())
        return s;
    return m_pods.start();
}

void ReplicaSetController::enqueueOwnerOf(const Json &pod)
{
    const std::string ns = text(pod, "metadata.namespace");
    if (const Json *ref = controllerRef(pod)) {
        if (ref->value("kind", "") == "ReplicaSet")
            m_queue.add(ns + "/" + ref->value("name", ""));
        return;
    }
    // An orphan: any ReplicaSet whose selector matches may adopt it.
    for (const Json *rs : m_replicaSets.list({}, ns)) {
        auto selector = api::LabelSelector::fromJson(jsonAt(*rs, "spec.selector"));
        if (selector.ok() && !selector->empty() && selector->matches(jsonAt(pod, "metadata.labels")))
            m_queue.add(client::Informer::keyOf(*rs));
    }
}

bool ReplicaSetController::expectationsSatisfied(const std::string &key)
{
    auto it = m_expectations.find(key);
    if (it == m_expectations.end())
        return true;
    const bool met = it->second.adds <= 0 && it->second.deletes <= 0;
    const bool expired = m_client.api().loop().now() - it->second.since > kExpectationsTimeout;
    if (met || expired) {
        m_expectations.erase(it);
        return true;
    }
    return false;
}

std::vector<Json> ReplicaSetController::claimPods(const Json &rs)
{
    const std::string ns = text(rs, "metadata.namespace");
    const std::string uid = text(rs, "metadata.uid");
    auto selector = api::LabelSelector::fromJson(jsonAt(rs, "spec.selector"));
    std::vector<Json> owned;
    for (const Json *pod : m_pods.list({}, ns)) {
        const Json *ref = controllerRef(*pod);
        const bool matches = selector.ok() && !selector->empty() && selector->matches(jsonAt(*pod, "metadata.labels"));
        if (ref && ref->value("uid", "") == uid) {
            if (matches) {
                owned.push_back(*pod);
            } else if (active(*pod)) {
                // Release: it no longer matches; drop our controller reference.
                (void)m_client.patch(pods(), ns, text(*pod, "metadata.name"), "application/json-patch+json",
                                     Json::array({{{"op", "remove"}, {"path", "/metadata/ownerReferences"}}}));
            }
        } else if (!ref && matches && active(*pod) && !jsonAt(rs, "metadata.deletionTimestamp").is_string()) {
            // Adopt an orphan that matches.
            Json refs = jsonAt(*pod, "metadata.ownerReferences").is_array() ? jsonAt(*pod, "metadata.ownerReferences") : Json::array();
            refs.push_back(ownerReference(rs));
            auto adopted = m_client.patch(pods(), ns, text(*pod, "metadata.name"), "application/merge-patch+json",
                                          {{"metadata", {{"ownerReferences", refs}}}});
            if (adopted.ok())
                owned.push_back(*adopted);
        }
    }
    return owned;
}

void ReplicaSetController::createPods(const Json &rs, int count)
{
    const std::string ns = text(rs, "metadata.namespace");
    const std::string key = client::Informer::keyOf(rs);
    m_expectations[key] = {count, 0, m_client.api().loop().now()};
    const Json &tmpl = jsonAt(rs, "spec.template");
    Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"},
                {"metadata", {{"generateName", text(rs, "metadata.name") + "-"}, {"namespace", ns},
                              {"ownerReferences", Json::array({ownerReference(rs)})}}},
                {"spec", tmpl.value("spec", Json::object())}};
    if (jsonAt(tmpl, "metadata.labels").is_object())
        pod["metadata"]["labels"] = jsonAt(tmpl, "metadata.labels");
    if (jsonAt(tmpl, "metadata.annotations").is_object())
        pod["metadata"]["annotations"] = jsonAt(tmpl, "metadata.annotations");
    // Slow start: batches of 1, 2, 4, ... stop at the first batch with an error.
    int remaining = count;
    for (int batch = 1; remaining > 0; batch = std::min(batch * 2, remaining)) {
        batch = std::min(batch, remaining);
        int failed = 0;
        for (int i = 0; i < batch; ++i) {
            auto created = m_client.create(pods(), ns, pod);
            if (created.ok()) {
                (void)m_events.record(rs, "Normal", "SuccessfulCreate", "Created pod: " + text(*created, "metadata.name"));
            } else {
                ++failed;
                m_expectations[key].adds -= 1;
                (void)m_events.record(rs, "Warning", "FailedCreate", "Error creating: " + created.status().message());
            }
        }
        remaining -= batch;
        if (failed > 0) {
            m_expectations[key].adds -= remaining; // skipped
            break;
        }
    }
}

void ReplicaSetController::deletePods(const Json &rs, std::vector<Json> owned, int count)
{
    const std::string key = client::Informer::keyOf(rs);
    if (count < static_cast<int>(owned.size()))
        owned = sortForDeletion(std::move(owned), m_client.api().loop().now());
    m_expectations[key] = {0, count, m_client.api().loop().now()};
    for (int i = 0; i < count; ++i) {
        const Json &pod = owned[static_cast<std::size_t>(i)];
        auto removed = m_client.remove(pods(), text(pod, "metadata.namespace"), text(pod, "metadata.name"));
        if (removed.ok())
            (void)m_events.record(rs, "Normal", "SuccessfulDelete", "Deleted pod: " + text(pod, "metadata.name"));
        else
            m_expectations[key].deletes -= 1;
    }
}

void ReplicaSetController::updateStatus(const Json &rs, const std::vector<Json> &owned)
{
    const Json templateLabels = jsonAt(rs, "spec.template.metadata.labels").is_object()
                                    ? jsonAt(rs, "spec.template.metadata.labels") : Json::object();
    int replicas = 0, fullyLabeled = 0, readyCount = 0, available = 0;
    for (const Json &pod : owned) {
        if (!active(pod))
            continue;
        ++replicas;
        bool labeled = true;
        for (const auto &[k, v] : templateLabels.items())
            labeled = labeled && jsonAt(pod, "metadata.labels").is_object() && jsonAt(pod, "metadata.labels").value(k, Json()) == v;
        fullyLabeled += labeled ? 1 : 0;
        if (ready(pod)) {
            ++readyCount;
            ++available; // minReadySeconds is honoured with the kubelet's readiness times (issue #4)
        }
    }
    Json status = rs.value("status", Json::object());
    Json next = status;
    next["replicas"] = replicas;
    next["fullyLabeledReplicas"] = fullyLabeled;
    next["readyReplicas"] = readyCount;
    next["availableReplicas"] = available;
    next["observedGeneration"] = jsonAt(rs, "metadata.generation");
    if (next == status)
        return;
    Json updated = rs;
    updated["status"] = next;
    (void)m_client.updateStatus(replicaSets(), updated);
}

void ReplicaSetController::sync(const std::string &key)
{
    const std::size_t slash = key.find('/');
    const Json *found = m_replicaSets.get(key.substr(0, slash), key.substr(slash + 1));
    if (!found)
        return;
    const Json rs = *found;
    const bool needsSync = expectationsSatisfied(key);
    std::vector<Json> owned = claimPods(rs);
    std::vector<Json> activePods;
    for (const Json &pod : owned)
        if (active(pod))
            activePods.push_back(pod);
    if (needsSync && !jsonAt(rs, "metadata.deletionTimestamp").is_string()) {
        const int wanted = jsonAt(rs, "spec.replicas").is_number() ? jsonAt(rs, "spec.replicas").get<int>() : 1;
        const int diff = static_cast<int>(activePods.size()) - wanted;
        if (diff < 0)
            createPods(rs, std::min(-diff, kBurstReplicas));
        else if (diff > 0)
            deletePods(rs, activePods, std::min(diff, kBurstReplicas));
    }
    updateStatus(rs, owned);
}

} // namespace k8slab::controllers
