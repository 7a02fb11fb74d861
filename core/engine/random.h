#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace k8slab::engine {

/// The lab's one seeded random source (xoshiro256**, seeded by splitmix64).
/// Written out rather than taken from <random> so the same seed gives the same
/// sequence with every standard library: a recorded class replays identically.
class Random {
public:
    /// A generator whose whole sequence follows from the seed.
    explicit Random(std::uint64_t seed = 1);

    /// Restarts the sequence from a seed.
    void reseed(std::uint64_t seed);
    /// The seed the sequence started from.
    [[nodiscard]] std::uint64_t seed() const { return m_seed; }
    /// The next 64 random bits.
    std::uint64_t next();
    /// A uniformly chosen integer in [0, bound); bound must be positive.
    std::uint64_t below(std::uint64_t bound);
    /// A uniformly chosen integer in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi);
    /// A double uniformly in [0, 1).
    double unit();
    /// A string of n characters drawn from the alphabet (e.g. a pod name suffix).
    std::string string(std::size_t n, std::string_view alphabet);

private:
    std::uint64_t m_seed = 0;
    std::uint64_t m_s[4] = {};
};

} // namespace k8slab::engine
