#include "core/kubelet/qos.h"

#include "core/api/quantity.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>

namespace k8slab::kubelet {

using api::Json;

namespace {

constexpr int kGuaranteedAdj = -997;
constexpr int kBestEffortAdj = 1000;

std::int64_t milli(const Json &list, const char *name)
{
    if (!list.is_object() || !list.contains(name) || !list[name].is_string())
        return 0;
    Result<api::Quantity> q = api::Quantity::parse(list[name].get<std::string>());
    return q.ok() ? q->milli() : 0;
}

std::vector<Json> allContainers(const Json &pod)
{
    std::vector<Json> out;
    const Json spec = pod.value("spec", Json::object());
    for (const char *list : {"initContainers", "containers"})
        for (const Json &c : spec.value(list, Json::array()))
            out.push_back(c);
    return out;
}

bool nodeCritical(const Json &pod)
{
    const Json spec = pod.value("spec", Json::object());
    return spec.value("priorityClassName", "") == "system-node-critical";
}

int burstableAdj(std::int64_t memoryRequest, std::int64_t nodeMemory)
{
    if (nodeMemory <= 0)
        return 999;
    std::int64_t adj = 1000 - (1000 * memoryRequest) / nodeMemory;
    if (adj < 1000 + kGuaranteedAdj)
        adj = 1000 + kGuaranteedAdj;
    if (adj == kBestEffortAdj)
        adj = 999;
    return static_cast<int>(adj);
}

std::int64_t memoryRequestBytes(const Json &container)
{
    return (milli(container.value("resources", Json::object()).value("requests", Json::object()), "memory") + 999) / 1000;
}

} // namespace

std::string qosClass(const Json &pod)
{
    std::map<std::string, std::int64_t> requests;
    std::map<std::string, std::int64_t> limits;
    bool isGuaranteed = true;
    for (const Json &c : allContainers(pod)) {
        const Json resources = c.value("resources", Json::object());
        const Json req = resources.value("requests", Json::object());
        const Json lim = resources.value("limits", Json::object());
        for (const char *name : {"cpu", "memory"}) {
            if (const std::int64_t v = milli(req, name); v > 0)
                requests[name] += v;
            if (const std::int64_t v = milli(lim, name); v > 0)
                limits[name] += v;
        }
        // Guaranteed needs both limits on every container.
        if (milli(lim, "cpu") <= 0 || milli(lim, "memory") <= 0)
            isGuaranteed = false;
    }
    if (requests.empty() && limits.empty())
        return "BestEffort";
    if (isGuaranteed) {
        std::set<std::string> reqNames;
        std::set<std::string> limNames;
        for (const auto &[k, v] : requests)
            reqNames.insert(k);
        for (const auto &[k, v] : limits)
            limNames.insert(k);
        if (reqNames == limNames) {
            for (const auto &[name, v] : requests)
                if (limits[name] != v)
                    return "Burstable";
            return "Guaranteed";
        }
    }
    return "Burstable";
}

int oomScoreAdj(const Json &pod, const Json &container, std::int64_t nodeMemoryBytes)
{
    if (nodeCritical(pod))
        return kGuaranteedAdj;
    const std::string qos = qosClass(pod);
    if (qos == "Guaranteed")
        return kGuaranteedAdj;
    if (qos == "BestEffort")
        return kBestEffortAdj;
    int adj = burstableAdj(memoryRequestBytes(container), nodeMemoryBytes);
    // A sidecar never scores above the regular containers (it must outlive them).
    const Json spec = pod.value("spec", Json::object());
    bool sidecar = false;
    for (const Json &c : spec.value("initContainers", Json::array()))
        if (c.value("name", "") == container.value("name", "") && c.value("restartPolicy", "") == "Always")
            sidecar = true;
    if (sidecar) {
        std::int64_t smallest = INT64_MAX;
        for (const Json &c : spec.value("containers", Json::array()))
            smallest = std::min(smallest, memoryRequestBytes(c));
        if (smallest != INT64_MAX)
            adj = std::min(adj, burstableAdj(smallest, nodeMemoryBytes));
    }
    return adj;
}

} // namespace k8slab::kubelet
