#pragma once

#include "core/base/result.h"
#include "core/engine/time.h"

#include <QTimeZone>

#include <chrono>
#include <string>

namespace k8slab::api {

/// An IANA time zone ("Asia/Shanghai", "Europe/Berlin") from the system's time-zone
/// database (Debian's tzdata, read through QTimeZone), as Go's time.LoadLocation
/// reads it for a CronJob's spec.timeZone. The default zone is UTC.
class TimeZone {
public:
    /// UTC.
    TimeZone() = default;
    /// The zone named `name`; "" and "UTC" are UTC. Go's words when it is unknown:
    /// "unknown time zone Mars/Olympus".
    static Result<TimeZone> load(const std::string &name);

    /// The zone's name ("UTC" for the default).
    [[nodiscard]] const std::string &name() const { return m_name; }
    /// How far the zone's civil time is ahead of UTC at `t` (daylight saving included).
    [[nodiscard]] std::chrono::seconds offsetAt(engine::TimePoint t) const;
    /// True for UTC (no offset ever).
    [[nodiscard]] bool isUtc() const { return !m_zone.isValid(); }

private:
    std::string m_name = "UTC";
    QTimeZone m_zone; // invalid: UTC
};

} // namespace k8slab::api
