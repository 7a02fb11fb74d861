#include "core/kubelet/memory_pressure.h"

#include <algorithm>
#include <tuple>

namespace k8slab::kubelet {

namespace {
constexpr std::int64_t kPage = 4096;
constexpr std::int64_t kCriticalPriority = 2'000'000'000;
} // namespace

int kernelOomScore(std::int64_t usageBytes, int oomScoreAdj, std::int64_t totalBytes)
{
    if (oomScoreAdj <= -1000 || totalBytes <= 0)
        return 0;
    const std::int64_t totalPages = std::max<std::int64_t>(totalBytes / kPage, 1);
    const std::int64_t badness = usageBytes / kPage + std::int64_t(oomScoreAdj) * (totalPages / 1000);
    const std::int64_t score = (1000 + badness * 1000 / totalPages) * 2 / 3;
    return int(std::clamp<std::int64_t>(score, 0, 2000));
}

std::vector<PodMemory> rankForMemoryEviction(std::vector<PodMemory> pods)
{
    std::erase_if(pods, [](const PodMemory &p) { return p.critical || p.priority >= kCriticalPriority; });
    const auto exceeds = [](const PodMemory &p) { return !p.hasStats || p.usage > p.request; };
    std::stable_sort(pods.begin(), pods.end(), [&](const PodMemory &a, const PodMemory &b) {
        // true sorts first: no stats / over request; then lower priority; then more above request.
        return std::tuple(!exceeds(a), a.priority, -(a.usage - a.request)) < std::tuple(!exceeds(b), b.priority, -(b.usage - b.request));
    });
    return pods;
}

} // namespace k8slab::kubelet
