#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace k8slab::scheduler {

/// The highest node score a plugin may give after normalization.
inline constexpr std::int64_t kMaxNodeScore = 100;

/// Upstream's DefaultNormalizeScore: scores scaled so the largest becomes 100 (integer
/// division); `reverse` turns them around (100 - s). All zero: 0, or 100 when reversed.
inline void defaultNormalizeScore(std::vector<std::int64_t> &scores, bool reverse)
{
    std::int64_t max = 0;
    for (std::int64_t s : scores)
        max = std::max(max, s);
    for (std::int64_t &s : scores) {
        if (max == 0) {
            s = reverse ? kMaxNodeScore : 0;
            continue;
        }
        s = kMaxNodeScore * s / max;
        if (reverse)
            s = kMaxNodeScore - s;
    }
}

} // namespace k8slab::scheduler
