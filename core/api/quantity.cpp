#include "core/api/quantity.h"

#include <array>
#include <cctype>
#include <cmath>

namespace k8slab::api {

namespace {

struct Suffix {
    std::string_view text;
    long double factor;
};

constexpr std::array<Suffix, 14> kSuffixes = {{
    {"Ki", 1024.0L}, {"Mi", 1048576.0L}, {"Gi", 1073741824.0L}, {"Ti", 1099511627776.0L},
    {"Pi", 1125899906842624.0L}, {"Ei", 1152921504606846976.0L},
    {"n", 1e-9L}, {"u", 1e-6L}, {"m", 1e-3L}, {"k", 1e3L}, {"M", 1e6L}, {"G", 1e9L}, {"T", 1e12L}, {"P", 1e15L},
}};

Status invalid(std::string_view text)
{
    return Status(StatusCode::Invalid, "quantities must match the regular expression "
                                       "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                  {{"", "FieldValueInvalid", "unable to parse quantity's suffix: \"" + std::string(text) + "\""}});
}

} // namespace

Result<Quantity> Quantity::parse(std::string_view text)
{
    if (text.empty())
        return invalid(text);
    std::size_t i = 0;
    bool negative = false;
    if (text[i] == '+' || text[i] == '-')
        negative = text[i++] == '-';
    const std::size_t numberStart = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    const std::string_view number = text.substr(numberStart, i - numberStart);
    if (number.empty() || number == ".")
        return invalid(text);
    long double value = std::stold(std::string(number));
    const std::string_view suffix = text.substr(i);
    long double factor = 1.0L;
    if (!suffix.empty()) {
        bool known = false;
        for (const Suffix &s : kSuffixes) {
            if (suffix == s.text) {
                factor = s.factor;
                known = true;
            }
        }
        if (!known && (suffix.front() == 'e' || suffix.front() == 'E')) {
            const std::string exponent(suffix.substr(1));
            if (exponent.empty() || exponent.find_first_not_of("+-0123456789") != std::string::npos)
                return invalid(text);
            factor = std::pow(10.0L, std::stold(exponent));
            known = true;
        }
        if (!known)
            return invalid(text);
    }
    // Upstream rounds up to the smallest representable unit; ours is a thousandth.
    const long double milli = std::ceil(value * factor * 1000.0L - 1e-9L);
    Quantity q;
    q.m_milli = static_cast<std::int64_t>(negative ? -milli : milli);
    return q;
}

std::string Quantity::toString() const
{
    if (m_milli % 1000 != 0)
        return std::to_string(m_milli) + "m";
    std::int64_t whole = m_milli / 1000;
    if (whole != 0 && whole % 1024 == 0) {
        static constexpr std::array<std::string_view, 6> binary = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        std::size_t at = 0;
        whole /= 1024;
        while (at + 1 < binary.size() && whole % 1024 == 0) {
            whole /= 1024;
            ++at;
        }
        return std::to_string(whole) + std::string(binary[at]);
    }
    return std::to_string(whole);
}

} // namespace k8slab::api
