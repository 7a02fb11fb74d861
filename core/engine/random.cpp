#include "core/engine/random.h"

#include <cassert>

namespace k8slab::engine {

namespace {

std::uint64_t splitmix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

constexpr std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

Random::Random(std::uint64_t seed)
{
    reseed(seed);
}

void Random::reseed(std::uint64_t seed)
{
    m_seed = seed;
    std::uint64_t state = seed;
    for (std::uint64_t &word : m_s)
        word = splitmix64(state);
}

std::uint64_t Random::next()
{
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

std::uint64_t Random::below(std::uint64_t bound)
{
    assert(bound > 0);
    // Rejection sampling keeps the distribution exactly uniform.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t x = next();
    while (x >= limit)
        x = next();
    return x % bound;
}

std::int64_t Random::between(std::int64_t lo, std::int64_t hi)
{
    assert(lo <= hi);
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    if (span == 0) // the full 64-bit range
        return static_cast<std::int64_t>(next());
    return lo + static_cast<std::int64_t>(below(span));
}

double Random::unit()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::string Random::string(std::size_t n, std::string_view alphabet)
{
    assert(!alphabet.empty());
    std::string out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(alphabet[below(alphabet.size())]);
    return out;
}

} // namespace k8slab::engine
