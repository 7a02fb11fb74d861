#pragma once

#include "core/api/json.h"

#include <cstdint>
#include <map>
#include <string>

namespace k8slab::scheduler {

/// Amounts of resources as the scheduler counts them: CPU in millicores, memory and
/// ephemeral storage in bytes, pods as a count, and every other resource (extended
/// resources, hugepages) in whole units, as upstream's framework.Resource.
struct Resource {
    std::int64_t milliCpu = 0;          ///< CPU in millicores.
    std::int64_t memory = 0;            ///< Memory in bytes.
    std::int64_t ephemeralStorage = 0;  ///< Ephemeral storage in bytes.
    std::int64_t allowedPods = 0;       ///< Pod count (allocatable "pods").
    std::map<std::string, std::int64_t> scalar; ///< Other resources by name.

    /// Reads a ResourceList ({"cpu": "500m", "memory": "1Gi", ...}); unparsable values count as 0.
    static Resource fromList(const api::Json &list);
    /// Adds every amount of `other`.
    void add(const Resource &other);
    /// Subtracts every amount of `other`.
    void subtract(const Resource &other);
    /// Raises each amount to at least `other`'s (the init-container rule).
    void setMax(const Resource &other);
    /// The amount of a resource by its Kubernetes name ("cpu", "memory", "ephemeral-storage",
    /// "pods", or a scalar name).
    [[nodiscard]] std::int64_t get(const std::string &name) const;
    /// True when nothing is requested at all.
    [[nodiscard]] bool isZero() const;
};

} // namespace k8slab::scheduler
