#include "core/kubelet/resource_stats.h"

#include "core/api/time_format.h"

#include <cstdio>
#include <sstream>

namespace k8slab::kubelet {

using api::Json;

namespace {

std::int64_t millis(engine::TimePoint t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string seconds(std::int64_t nanos)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.9g", double(nanos) / 1e9);
    return text;
}

void family(std::ostringstream &out, const char *name, const char *type, const char *help)
{
    out << "# HELP " << name << " [STABLE] " << help << "\n# TYPE " << name << ' ' << type << '\n';
}

Json cpuJson(const std::string &time, std::int64_t nanos)
{
    return {{"time", time}, {"usageCoreNanoSeconds", nanos}};
}

Json memoryJson(const std::string &time, std::int64_t workingSet)
{
    return {{"time", time}, {"workingSetBytes", workingSet}, {"usageBytes", workingSet}, {"rssBytes", workingSet}};
}

} // namespace

std::string resourceMetricsText(const NodeUsage &usage)
{
    std::ostringstream out;
    const std::string at = " " + std::to_string(millis(usage.at));
    const auto labels = [](const PodUsage &pod, const std::string *container) {
        std::string text = "{";
        if (container)
            text += "container=\"" + *container + "\",";
        return text + "namespace=\"" + pod.ns + "\",pod=\"" + pod.name + "\"}";
    };
    family(out, "container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the container in core-seconds");
    for (const PodUsage &pod : usage.pods)
        for (const ContainerUsage &c : pod.containers)
            out << "container_cpu_usage_seconds_total" << labels(pod, &c.name) << ' ' << seconds(c.cpuCoreNanoSeconds) << at << '\n';
    family(out, "container_memory_working_set_bytes", "gauge", "Current working set of the container in bytes");
    for (const PodUsage &pod : usage.pods)
        for (const ContainerUsage &c : pod.containers)
            out << "container_memory_working_set_bytes" << labels(pod, &c.name) << ' ' << c.memoryWorkingSetBytes << at << '\n';
    family(out, "container_start_time_seconds", "gauge", "Start time of the container since unix epoch in seconds");
    for (const PodUsage &pod : usage.pods)
        for (const ContainerUsage &c : pod.containers)
            out << "container_start_time_seconds" << labels(pod, &c.name) << ' ' << millis(c.startTime) / 1000 << at << '\n';
    family(out, "node_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the node in core-seconds");
    out << "node_cpu_usage_seconds_total " << seconds(usage.cpuCoreNanoSeconds) << at << '\n';
    family(out, "node_memory_working_set_bytes", "gauge", "Current working set of the node in bytes");
    out << "node_memory_working_set_bytes " << usage.memoryWorkingSetBytes << at << '\n';
    family(out, "pod_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the pod in core-seconds");
    for (const PodUsage &pod : usage.pods) {
        std::int64_t total = 0;
        for (const ContainerUsage &c : pod.containers)
            total += c.cpuCoreNanoSeconds;
        out << "pod_cpu_usage_seconds_total" << labels(pod, nullptr) << ' ' << seconds(total) << at << '\n';
    }
    family(out, "pod_memory_working_set_bytes", "gauge", "Current working set of the pod in bytes");
    for (const PodUsage &pod : usage.pods) {
        std::int64_t total = 0;
        for (const ContainerUsage &c : pod.containers)
            total += c.memoryWorkingSetBytes;
        out << "pod_memory_working_set_bytes" << labels(pod, nullptr) << ' ' << total << at << '\n';
    }
    family(out, "resource_scrape_error", "gauge", "1 if there was an error while getting container metrics, 0 otherwise");
    out << "resource_scrape_error 0\n";
    return out.str();
}

Json statsSummary(const NodeUsage &usage)
{
    const std::string time = api::formatTime(usage.at);
    Json pods = Json::array();
    for (const PodUsage &pod : usage.pods) {
        Json containers = Json::array();
        std::int64_t cpu = 0;
        std::int64_t memory = 0;
        for (const ContainerUsage &c : pod.containers) {
            containers.push_back({{"name", c.name},
                                  {"startTime", api::formatTime(c.startTime)},
                                  {"cpu", cpuJson(time, c.cpuCoreNanoSeconds)},
                                  {"memory", memoryJson(time, c.memoryWorkingSetBytes)}});
            cpu += c.cpuCoreNanoSeconds;
            memory += c.memoryWorkingSetBytes;
        }
        pods.push_back({{"podRef", {{"name", pod.name}, {"namespace", pod.ns}, {"uid", pod.uid}}},
                        {"startTime", api::formatTime(pod.startTime)},
                        {"containers", containers},
                        {"cpu", cpuJson(time, cpu)},
                        {"memory", memoryJson(time, memory)}});
    }
    Json memory = memoryJson(time, usage.memoryWorkingSetBytes);
    memory["availableBytes"] = std::max<std::int64_t>(usage.memoryCapacityBytes - usage.memoryWorkingSetBytes, 0);
    return {{"node", {{"nodeName", usage.node},
                      {"startTime", api::formatTime(usage.startTime)},
                      {"cpu", cpuJson(time, usage.cpuCoreNanoSeconds)},
                      {"memory", memory}}},
            {"pods", pods}};
}

} // namespace k8slab::kubelet
