// The kubelet's eviction manager for memory (pkg/kubelet/eviction): every 10 s it
// compares memory.available (capacity − the node's working set) with the hard threshold
// (100Mi), reports MemoryPressure (held for the 5-minute transition period), and while
// the threshold is met evicts at most one pod per round, ranked as upstream ranks them.
#include "core/kubelet/kubelet.h"

#include "core/api/quantity.h"
#include "core/api/time_format.h"
#include "core/kubelet/memory_pressure.h"
#include "core/kubelet/qos.h"
#include "core/kubelet/static_pods.h"

namespace k8slab::kubelet {

using api::Json;

namespace {

constexpr std::int64_t kCriticalPriority = 2'000'000'000;

std::string kibibytes(std::int64_t bytes)
{
    return std::to_string(bytes / 1024) + "Ki";
}

std::int64_t memoryRequest(const Json &container)
{
    const Json resources = container.value("resources", Json::object());
    return scheduler::Resource::fromList(resources.value("requests", Json::object())).memory;
}

} // namespace

bool Kubelet::underMemoryPressure() const
{
    return m_memoryThresholdSeen != engine::TimePoint{} && m_loop.now() - m_memoryThresholdSeen < kPressureTransitionPeriod;
}

void Kubelet::synchronizeEviction()
{
    m_evictionTimer = m_loop.schedule(kEvictionMonitoringPeriod, [this] { synchronizeEviction(); });
    if (m_agentDown)
        return;
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
    evict(victim, message);
}

void Kubelet::evict(PodWorker &w, const std::string &message)
{
    w.evictedMessage = message;
    event(w, "Warning", "Evicted", message);
    trace(w, "kubelet.evict", {{"reason", "Evicted"}, {"qosClass", qosClass(w.pod)}});
    // A hard threshold: one second of grace (immediateEvictionGracePeriodSeconds).
    stopContainers(w, std::chrono::seconds(1), [this](const std::string &uid) { queueSync(uid); });
    writeStatus(w);
}

} // namespace k8slab::kubelet
