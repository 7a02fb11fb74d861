#include "core/api/cron_schedule.h"

#include "core/api/time_format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>
#include <vector>

namespace k8slab::api {

namespace {

using namespace std::chrono;

struct Bounds {
    int min, max;
    const std::map<std::string, int> *names;
};

const std::map<std::string, int> kMonthNames = {{"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4},  {"may", 5},  {"jun", 6},
                                               {"jul", 7}, {"aug", 8}, {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12}};
const std::map<std::string, int> kDayNames = {{"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3},
                                             {"thu", 4}, {"fri", 5}, {"sat", 6}};

std::vector<std::string> split(const std::string &text, char by)
{
    std::vector<std::string> parts;
    std::string part;
    std::stringstream in(text);
    while (std::getline(in, part, by))
        parts.push_back(part);
    if (!text.empty() && text.back() == by)
        parts.emplace_back();
    if (text.empty())
        parts.emplace_back();
    return parts;
}

// Go's strconv.Atoi, then robfig's check that the number is not negative.
Result<int> mustParseInt(const std::string &expr)
{
    std::size_t i = !expr.empty() && (expr[0] == '+' || expr[0] == '-') ? 1 : 0;
    if (i == expr.size() || expr.find_first_not_of("0123456789", i) != std::string::npos)
        return Status(StatusCode::Invalid,
                      "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr + "\": invalid syntax");
    if (expr.size() - i > 9)
        return Status(StatusCode::Invalid,
                      "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr + "\": value out of range");
    const int num = std::stoi(expr);
    if (num < 0)
        return Status(StatusCode::Invalid, "negative number (" + std::to_string(num) + ") not allowed: " + expr);
    return num;
}

Result<int> parseIntOrName(const std::string &expr, const Bounds &r)
{
    if (r.names) {
        std::string lower = expr;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (const auto it = r.names->find(lower); it != r.names->end())
            return it->second;
    }
    return mustParseInt(expr);
}

// One comma-separated part ("*/15", "1-5", "MON"); sets `star` for * or ? without a step.
template <std::size_t N>
Status parseRange(const std::string &expr, const Bounds &r, std::bitset<N> &bits, bool &star)
{
    const std::vector<std::string> rangeAndStep = split(expr, '/');
    const std::vector<std::string> lowAndHigh = split(rangeAndStep[0], '-');
    int start = 0, end = 0, step = 1;
    bool isStar = false;
    if (lowAndHigh[0] == "*" || lowAndHigh[0] == "?") {
        start = r.min;
        end = r.max;
        isStar = true;
    } else {
        Result<int> low = parseIntOrName(lowAndHigh[0], r);
        if (!low.ok())
            return low.status();
        start = end = *low;
        if (lowAndHigh.size() == 2) {
            Result<int> high = parseIntOrName(lowAndHigh[1], r);
            if (!high.ok())
                return high.status();
            end = *high;
        } else if (lowAndHigh.size() > 2) {
            return Status(StatusCode::Invalid, "too many hyphens: " + expr);
        }
    }
    if (rangeAndStep.size() == 2) {
        Result<int> s = mustParseInt(rangeAndStep[1]);
        if (!s.ok())
            return s.status();
        step = *s;
        if (lowAndHigh.size() == 1)
            end = r.max; // "N/step" means "N-max/step"
        isStar = isStar && step <= 1;
    } else if (rangeAndStep.size() > 2) {
        return Status(StatusCode::Invalid, "too many slashes: " + expr);
    }
    const auto n = [](int v) { return std::to_string(v); };
    if (start < r.min)
        return Status(StatusCode::Invalid, "beginning of range (" + n(start) + ") below minimum (" + n(r.min) + "): " + expr);
    if (end > r.max)
        return Status(StatusCode::Invalid, "end of range (" + n(end) + ") above maximum (" + n(r.max) + "): " + expr);
    if (start > end)
        return Status(StatusCode::Invalid, "beginning of range (" + n(start) + ") beyond end of range (" + n(end) + "): " + expr);
    if (step == 0)
        return Status(StatusCode::Invalid, "step of range should be a positive number: " + expr);
    for (int v = start; v <= end; v += step)
        bits.set(static_cast<std::size_t>(v));
    star = star || isStar;
    return {};
}

template <std::size_t N>
Status parseField(const std::string &field, const Bounds &r, std::bitset<N> &bits, bool &star)
{
    std::stringstream parts(field);
    for (std::string part; std::getline(parts, part, ',');)
        if (part.empty())
            continue;
        else if (Status s = parseRange(part, r, bits, star); !s.ok())
            return s;
    return {};
}

std::string goSlice(const std::vector<std::string> &fields)
{
    std::string out = "[";
    for (std::size_t i = 0; i < fields.size(); ++i)
        out += (i ? " " : "") + fields[i];
    return out + "]";
}

} // namespace

Result<CronSchedule> CronSchedule::parse(const std::string &input)
{
    if (input.empty())
        return Status(StatusCode::Invalid, "empty spec string");
    std::string spec = input;
    CronSchedule s;
    if (spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=")) {
        const std::size_t space = spec.find(' ');
        const std::size_t eq = spec.find('=');
        const std::string zone = spec.substr(eq + 1, space == std::string::npos ? std::string::npos : space - eq - 1);
        Result<TimeZone> loaded = TimeZone::load(zone);
        if (!loaded.ok())
            return Status(StatusCode::Invalid, "provided bad location " + zone + ": " + loaded.status().message());
        s.m_zone = std::move(*loaded);
        spec = space == std::string::npos ? std::string() : spec.substr(space + 1);
        spec.erase(0, spec.find_first_not_of(" \t"));
    }
    if (spec.starts_with("@")) {
        static const std::map<std::string, std::string> descriptors = {
            {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
            {"@daily", "0 0 * * *"},  {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"}};
        if (spec.starts_with("@every ")) {
            Result<engine::Duration> every = parseGoDuration(spec.substr(7));
            if (!every.ok())
                return Status(StatusCode::Invalid, "failed to parse duration " + spec + ": " + every.status().message());
            // At least a second, in whole seconds.
            const engine::Duration d = std::max<engine::Duration>(*every, seconds(1));
            s.m_every = d - d % seconds(1);
            return s;
        }
        const auto it = descriptors.find(spec);
        if (it == descriptors.end())
            return Status(StatusCode::Invalid, "unrecognized descriptor: " + spec);
        spec = it->second;
    }
    std::stringstream in(spec);
    std::vector<std::string> fields;
    for (std::string f; in >> f;)
        fields.push_back(f);
    if (fields.size() != 5)
        return Status(StatusCode::Invalid,
                      "expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + goSlice(fields));
    bool ignored = false;
    Status st = parseField(fields[0], {0, 59, nullptr}, s.m_minutes, ignored);
    if (st.ok())
        st = parseField(fields[1], {0, 23, nullptr}, s.m_hours, ignored);
    if (st.ok())
        st = parseField(fields[2], {1, 31, nullptr}, s.m_days, s.m_dayStar);
    if (st.ok())
        st = parseField(fields[3], {1, 12, &kMonthNames}, s.m_months, ignored);
    if (st.ok())
        st = parseField(fields[4], {0, 6, &kDayNames}, s.m_weekdays, s.m_weekdayStar);
    if (!st.ok())
        return st;
    return s;
}

engine::TimePoint CronSchedule::next(engine::TimePoint t) const
{
    if (m_every) // robfig's ConstantDelaySchedule: the delay, from t's whole second
        return t + *m_every - (t.time_since_epoch() - floor<seconds>(t.time_since_epoch()));
    // Walk absolute minutes, reading each as the zone's civil time, and skip ahead by
    // whole months, days or hours of civil time when a field does not match.
    const auto offset = [this](sys_time<minutes> m) { return duration_cast<minutes>(m_zone.offsetAt(m)); };
    sys_time<minutes> m = floor<minutes>(t) + minutes(1);
    const sys_time<minutes> limit = m + days(366 * 5);
    while (m < limit) {
        const minutes off = offset(m);
        const sys_time<minutes> local = m + off;
        const sys_days day = floor<days>(local);
        const year_month_day ymd(day);
        const bool dayOk = m_days[static_cast<unsigned>(ymd.day())];
        const bool weekdayOk = m_weekdays[weekday(day).c_encoding()];
        const bool dayMatches = m_dayStar || m_weekdayStar ? dayOk && weekdayOk : dayOk || weekdayOk;
        const hh_mm_ss hms(local - day);
        minutes skip{0};
        if (!m_months[static_cast<unsigned>(ymd.month())])
            skip = sys_days(year_month_day(ymd.year(), ymd.month(), std::chrono::day(1)) + months(1)) - local;
        else if (!dayMatches)
            skip = day + days(1) - local;
        else if (!m_hours[static_cast<std::size_t>(hms.hours().count())])
            skip = day + hms.hours() + hours(1) - local;
        else if (!m_minutes[static_cast<std::size_t>(hms.minutes().count())])
            skip = minutes(1);
        else
            return time_point_cast<engine::Duration>(m);
        // Land on the civil boundary even when the clock went forward on the way (daylight
        // saving began), unless that boundary is in the hour skipped. When it went back,
        // the civil times between are looked at again: a repeated time fires twice.
        sys_time<minutes> land = m + skip;
        if (const minutes landed = offset(land); landed > off) {
            const sys_time<minutes> adjusted = land - (landed - off);
            if (adjusted > m && offset(adjusted) == landed)
                land = adjusted;
        }
        m = land;
    }
    return engine::TimePoint::max();
}

} // namespace k8slab::api
