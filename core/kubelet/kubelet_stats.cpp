// The kubelet's resource stats (cAdvisor's part) and its HTTP endpoints as the API
// server's node proxy reaches them.
#include "core/kubelet/kubelet.h"

#include "core/api/time_format.h"
#include "core/apiserver/status_response.h"

namespace k8slab::kubelet {

using api::Json;

Result<NodeUsage> Kubelet::resourceUsage() const
{
    if (m_agentDown || m_stopped)
        return Status(StatusCode::Unavailable, "Get \"https://" + m_spec.name +
                                                   ":10250/metrics/resource\": dial tcp: connect: connection refused");
    NodeUsage usage;
    usage.node = m_spec.name;
    usage.at = m_loop.now();
    usage.startTime = m_startedAt;
    usage.memoryCapacityBytes = scheduler::Resource::fromList(m_lastReported.value("capacity", Json::object())).memory;
    std::int64_t podsCpu = 0;
    std::int64_t podsMemory = 0;
    for (const auto &[uid, w] : m_workers) {
        if (w.terminated || w.rejected)
            continue;
        PodUsage pod;
        pod.ns = w.pod["metadata"].value("namespace", "");
        pod.name = w.pod["metadata"].value("name", "");
        pod.uid = uid;
        pod.startTime = api::parseTime(w.startTime).value_or(engine::TimePoint{});
        for (const auto *list : {&w.init, &w.regular}) {
            for (const ContainerRecord &c : *list) {
                if (c.id.empty())
                    continue;
                const std::optional<ContainerStatus> status = m_runtime->containerStatus(c.id);
                const std::optional<ContainerStats> stats = m_runtime->containerStats(c.id);
                if (!status || !stats || status->state != ContainerState::Running)
                    continue;
                pod.containers.push_back({c.name, stats->cpuUsageCoreNanoSeconds, stats->memoryWorkingSetBytes,
                                          engine::TimePoint(engine::Duration(status->startedAtNs))});
                podsCpu += stats->cpuUsageCoreNanoSeconds;
                podsMemory += stats->memoryWorkingSetBytes;
            }
        }
        if (!pod.containers.empty())
            usage.pods.push_back(std::move(pod));
    }
    // The machine: the pods' cgroup (every container it ran, removed ones too), the
    // node's own daemons, and whatever else runs on it (the lab's fill-memory fault).
    if (const std::optional<ContainerStats> all = m_runtime->podsStats()) {
        podsCpu = all->cpuUsageCoreNanoSeconds;
        podsMemory = all->memoryWorkingSetBytes;
    }
    const auto up = std::chrono::duration_cast<std::chrono::nanoseconds>(usage.at - m_startedAt).count();
    usage.cpuCoreNanoSeconds = podsCpu + up * SystemOverhead::kCpuMilli / 1000;
    usage.memoryWorkingSetBytes = podsMemory + SystemOverhead::kMemoryBytes + m_runtime->hostMemoryHog();
    return usage;
}

apiserver::ApiResponse Kubelet::proxy(const std::string &path, const apiserver::ApiRequest &) const
{
    const auto text = [](std::string body, const char *type, int code = 200) {
        apiserver::ApiResponse response;
        response.code = code;
        response.contentType = type;
        response.body = std::move(body);
        return response;
    };
    std::string page = path;
    while (page.starts_with('/'))
        page.erase(0, 1);
    if (page == "healthz")
        return text("ok", "text/plain; charset=utf-8");
    if (page == "pods") {
        Json items = Json::array();
        for (const auto &[uid, w] : m_workers)
            if (!w.terminated)
                items.push_back(w.pod);
        return apiserver::jsonResponse(200, {{"kind", "PodList"}, {"apiVersion", "v1"}, {"metadata", Json::object()},
                                             {"items", items}});
    }
    if (page == "metrics/resource" || page == "stats/summary") {
        Result<NodeUsage> usage = resourceUsage();
        if (!usage.ok())
            return apiserver::errorResponse(Status(StatusCode::Unavailable, usage.status().message()));
        if (page == "stats/summary")
            return apiserver::jsonResponse(200, statsSummary(*usage));
        return text(resourceMetricsText(*usage), "text/plain; version=0.0.4; charset=utf-8");
    }
    return text("404 page not found\n", "text/plain; charset=utf-8", 404);
}

} // namespace k8slab::kubelet
