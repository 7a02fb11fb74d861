#pragma once

#include "core/base/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace k8slab::api {

/// A Kubernetes resource quantity ("100m", "1.5", "128Mi", "2G", "1e3") held exactly in
/// thousandths (milli-units), which covers every value the lab uses: CPU in millicores,
/// memory in milli-bytes is never needed, so bytes are thousandths too and stay exact.
class Quantity {
public:
    /// Zero.
    Quantity() = default;
    /// Parses the Kubernetes quantity syntax; Invalid with upstream's message otherwise.
    static Result<Quantity> parse(std::string_view text);
    /// A quantity of `milli` thousandths.
    static Quantity fromMilli(std::int64_t milli) { Quantity q; q.m_milli = milli; return q; }

    /// The value in thousandths (millicores for CPU).
    [[nodiscard]] std::int64_t milli() const { return m_milli; }
    /// The value rounded up to a whole unit (bytes for memory, cores for CPU).
    [[nodiscard]] std::int64_t value() const { return (m_milli + 999) / 1000; }
    /// Canonical text as upstream prints it: "100m", "2", "128Mi" (binary suffixes
    /// when the value is a whole multiple of 1024, else decimal).
    [[nodiscard]] std::string toString() const;

    /// Sum.
    Quantity operator+(Quantity o) const { return fromMilli(m_milli + o.m_milli); }
    /// Difference.
    Quantity operator-(Quantity o) const { return fromMilli(m_milli - o.m_milli); }
    /// Quantities compare by value.
    auto operator<=>(const Quantity &) const = default;

private:
    std::int64_t m_milli = 0;
};

} // namespace k8slab::api
