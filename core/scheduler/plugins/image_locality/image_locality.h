#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// ImageLocality: prefers nodes that already have the pod's images, each image's size
/// scaled by how widely it is spread, clamped to [23 MiB, 1000 MiB x containers] and
/// mapped to 0..100. Init containers count (v1.30 on).
class ImageLocality : public Plugin, public ScorePlugin {
public:
    /// Lower clamp: 23 MiB.
    static constexpr std::int64_t kMinThreshold = 23LL * 1024 * 1024;
    /// Upper clamp per container: 1000 MiB.
    static constexpr std::int64_t kMaxContainerThreshold = 1000LL * 1024 * 1024;

    /// A plugin reading image spread from the handle's snapshot.
    explicit ImageLocality(const Handle &handle) : m_handle(handle) {}
    std::string_view name() const override;
    std::int64_t score(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                       PluginStatus &status) const override;

private:
    const Handle &m_handle;
};

} // namespace k8slab::scheduler::plugins
