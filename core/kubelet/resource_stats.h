#pragma once

#include "core/api/json.h"
#include "core/engine/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace k8slab::kubelet {

/// One container's usage at a moment, as the kubelet's resource metrics report it.
struct ContainerUsage {
    std::string name;                     ///< Container name.
    std::int64_t cpuCoreNanoSeconds = 0;  ///< Cumulative CPU.
    std::int64_t memoryWorkingSetBytes = 0; ///< Working set now.
    engine::TimePoint startTime{};        ///< When it started.
};

/// One pod's running containers.
struct PodUsage {
    std::string ns;   ///< Namespace.
    std::string name; ///< Name.
    std::string uid;  ///< UID.
    std::vector<ContainerUsage> containers; ///< Its running containers.
    engine::TimePoint startTime{};           ///< status.startTime.
};

/// What a node used, at `at`: the machine as a whole (pods plus the system's daemons)
/// and each pod (the kubelet's /metrics/resource and /stats/summary).
struct NodeUsage {
    std::string node;                       ///< Node name.
    engine::TimePoint at{};                 ///< When the numbers were read.
    engine::TimePoint startTime{};          ///< When the node's agent started.
    std::int64_t cpuCoreNanoSeconds = 0;    ///< Cumulative CPU of the node.
    std::int64_t memoryWorkingSetBytes = 0; ///< Working set of the node.
    std::int64_t memoryCapacityBytes = 0;   ///< Its RAM.
    std::vector<PodUsage> pods;             ///< The pods with running containers.
};

/// The node's own daemons (kubelet, container runtime, systemd): what they use besides
/// the pods, in the lab's round figures.
struct SystemOverhead {
    static constexpr std::int64_t kCpuMilli = 20;                  ///< millicores, steadily
    static constexpr std::int64_t kMemoryBytes = 180LL * 1024 * 1024; ///< working set
};

/// The Prometheus text of the kubelet's /metrics/resource (upstream's metric names,
/// HELP texts and sample timestamps).
std::string resourceMetricsText(const NodeUsage &usage);
/// The kubelet's /stats/summary (the Summary API's node and pod stats, the fields the
/// lab knows).
api::Json statsSummary(const NodeUsage &usage);

} // namespace k8slab::kubelet
