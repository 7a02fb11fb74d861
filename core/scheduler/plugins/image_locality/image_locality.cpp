#include "core/scheduler/plugins/image_locality/image_locality.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/normalize.h"

namespace k8slab::scheduler::plugins {

std::string_view ImageLocality::name() const { return names::kImageLocality; }

std::int64_t ImageLocality::score(const CycleState &, const PodInfo &pod, const NodeInfo &node, PluginStatus &) const
{
    const auto totalNodes = static_cast<double>(m_handle.snapshot->nodes().size());
    std::int64_t sum = 0;
    for (const std::string &image : pod.images) {
        auto it = node.images().find(image);
        if (it == node.images().end())
            continue;
        const auto spread = static_cast<double>(m_handle.snapshot->imageNodeCount(image)) / totalNodes;
        sum += static_cast<std::int64_t>(static_cast<double>(it->second) * spread);
    }
    const std::int64_t maxThreshold = kMaxContainerThreshold * pod.containerCount;
    if (sum < kMinThreshold)
        sum = kMinThreshold;
    else if (sum > maxThreshold)
        sum = maxThreshold;
    if (maxThreshold <= kMinThreshold)
        return 0;
    return kMaxNodeScore * (sum - kMinThreshold) / (maxThreshold - kMinThreshold);
}

} // namespace k8slab::scheduler::plugins
