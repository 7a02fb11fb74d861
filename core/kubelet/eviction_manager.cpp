// The kubelet's eviction manager (pkg/kubelet/eviction): every 10 s it first evicts the
// pods over their ephemeral-storage limits (localStorageEviction), then compares
// memory.available (capacity − the node's working set) with the hard threshold (100Mi),
// reports MemoryPressure (held for the 5-minute transition period), and while the
// threshold is met evicts at most one pod per round, ranked as upstream ranks them.
#include "core/kubelet/kubelet.h"

#include "core/api/quantity.h"
#include "core/api/time_format.h"
#include "core/kubelet/memory_pressure.h"
#include "core/kubelet/qos.h"
#include "core/kubelet/static_pods.h"

#include <cstdio>

namespace k8slab::kubelet {

using api::Json;

namespace {

constexpr std::int64_t kCriticalPriority = 2'000'000'000;

std::string kibibytes(std::int64_t bytes)
{
    return std::to_string(bytes / 1024) + "Ki";
}

// "100.2Mi": what a pod wrote, for the trace (upstream's messages print the limits).
std::string mebibytes(std::int64_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1fMi", double(bytes) / (1024.0 * 1024.0));
    return text;
}

std::int64_t memoryRequest(const Json &container)
{
    const Json resources = container.value("resources", Json::object());
    return scheduler::Resource::fromList(resources.value("requests", Json::object())).memory;
}

std::optional<api::Quantity> ephemeralLimit(const Json &container)
{
    const Json &limits = container.value("resources", Json::object()).value("limits", Json::object());
    if (!limits.is_object() || !limits.contains("ephemeral-storage") || !limits["ephemeral-storage"].is_string())
        return std::nullopt;
    Result<api::Quantity> q = api::Quantity::parse(limits["ephemeral-storage"].get<std::string>());
    return q.ok() ? std::optional(*q) : std::nullopt;
}

} // namespace

bool Kubelet::evictForLocalStorage()
{
    // Upstream's order: the pod's total against the sum of its containers' limits, then
    // each container against its own. A pod's usage is its containers' writable layers
    // and logs (the lab has no emptyDir usage yet). Eviction is immediate (no grace).
    bool evicted = false;
    for (auto &[uid, w] : m_workers) {
        if (w.rejected || w.terminating || w.terminated || !w.evictedMessage.empty() || !w.staticFile.empty()
            || isMirrorPod(w.pod) || w.pod["spec"].value("priority", 0) >= kCriticalPriority)
            continue;
        // Only pods with a limit are looked at (their stats read only then).
        std::vector<std::pair<std::string, api::Quantity>> limits; // container name, its limit
        std::int64_t podLimitMilli = 0;
        for (const Json &c : w.pod["spec"].value("containers", Json::array()))
            if (const auto limit = ephemeralLimit(c)) {
                limits.emplace_back(c.value("name", ""), *limit);
                podLimitMilli += limit->milli();
            }
        if (limits.empty())
            continue;
        std::map<std::string, std::int64_t> used; // container name → bytes
        std::int64_t podUsed = 0;
        for (const auto *list : {&w.init, &w.regular})
            for (const ContainerRecord &c : *list)
                if (!c.id.empty())
                    if (const std::optional<ContainerStats> stats = m_runtime->containerStats(c.id)) {
                        used[c.name] += stats->rootfsUsedBytes + stats->logsUsedBytes;
                        podUsed += stats->rootfsUsedBytes + stats->logsUsedBytes;
                    }
        std::string message;
        if (podUsed * 1000 > podLimitMilli) {
            message = "Pod ephemeral local storage usage exceeds the total limit of containers " +
                      api::Quantity::fromMilli(podLimitMilli).toString() + ". ";
        } else {
            for (const auto &[name, limit] : limits)
                if (const auto it = used.find(name); it != used.end() && it->second * 1000 > limit.milli()) {
                    message = "Container " + name + " exceeded its local ephemeral storage limit \"" + limit.toString() + "\". ";
                    break;
                }
        }
        if (message.empty())
            continue;
        m_trace.publish("kubelet/" + m_spec.name, proto::TRACE_KIND_DECISION, "kubelet.eviction.localStorage",
                        {"Pod", w.pod["metadata"].value("namespace", ""), w.pod["metadata"].value("name", ""), uid},
                        {{"used", mebibytes(podUsed)}, {"message", message}});
        evict(w, message, engine::Duration::zero());
        evicted = true;
    }
    return evicted;
}

bool Kubelet::underMemoryPressure() const
{
    return m_memoryThresholdSeen != engine::TimePoint{} && m_loop.now() - m_memoryThresholdSeen < kPressureTransitionPeriod;
}

void Kubelet::synchronizeEviction()
{
    m_evictionTimer = m_loop.schedule(kEvictionMonitoringPeriod, [this] { synchronizeEviction(); });
    if (m_agentDown)
        return;
    if (evictForLocalStorage())
        return; // as upstream: a round that evicted for local storage does nothing else
    // The signal first, from the pods' cgroup alone (cheap); the per-pod stats only when
    // the threshold is met and a pod has to be chosen.
    const std::int64_t capacity = scheduler::Resource::fromList(m_lastReported.value("capacity", Json::object())).memory;
    const std::optional<ContainerStats> pods = m_runtime->podsStats();
    std::optional<NodeUsage> usage;
    std::int64_t workingSet = 0;
    if (pods) {
        workingSet = pods->memoryWorkingSetBytes + SystemOverhead::kMemoryBytes + m_runtime->hostMemoryHog();
    } else {
        Result<NodeUsage> read = resourceUsage();
        if (!read.ok())
            return;
        usage = std::move(*read);
        workingSet = usage->memoryWorkingSetBytes;
    }
    if (capacity == 0)
        return;
    const std::int64_t available = capacity - workingSet;
    const bool met = available < kHardEvictionMemory;
    if (met)
        m_memoryThresholdSeen = m_loop.now();
    // The condition changes: reported now, not at the next status update, with the
    // node event upstream records.
    if (underMemoryPressure() != m_reportedMemoryPressure) {
        m_reportedMemoryPressure = underMemoryPressure();
        const std::string reason = m_reportedMemoryPressure ? "NodeHasInsufficientMemory" : "NodeHasSufficientMemory";
        if (Result<Json> node = m_client.get(client::resource("", "v1", "nodes"), "", m_spec.name); node.ok())
            (void)m_events.record(*node, "Normal", reason, "Node " + m_spec.name + " status is now: " + reason);
        heartbeat();
    }
    if (!met)
        return;
    if (!usage) {
        Result<NodeUsage> read = resourceUsage();
        if (!read.ok())
            return;
        usage = std::move(*read);
    }
    // Rank the pods that may go: not critical (static, mirror, priority >= 2e9), not
    // already on their way out; usage from the stats just read.
    std::map<std::string, const PodUsage *> stats;
    for (const PodUsage &pod : usage->pods)
        stats[pod.uid] = &pod;
    std::vector<PodMemory> candidates;
    for (const auto &[uid, w] : m_workers) {
        if (w.rejected || w.terminating || w.terminated || !w.evictedMessage.empty() || !w.staticFile.empty())
            continue;
        PodMemory p;
        p.pod = uid;
        p.priority = w.pod["spec"].value("priority", 0);
        p.critical = isMirrorPod(w.pod) || p.priority >= kCriticalPriority;
        for (const Json &c : w.pod["spec"].value("containers", Json::array()))
            p.request += memoryRequest(c);
        const auto found = stats.find(uid);
        p.hasStats = found != stats.end();
        if (p.hasStats)
            for (const ContainerUsage &c : found->second->containers)
                p.usage += c.memoryWorkingSetBytes;
        candidates.push_back(p);
    }
    const std::vector<PodMemory> ranked = rankForMemoryEviction(candidates);
    Result<Json> node = m_client.get(client::resource("", "v1", "nodes"), "", m_spec.name);
    if (node.ok())
        (void)m_events.record(*node, "Warning", "EvictionThresholdMet", "Attempting to reclaim memory");
    m_trace.publish("kubelet/" + m_spec.name, proto::TRACE_KIND_DECISION, "kubelet.eviction.thresholdMet",
                    {"Node", "", m_spec.name, ""},
                    {{"signal", "memory.available"}, {"available", kibibytes(available)}, {"threshold", "100Mi"},
                     {"candidates", std::to_string(ranked.size())}});
    if (ranked.empty())
        return;
    // At most one pod per round; the next round sees what that freed.
    PodWorker &victim = m_workers.at(ranked.front().pod);
    std::string message = "The node was low on resource: memory. Threshold quantity: 100Mi, available: " +
                          kibibytes(available) + ". ";
    if (const auto found = stats.find(victim.uid); found != stats.end()) {
        for (const ContainerUsage &c : found->second->containers) {
            std::int64_t request = 0;
            for (const Json &spec : victim.pod["spec"].value("containers", Json::array()))
                if (spec.value("name", "") == c.name)
                    request = memoryRequest(spec);
            if (c.memoryWorkingSetBytes > request)
                message += "Container " + c.name + " was using " + kibibytes(c.memoryWorkingSetBytes) + ", request is " +
                           (request ? api::Quantity::fromMilli(request * 1000).toString() : "0") +
                           ", has larger consumption of memory. ";
        }
    }
    // A hard threshold: one second of grace (immediateEvictionGracePeriodSeconds).
    evict(victim, message, std::chrono::seconds(1));
}

void Kubelet::evict(PodWorker &w, const std::string &message, engine::Duration grace)
{
    w.evictedMessage = message;
    event(w, "Warning", "Evicted", message);
    trace(w, "kubelet.evict", {{"reason", "Evicted"}, {"qosClass", qosClass(w.pod)}});
    stopContainers(w, grace, [this](const std::string &uid) { queueSync(uid); });
    writeStatus(w);
}

} // namespace k8slab::kubelet
