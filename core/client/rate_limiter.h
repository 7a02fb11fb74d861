#pragma once

#include "core/engine/event_loop.h"

namespace k8slab::client {

/// client-go's client-side rate limit (a token bucket of `qps` tokens a second and
/// `burst` at most), on the loop's clock. Calls in the lab are synchronous, so a
/// request never waits for a token: it takes one (the balance may go below zero), and
/// controllers that issue many requests at once (creating pods) ask budget() first and
/// come back after waitForToken() when it is spent — which is the rate upstream's
/// blocking limiter produces.
class RateLimiter {
public:
    /// A bucket filling at `qps` a second up to `burst`, full to start with.
    RateLimiter(engine::EventLoop &loop, double qps, int burst);

    /// Takes one token (a request is being sent).
    void take();
    /// Whole tokens available now (0 when the bucket is empty or in debt).
    [[nodiscard]] int budget();
    /// How long until one token is available.
    [[nodiscard]] engine::Duration waitForToken();
    /// The configured rate.
    [[nodiscard]] double qps() const { return m_qps; }
    /// The configured burst.
    [[nodiscard]] int burst() const { return m_burst; }

private:
    void refill();

    engine::EventLoop &m_loop;
    double m_qps;
    int m_burst;
    double m_tokens;
    engine::TimePoint m_at;
};

} // namespace k8slab::client
