#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace k8slab::kubelet {

/// The score /proc/PID/oom_score shows (Linux >= 5.9, mm/oom_kill.c) for a task using
/// `usageBytes` of memory with `oomScoreAdj`, when `totalBytes` may be used (the node's
/// RAM for a global OOM, the limit for a cgroup's): badness = pages used +
/// adj × (total pages / 1000), then (1000 + badness × 1000 / total pages) × 2/3, in
/// 0..2000. An adj of -1000 is never chosen: 0.
int kernelOomScore(std::int64_t usageBytes, int oomScoreAdj, std::int64_t totalBytes);

/// What the eviction manager weighs about one pod under memory pressure.
struct PodMemory {
    std::string pod;            ///< "ns/name"
    std::int64_t priority = 0;  ///< spec.priority
    std::int64_t request = 0;   ///< memory requested by its containers, bytes
    std::int64_t usage = 0;     ///< working set, bytes
    bool hasStats = true;       ///< usage is known
    bool critical = false;      ///< static, mirror, or priority >= 2000000000: never evicted
};

/// The kubelet eviction manager's order under memory pressure (rankMemoryPressure):
/// pods without stats, then pods using more than they request; then lower priority
/// first; then the larger usage above request first. Critical pods are left out.
std::vector<PodMemory> rankForMemoryEviction(std::vector<PodMemory> pods);

} // namespace k8slab::kubelet
