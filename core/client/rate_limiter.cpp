#include "core/client/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace k8slab::client {

RateLimiter::RateLimiter(engine::EventLoop &loop, double qps, int burst)
    : m_loop(loop), m_qps(qps), m_burst(std::max(1, burst)), m_tokens(m_burst), m_at(loop.now())
{
}

void RateLimiter::refill()
{
    const engine::TimePoint now = m_loop.now();
    if (now > m_at)
        m_tokens = std::min<double>(m_burst, m_tokens + std::chrono::duration<double>(now - m_at).count() * m_qps);
    m_at = now;
}

void RateLimiter::take()
{
    refill();
    m_tokens -= 1;
}

int RateLimiter::budget()
{
    refill();
    return m_tokens < 1 ? 0 : static_cast<int>(std::floor(m_tokens));
}

engine::Duration RateLimiter::waitForToken()
{
    refill();
    if (m_tokens >= 1 || m_qps <= 0)
        return engine::Duration::zero();
    const double seconds = (1 - m_tokens) / m_qps;
    return std::chrono::duration_cast<engine::Duration>(std::chrono::duration<double>(seconds)) + std::chrono::milliseconds(1);
}

} // namespace k8slab::client
