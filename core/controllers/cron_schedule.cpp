#include "core/controllers/cron_schedule.h"

#include <array>
#include <cctype>
#include <sstream>
#include <vector>

namespace k8slab::controllers {

namespace {

int nameValue(const std::string &text, const std::vector<std::string> &names, int first)
{
    std::string upper;
    for (char c : text)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == upper)
            return first + static_cast<int>(i);
    return -1;
}

std::optional<int> valueOf(const std::string &text, const std::vector<std::string> &names, int first)
{
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos)
        return std::atoi(text.c_str());
    if (int v = nameValue(text, names, first); v >= 0)
        return v;
    return std::nullopt;
}

// Sets the bits of one field ("*/15", "1-5", "MON,WED"); false when malformed.
template <std::size_t N>
bool parseField(const std::string &field, int lo, int hi, const std::vector<std::string> &names, int firstName,
                std::bitset<N> &bits, bool &any)
{
    any = field == "*" || field == "?";
    std::stringstream parts(field);
    std::string part;
    while (std::getline(parts, part, ',')) {
        int step = 1;
        if (const std::size_t slash = part.find('/'); slash != std::string::npos) {
            const std::string s = part.substr(slash + 1);
            if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || (step = std::atoi(s.c_str())) <= 0)
                return false;
            part = part.substr(0, slash);
        }
        int from = lo, to = hi;
        if (part != "*" && part != "?") {
            const std::size_t dash = part.find('-');
            const auto a = valueOf(part.substr(0, dash), names, firstName);
            const auto b = dash == std::string::npos ? a : valueOf(part.substr(dash + 1), names, firstName);
            if (!a || !b)
                return false;
            from = *a;
            to = dash == std::string::npos && step > 1 ? hi : *b;
        }
        if (from < lo || to > hi || from > to)
            return false;
        for (int v = from; v <= to; v += step)
            bits.set(static_cast<std::size_t>(v));
    }
    return bits.any();
}

} // namespace

Result<CronSchedule> CronSchedule::parse(const std::string &input)
{
    static const std::vector<std::pair<std::string, std::string>> macros = {
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
        {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"}};
    std::string text = input;
    for (const auto &[macro, expansion] : macros)
        if (text == macro)
            text = expansion;
    std::stringstream in(text);
    std::vector<std::string> fields;
    for (std::string f; in >> f;)
        fields.push_back(f);
    if (fields.size() != 5)
        return Status(StatusCode::Invalid, "expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + input);
    static const std::vector<std::string> months = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                    "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    static const std::vector<std::string> days = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    CronSchedule s;
    bool any = false;
    if (!parseField(fields[0], 0, 59, {}, 0, s.m_minutes, any))
        return Status(StatusCode::Invalid, "invalid minute field \"" + fields[0] + "\"");
    if (!parseField(fields[1], 0, 23, {}, 0, s.m_hours, any))
        return Status(StatusCode::Invalid, "invalid hour field \"" + fields[1] + "\"");
    if (!parseField(fields[2], 1, 31, {}, 0, s.m_days, s.m_anyDay))
        return Status(StatusCode::Invalid, "invalid day-of-month field \"" + fields[2] + "\"");
    if (!parseField(fields[3], 1, 12, months, 1, s.m_months, any))
        return Status(StatusCode::Invalid, "invalid month field \"" + fields[3] + "\"");
    std::bitset<8> weekdays;
    if (!parseField(fields[4], 0, 7, days, 0, weekdays, s.m_anyWeekday))
        return Status(StatusCode::Invalid, "invalid day-of-week field \"" + fields[4] + "\"");
    for (std::size_t d = 0; d < 7; ++d)
        s.m_weekdays[d] = weekdays[d] || (d == 0 && weekdays[7]); // 7 is Sunday too
    return s;
}

engine::TimePoint CronSchedule::next(engine::TimePoint t) const
{
    using namespace std::chrono;
    auto minute = floor<minutes>(t) + minutes(1);
    const auto limit = minute + days(366 * 5);
    while (minute < limit) {
        const auto day = floor<days>(minute);
        const year_month_day ymd(day);
        if (!m_months[static_cast<unsigned>(ymd.month())]) {
            const year_month_day firstOfNext = year_month_day(ymd.year(), ymd.month(), std::chrono::day(1)) + months(1);
            minute = time_point_cast<minutes>(sys_days(firstOfNext));
            continue;
        }
        const bool dayOk = m_days[static_cast<unsigned>(ymd.day())];
        const bool weekdayOk = m_weekdays[weekday(day).c_encoding()];
        const bool matches = m_anyDay && m_anyWeekday ? true
                             : m_anyDay               ? weekdayOk
                             : m_anyWeekday           ? dayOk
                                                      : dayOk || weekdayOk;
        if (!matches) {
            minute = time_point_cast<minutes>(day + days(1));
            continue;
        }
        const hh_mm_ss hms(minute - day);
        if (!m_hours[static_cast<std::size_t>(hms.hours().count())]) {
            minute = time_point_cast<minutes>(day + hms.hours() + hours(1));
            continue;
        }
        if (!m_minutes[static_cast<std::size_t>(hms.minutes().count())]) {
            minute += minutes(1);
            continue;
        }
        return time_point_cast<engine::Duration>(minute);
    }
    return engine::TimePoint::max();
}

} // namespace k8slab::controllers
