#pragma once

#include "core/engine/time.h"

#include <chrono>
#include <map>
#include <string>

namespace k8slab::client {

/// client-go's flowcontrol.Backoff: per key, a delay doubling from `initial` to `max`; an
/// entry not touched for twice the maximum starts over. The kubelet's crashing
/// containers and failing pulls use 10 s to 300 s; the DaemonSet controller's failed
/// pods 1 s to 15 minutes.
class Backoff {
public:
    /// Initial and maximum delay.
    explicit Backoff(engine::Duration initial = std::chrono::seconds(10), engine::Duration max = std::chrono::seconds(300))
        : m_initial(initial), m_max(max)
    {
    }
    /// True while `eventTime` (when the container last exited) is within the key's
    /// current back-off at `now`.
    [[nodiscard]] bool isInBackOffSince(const std::string &key, engine::TimePoint eventTime, engine::TimePoint now) const
    {
        auto it = m_entries.find(key);
        if (it == m_entries.end() || expired(it->second, eventTime))
            return false;
        return now - eventTime < it->second.delay;
    }
    /// True while the key's last update is within its current delay at `now`
    /// (IsInBackOffSinceUpdate).
    [[nodiscard]] bool isInBackOffSinceUpdate(const std::string &key, engine::TimePoint now) const
    {
        auto it = m_entries.find(key);
        return it != m_entries.end() && !expired(it->second, now) && now - it->second.lastUpdate < it->second.delay;
    }
    /// The key's current delay (0 when none).
    [[nodiscard]] engine::Duration get(const std::string &key) const
    {
        auto it = m_entries.find(key);
        return it == m_entries.end() ? engine::Duration::zero() : it->second.delay;
    }
    /// Records a (re)start at `now`: a new or expired entry starts at the initial delay,
    /// else the delay doubles up to the maximum.
    void next(const std::string &key, engine::TimePoint now)
    {
        auto it = m_entries.find(key);
        if (it == m_entries.end() || expired(it->second, now)) {
            m_entries[key] = {m_initial, now};
            return;
        }
        it->second.delay = std::min(it->second.delay * 2, m_max);
        it->second.lastUpdate = now;
    }
    /// Forgets a key.
    void reset(const std::string &key) { m_entries.erase(key); }

private:
    struct Entry {
        engine::Duration delay{};
        engine::TimePoint lastUpdate{};
    };
    [[nodiscard]] bool expired(const Entry &e, engine::TimePoint eventTime) const
    {
        return eventTime - e.lastUpdate > 2 * m_max;
    }

    engine::Duration m_initial;
    engine::Duration m_max;
    std::map<std::string, Entry> m_entries;
};

} // namespace k8slab::client
