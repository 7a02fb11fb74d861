#include "core/scheduler/what_if.h"

#include "core/scheduler/scheduler.h"

#include <algorithm>
#include <set>

namespace k8slab::scheduler {

namespace {

using api::Json;

/// Candidates per kind of change: enough for any classroom, bounded on 5,000 nodes.
constexpr std::size_t kNodesPerChange = 8;

/// The taints of a node that keep pods off it (NoSchedule, NoExecute).
std::vector<Json> blockingTaints(const Json &node)
{
    std::vector<Json> out;
    const Json spec = node.value("spec", Json::object());
    for (const Json &t : spec.value("taints", Json::array()))
        if (t.value("effect", "") == "NoSchedule" || t.value("effect", "") == "NoExecute")
            out.push_back(t);
    return out;
}

std::string joinedTaints(const std::vector<Json> &taints)
{
    std::string text;
    for (const Json &t : taints) {
        if (!text.empty())
            text += ", ";
        text += t.value("key", "") + (t.value("value", "").empty() ? "" : "=" + t.value("value", "")) + ":" + t.value("effect", "");
    }
    return text;
}

/// Scales every container's request of `resource` so their sum is at most `limit`
/// (millicores for cpu, bytes for memory); the new sum.
std::int64_t shrinkRequests(Json &pod, const std::string &resource, std::int64_t limit, std::int64_t total)
{
    std::int64_t sum = 0;
    for (Json &c : pod["spec"]["containers"]) {
        Json &requests = c["resources"]["requests"];
        if (!requests.is_object() || !requests.contains(resource))
            continue;
        const Resource r = Resource::fromList(Json{{resource, requests[resource]}});
        const std::int64_t now = resource == "cpu" ? r.milliCpu : r.memory;
        std::int64_t next = total > 0 ? now * limit / total : 0;
        if (resource == "cpu") {
            requests[resource] = std::to_string(next) + "m";
        } else {
            next = next / (1024 * 1024) * (1024 * 1024); // whole Mi
            requests[resource] = std::to_string(next / (1024 * 1024)) + "Mi";
        }
        sum += next;
    }
    return sum;
}

struct Candidates {
    std::vector<Suggestion> list;
    std::set<std::string> seen;

    void add(Suggestion s)
    {
        std::string key = s.code;
        for (const auto &[k, v] : s.params)
            key += "|" + k + "=" + v;
        if (seen.insert(key).second)
            list.push_back(std::move(s));
    }
};

} // namespace

std::vector<Suggestion> suggestFixes(Scheduler &scheduler, const api::Json &pod, std::size_t max)
{
    Result<DecisionRecord> base = scheduler.evaluate(pod);
    if (!base.ok() || base->result == "Scheduled")
        return {};
    const Json spec = pod.value("spec", Json::object());
    const PodInfoPtr info = parsePod(pod);
    Candidates c;
    std::map<std::string, std::size_t> perCode;
    const auto room = [&](const std::string &code) { return perCode[code]++ < kNodesPerChange; };

    // Requests: one candidate, sized for the rejected node with the most room, so the
    // change is as small as it can be.
    const NodeDecision *roomiest = nullptr;
    std::int64_t most = -1;
    for (const NodeDecision &d : base->nodes)
        if (d.rejectedBy.starts_with("NodeResourcesFit"))
            if (const NodeInfo *ni = scheduler.snapshot().node(d.node)) {
                const std::int64_t room = (ni->allocatable().milliCpu - ni->requested().milliCpu) * 1000
                                          + (ni->allocatable().memory - ni->requested().memory) / (1024 * 1024);
                if (room > most) {
                    most = room;
                    roomiest = &d;
                }
            }

    for (const NodeDecision &d : base->nodes) {
        if (d.rejectedBy.empty())
            continue;
        const Json *node = scheduler.node(d.node);
        const NodeInfo *ni = scheduler.snapshot().node(d.node);
        if (!node || !ni)
            continue;
        const std::string plugin = d.rejectedBy.substr(0, d.rejectedBy.find('/'));
        if (plugin == "NodeResourcesFit" && &d == roomiest) {
            Suggestion s{"lowerRequests", {{"node", d.node}}, 0, pod, {}, {}};
            for (const auto &[resource, wanted, free] :
                 {std::tuple{std::string("cpu"), info->requests.milliCpu, ni->allocatable().milliCpu - ni->requested().milliCpu},
                  std::tuple{std::string("memory"), info->requests.memory, ni->allocatable().memory - ni->requested().memory}}) {
                if (wanted <= free || free <= 0)
                    continue;
                const std::int64_t now = shrinkRequests(s.pod, resource, free, wanted);
                s.params[resource] = resource == "cpu" ? std::to_string(now) + "m" : std::to_string(now / (1024 * 1024)) + "Mi";
                ++s.cost;
            }
            if (s.cost > 0)
                c.add(std::move(s));
        }
        if (plugin == "TaintToleration") {
            const std::vector<Json> taints = blockingTaints(*node);
            if (!taints.empty() && room("tolerate")) {
                Suggestion s{"tolerate", {{"node", d.node}, {"taints", joinedTaints(taints)}}, int(taints.size()), pod, {}, {}};
                for (const Json &t : taints) {
                    Json toleration = {{"key", t.value("key", "")}, {"effect", t.value("effect", "")}};
                    if (t.value("value", "").empty())
                        toleration["operator"] = "Exists";
                    else
                        toleration.update({{"operator", "Equal"}, {"value", t.value("value", "")}});
                    s.pod["spec"]["tolerations"].push_back(toleration);
                }
                c.add(std::move(s));
                Suggestion n{"removeTaints", {{"node", d.node}, {"taints", joinedTaints(taints)}}, int(taints.size()), pod, {*node}, {}};
                Json kept = Json::array();
                for (const Json &t : n.nodes[0]["spec"].value("taints", Json::array()))
                    if (t.value("effect", "") == "PreferNoSchedule")
                        kept.push_back(t);
                n.nodes[0]["spec"]["taints"] = kept;
                c.add(std::move(n));
            }
        }
        if (plugin == "NodeAffinity") {
            const Json selector = spec.value("nodeSelector", Json::object());
            if (!selector.empty()) {
                std::string keys, labels;
                for (const auto &[k, v] : selector.items()) {
                    keys += (keys.empty() ? "" : ", ") + k;
                    labels += (labels.empty() ? "" : ", ") + k + "=" + v.get<std::string>();
                }
                Suggestion s{"dropNodeSelector", {{"keys", keys}}, int(selector.size()), pod, {}, {}};
                s.pod["spec"].erase("nodeSelector");
                c.add(std::move(s));
                if (room("labelNode")) {
                    Suggestion n{"labelNode", {{"node", d.node}, {"labels", labels}}, int(selector.size()), pod, {*node}, {}};
                    for (const auto &[k, v] : selector.items())
                        n.nodes[0]["metadata"]["labels"][k] = v;
                    c.add(std::move(n));
                }
            }
            const Json affinity = spec.value("affinity", Json::object()).value("nodeAffinity", Json::object());
            if (affinity.contains("requiredDuringSchedulingIgnoredDuringExecution")) {
                Suggestion s{"dropRequiredNodeAffinity", {}, 1, pod, {}, {}};
                s.pod["spec"]["affinity"]["nodeAffinity"].erase("requiredDuringSchedulingIgnoredDuringExecution");
                c.add(std::move(s));
            }
        }
        if (plugin == "NodeUnschedulable" && room("uncordon")) {
            Suggestion n{"uncordon", {{"node", d.node}}, 1, pod, {*node}, {}};
            n.nodes[0]["spec"].erase("unschedulable");
            c.add(std::move(n));
        }
    }

    std::vector<Suggestion> proven;
    for (Suggestion &s : c.list) {
        Result<DecisionRecord> outcome = scheduler.evaluate(s.pod, s.nodes);
        if (outcome.ok() && outcome->result == "Scheduled") {
            s.outcome = std::move(*outcome);
            proven.push_back(std::move(s));
        }
    }
    std::stable_sort(proven.begin(), proven.end(), [](const Suggestion &a, const Suggestion &b) {
        return std::pair(a.cost, !a.nodes.empty()) < std::pair(b.cost, !b.nodes.empty());
    });
    if (proven.size() > max)
        proven.resize(max);
    return proven;
}

} // namespace k8slab::scheduler
