#pragma once

#include <chrono>
#include <cstdint>

namespace k8slab::engine {

/// A span of lab time, in nanoseconds.
using Duration = std::chrono::nanoseconds;
/// A moment of lab time: nanoseconds since the Unix epoch (virtual or wall).
using TimePoint = std::chrono::time_point<std::chrono::system_clock, Duration>;

/// Where a loop's clock comes from.
enum class ClockMode {
    /// Deterministic: time stands still while work is ready and jumps to the next timer.
    Virtual,
    /// The machine's real clock, for real container runtimes.
    Wall,
};

/// The moment a virtual clock starts at unless told otherwise: 2025-01-01T00:00:00Z.
inline constexpr TimePoint kDefaultVirtualEpoch{Duration{1735689600LL * 1000000000LL}};

/// Nanoseconds since the Unix epoch, for records.
inline std::int64_t toNanos(TimePoint t)
{
    return t.time_since_epoch().count();
}

} // namespace k8slab::engine
