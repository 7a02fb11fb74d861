#pragma once

#include "core/api/time_zone.h"
#include "core/base/result.h"
#include "core/engine/time.h"

#include <bitset>
#include <optional>
#include <string>

namespace k8slab::api {

/// A CronJob's schedule as upstream reads it (robfig/cron v3's standard parser): five
/// fields — minute hour day-of-month month day-of-week — each a list of `*`/`?`,
/// values, ranges `a-b` and steps `*/n`, `a/n`, `a-b/n`, with month and weekday names
/// (JAN, MON); the descriptors @yearly/@annually, @monthly, @weekly, @daily/@midnight,
/// @hourly and `@every <duration>` ("@every 1h30m"); and a leading `TZ=<zone>` or
/// `CRON_TZ=<zone>`. When both day fields are restricted, a day matching either
/// counts; when one is `*`, both must match (as in cron). Errors use robfig's words.
///
/// Times are those of the schedule's time zone (UTC unless set): "0 9 * * *" in
/// Asia/Shanghai fires at 01:00 UTC. Across a daylight-saving change it behaves as
/// robfig's does: a time skipped by the clock going forward does not fire that day,
/// and one repeated by the clock going back fires twice.
class CronSchedule {
public:
    /// Parses a schedule, or says why not ("end of range (61) above maximum (59): 61").
    static Result<CronSchedule> parse(const std::string &text);

    /// The schedule's time zone (from TZ= in the text, or set below).
    [[nodiscard]] const TimeZone &timeZone() const { return m_zone; }
    /// Interprets the fields in `zone` (a CronJob's spec.timeZone).
    void setTimeZone(TimeZone zone) { m_zone = std::move(zone); }

    /// The first time strictly after `t` that the schedule fires (TimePoint::max() if
    /// none within five years).
    [[nodiscard]] engine::TimePoint next(engine::TimePoint t) const;

private:
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;    // 1-31
    std::bitset<13> m_months;  // 1-12
    std::bitset<7> m_weekdays; // 0 = Sunday
    bool m_dayStar = false;    // the day-of-month field was * (or ?)
    bool m_weekdayStar = false;
    std::optional<engine::Duration> m_every; // @every: a constant delay
    TimeZone m_zone;
};

} // namespace k8slab::api
