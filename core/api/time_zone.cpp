#include "core/api/time_zone.h"

#include <QDateTime>

namespace k8slab::api {

Result<TimeZone> TimeZone::load(const std::string &name)
{
    TimeZone zone;
    if (name.empty() || name == "UTC")
        return zone;
    QTimeZone found(QByteArray::fromStdString(name));
    if (!found.isValid())
        return Status(StatusCode::Invalid, "unknown time zone " + name);
    zone.m_name = name;
    zone.m_zone = found;
    return zone;
}

std::chrono::seconds TimeZone::offsetAt(engine::TimePoint t) const
{
    if (isUtc())
        return std::chrono::seconds(0);
    const auto secs = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
    return std::chrono::seconds(m_zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(secs, QTimeZone::utc())));
}

} // namespace k8slab::api
