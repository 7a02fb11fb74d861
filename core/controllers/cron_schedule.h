#pragma once

#include "core/base/result.h"
#include "core/engine/time.h"

#include <bitset>
#include <optional>
#include <string>

namespace k8slab::controllers {

/// A standard five-field cron schedule as CronJobs use it (robfig/cron's standard
/// parser): minute hour day-of-month month day-of-week, each a list of `*`, values,
/// ranges `a-b` and steps `*/n` or `a-b/n`, month and weekday names (JAN, MON), and
/// the macros @yearly/@annually, @monthly, @weekly, @daily/@midnight, @hourly. When
/// both day fields are restricted, a day matching either one counts (as in cron).
/// Times are UTC: the lab has no time-zone database (spec.timeZone is refused).
class CronSchedule {
public:
    /// Parses a schedule; an error naming the bad field otherwise.
    static Result<CronSchedule> parse(const std::string &text);

    /// The first time strictly after `t` (to the minute) that the schedule fires.
    [[nodiscard]] engine::TimePoint next(engine::TimePoint t) const;

private:
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;   // 1-31
    std::bitset<13> m_months; // 1-12
    std::bitset<7> m_weekdays; // 0 = Sunday
    bool m_anyDay = true;
    bool m_anyWeekday = true;
};

} // namespace k8slab::controllers
