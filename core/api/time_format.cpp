#include "core/api/time_format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace k8slab::api {

namespace {

// Civil-date arithmetic on the proleptic Gregorian calendar, written out so the result
// never depends on the machine's locale, time zone or C library (the lab replays the
// same recording on every machine). Eras of 400 years repeat exactly (146097 days), so
// each date is reduced to a year-of-era and day-of-era; March is month 0 so the leap day
// falls at the end of the internal year.

struct CivilTime {
    std::int64_t year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
};

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

std::int64_t daysFromCivil(std::int64_t year, int month, int day)
{
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = floorDiv(year, 400);
    const std::int64_t yearOfEra = year - era * 400;                            // [0, 399]
    const std::int64_t monthFromMarch = month > 2 ? month - 3 : month + 9;      // [0, 11]
    const std::int64_t dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;    // [0, 365]
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear; // [0, 146096]
    return era * 146097 + dayOfEra - 719468; // 719468: days from 0000-03-01 to 1970-01-01
}

void civilFromDays(std::int64_t days, CivilTime &out)
{
    days += 719468;
    const std::int64_t era = floorDiv(days, 146097);
    const std::int64_t dayOfEra = days - era * 146097;
    const std::int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t monthFromMarch = (5 * dayOfYear + 2) / 153;
    out.day = static_cast<int>(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    out.month = static_cast<int>(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    out.year = yearOfEra + era * 400 + (out.month <= 2 ? 1 : 0);
}

bool isLeapYear(std::int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(std::int64_t year, int month)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

constexpr std::int64_t kNanosPerSecond = 1000000000;

// Splits a time point into whole UTC seconds (rounded down, as Go's Time does for
// moments before the epoch too) and the nanoseconds within that second.
CivilTime toCivil(engine::TimePoint t, std::int64_t &nanosOfSecond)
{
    const std::int64_t nanos = engine::toNanos(t);
    const std::int64_t seconds = floorDiv(nanos, kNanosPerSecond);
    nanosOfSecond = nanos - seconds * kNanosPerSecond;
    const std::int64_t days = floorDiv(seconds, 86400);
    const std::int64_t secondOfDay = seconds - days * 86400;
    CivilTime civil;
    civilFromDays(days, civil);
    civil.hour = static_cast<int>(secondOfDay / 3600);
    civil.minute = static_cast<int>(secondOfDay % 3600 / 60);
    civil.second = static_cast<int>(secondOfDay % 60);
    return civil;
}

std::string formatCivil(const CivilTime &c, const char *fraction)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02d:%02d:%02d%sZ", static_cast<long long>(c.year), c.month,
                  c.day, c.hour, c.minute, c.second, fraction);
    return buffer;
}

// A cursor over the text being parsed; every reader refuses rather than guesses.
struct Reader {
    std::string_view text;
    std::size_t pos = 0;

    bool atEnd() const { return pos >= text.size(); }
    char peek() const { return atEnd() ? '\0' : text[pos]; }

    bool digits(std::size_t count, int &value)
    {
        if (text.size() - pos < count)
            return false;
        value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = text[pos + i];
            if (c < '0' || c > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        pos += count;
        return true;
    }

    bool literal(char expected)
    {
        if (peek() != expected)
            return false;
        ++pos;
        return true;
    }

    bool oneOf(char a, char b)
    {
        return literal(a) || literal(b);
    }
};

std::string formatCount(long long n, const char *unit)
{
    return std::to_string(n) + unit;
}

std::string formatPair(long long a, const char *unitA, long long b, const char *unitB)
{
    return std::to_string(a) + unitA + std::to_string(b) + unitB;
}

} // namespace

std::string formatTime(engine::TimePoint t)
{
    std::int64_t nanos = 0;
    // metav1.Time marshals with second precision: the fraction is dropped, not rounded.
    return formatCivil(toCivil(t, nanos), "");
}

std::string formatTimeWithOffset(engine::TimePoint t, std::chrono::seconds offset)
{
    if (offset == std::chrono::seconds(0))
        return formatTime(t);
    std::int64_t nanos = 0;
    std::string text = formatCivil(toCivil(t + offset, nanos), "");
    text.pop_back(); // the Z
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    char zone[16];
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", minutes < 0 ? '-' : '+', static_cast<int>(std::abs(minutes) / 60),
                  static_cast<int>(std::abs(minutes) % 60));
    return text + zone;
}

std::string formatMicroTime(engine::TimePoint t)
{
    std::int64_t nanos = 0;
    const CivilTime civil = toCivil(t, nanos);
    // nanosOfSecond is in [0, 1e9), so the microseconds always fit six digits.
    char fraction[32];
    std::snprintf(fraction, sizeof fraction, ".%06d", static_cast<int>(nanos / 1000));
    return formatCivil(civil, fraction);
}

Result<engine::Duration> parseGoDuration(const std::string &original)
{
    const auto invalid = [&] { return Status(StatusCode::Invalid, "time: invalid duration \"" + original + "\""); };
    std::string s = original;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.erase(0, 1);
    }
    if (s == "0")
        return engine::Duration::zero();
    if (s.empty())
        return invalid();
    static const std::vector<std::pair<std::string, double>> units = {
        {"ns", 1}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
    double total = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t numberStart = i;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
            ++i;
        const std::string number = s.substr(numberStart, i - numberStart);
        if (number.empty() || number == "." || std::count(number.begin(), number.end(), '.') > 1)
            return invalid();
        const std::size_t unitStart = i;
        while (i < s.size() && s[i] != '.' && !std::isdigit(static_cast<unsigned char>(s[i])))
            ++i;
        const std::string unit = s.substr(unitStart, i - unitStart);
        if (unit.empty())
            return Status(StatusCode::Invalid, "time: missing unit in duration \"" + original + "\"");
        const auto found = std::find_if(units.begin(), units.end(), [&](const auto &u) { return u.first == unit; });
        if (found == units.end())
            return Status(StatusCode::Invalid, "time: unknown unit \"" + unit + "\" in duration \"" + original + "\"");
        total += std::stod(number) * found->second;
    }
    if (total > 9.2e18)
        return invalid();
    const auto ns = static_cast<std::int64_t>(std::llround(total));
    return engine::Duration(negative ? -ns : ns);
}

std::optional<engine::TimePoint> parseTime(std::string_view text)
{
    Reader r{text};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!r.digits(4, year) || !r.literal('-') || !r.digits(2, month) || !r.literal('-') || !r.digits(2, day))
        return std::nullopt;
    // RFC 3339 §5.6 allows a lower-case 't' and 'z'.
    if (!r.oneOf('T', 't'))
        return std::nullopt;
    if (!r.digits(2, hour) || !r.literal(':') || !r.digits(2, minute) || !r.literal(':') || !r.digits(2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 ||
        second > 59)
        return std::nullopt;

    std::int64_t fractionNanos = 0;
    if (r.literal('.')) {
        std::size_t count = 0;
        std::int64_t scale = 100000000;
        while (!r.atEnd() && r.peek() >= '0' && r.peek() <= '9') {
            // Digits past nanoseconds carry no time the lab can hold; they are dropped.
            if (count < 9) {
                fractionNanos += (r.peek() - '0') * scale;
                scale /= 10;
            }
            ++count;
            ++r.pos;
        }
        if (count == 0)
            return std::nullopt;
    }

    std::int64_t offsetSeconds = 0;
    if (!r.oneOf('Z', 'z')) {
        const char sign = r.peek();
        if (sign != '+' && sign != '-')
            return std::nullopt;
        ++r.pos;
        int offsetHours = 0, offsetMinutes = 0;
        if (!r.digits(2, offsetHours) || !r.literal(':') || !r.digits(2, offsetMinutes))
            return std::nullopt;
        if (offsetHours > 23 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
    }
    if (!r.atEnd())
        return std::nullopt;

    // The local time minus its offset is UTC.
    const std::int64_t seconds =
        daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return engine::TimePoint{engine::Duration{seconds * kNanosPerSecond + fractionNanos}};
}

std::string humanDuration(engine::Duration d)
{
    // Mirrors apimachinery's duration.HumanDuration step by step, including its use of
    // truncating division (so -1.5s still counts as "now" and prints "0s").
    const long long seconds = static_cast<long long>(d.count() / kNanosPerSecond);
    if (seconds < -1)
        return "<invalid>";
    if (seconds < 0)
        return "0s";
    if (seconds < 60 * 2)
        return formatCount(seconds, "s");

    const long long minutes = seconds / 60;
    if (minutes < 10) {
        const long long s = seconds % 60;
        return s == 0 ? formatCount(minutes, "m") : formatPair(minutes, "m", s, "s");
    }
    if (minutes < 60 * 3)
        return formatCount(minutes, "m");

    const long long hours = minutes / 60;
    if (hours < 8) {
        const long long m = minutes % 60;
        return m == 0 ? formatCount(hours, "h") : formatPair(hours, "h", m, "m");
    }
    if (hours < 48)
        return formatCount(hours, "h");
    if (hours < 24 * 8) {
        const long long h = hours % 24;
        return h == 0 ? formatCount(hours / 24, "d") : formatPair(hours / 24, "d", h, "h");
    }
    if (hours < 24 * 365 * 2)
        return formatCount(hours / 24, "d");
    if (hours < 24 * 365 * 8) {
        const long long dy = hours / 24 % 365;
        return dy == 0 ? formatCount(hours / 24 / 365, "y") : formatPair(hours / 24 / 365, "y", dy, "d");
    }
    return formatCount(hours / 24 / 365, "y");
}

std::string ageCell(std::optional<engine::TimePoint> created, engine::TimePoint now)
{
    if (!created)
        return "<unknown>";
    return humanDuration(now - *created);
}

} // namespace k8slab::api
