#pragma once

#include "core/base/result.h"
#include "core/engine/time.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace k8slab::api {

/// RFC 3339 in UTC with second precision, as Kubernetes writes metav1.Time:
/// "2025-01-01T00:00:00Z".
std::string formatTime(engine::TimePoint t);
/// RFC 3339 at second precision in a zone `offset` ahead of UTC, as Go's
/// time.Format(time.RFC3339) writes a time in that zone: "2025-01-01T08:00:00+08:00"
/// ("Z" when the offset is 0).
std::string formatTimeWithOffset(engine::TimePoint t, std::chrono::seconds offset);
/// RFC 3339 with microseconds, as Kubernetes writes metav1.MicroTime:
/// "2025-01-01T00:00:00.000000Z".
std::string formatMicroTime(engine::TimePoint t);
/// Go's time.ParseDuration ("1h30m", "1.5h", "90s", "-2m"); its error text otherwise
/// (`time: unknown unit "x" in duration "1x"`).
Result<engine::Duration> parseGoDuration(const std::string &text);

/// Parses RFC 3339 (with or without fractional seconds, 'Z' or a numeric offset).
std::optional<engine::TimePoint> parseTime(std::string_view text);
/// apimachinery's duration.HumanDuration ("45s", "5m7s", "150m", "7h5m", "30h",
/// "3d4h", "695d", "2y10d", "9y"), used for AGE columns.
std::string humanDuration(engine::Duration d);
/// The AGE cell for a creation time: "<unknown>" if absent, "<invalid>" if more
/// than a second in the future, else humanDuration(now - t).
std::string ageCell(std::optional<engine::TimePoint> created, engine::TimePoint now);

} // namespace k8slab::api
