#include "core/apiserver/event_recorder.h"

#include "core/api/time_format.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/object_io.h"

#include <cstdio>

namespace k8slab::apiserver {

using api::Json;

namespace {
// client-go forgets a repeated event after ten minutes and writes a new one.
constexpr std::int64_t kAggregationWindowNs = 10LL * 60 * 1000000000LL;

std::string text(const Json &object, std::string_view path)
{
    const Json &value = jsonAt(object, path);
    return value.is_string() ? value.get<std::string>() : std::string();
}
} // namespace

EventRecorder::EventRecorder(ApiServer &api, std::string component, std::string host)
    : m_api(api), m_component(std::move(component)), m_host(std::move(host))
{
}

Status EventRecorder::record(const Json &object, std::string_view type, std::string_view reason, std::string_view message)
{
    const ResourceInfo &events = *builtinResources().find("", "v1", "events");
    const std::string objectNs = text(object, "metadata.namespace");
    const std::string ns = objectNs.empty() ? "default" : objectNs;
    const std::string objectName = text(object, "metadata.name");
    const std::string uid = text(object, "metadata.uid");
    const engine::TimePoint now = m_api.loop().now();
    const std::int64_t nowNs = engine::toNanos(now);
    const std::string key = uid + "|" + text(object, "kind") + "|" + objectNs + "|" + objectName + "|" + std::string(type)
                            + "|" + std::string(reason) + "|" + std::string(message);

    if (auto seen = m_seen.find(key); seen != m_seen.end() && nowNs - seen->second.lastNs < kAggregationWindowNs) {
        auto existing = m_api.get(events, seen->second.ns, seen->second.name);
        if (existing.ok()) {
            Json event = *existing;
            event["count"] = event.value("count", 1) + 1;
            event["lastTimestamp"] = api::formatTime(now);
            auto updated = m_api.replace(events, seen->second.ns, std::move(event));
            if (updated.ok()) {
                seen->second.lastNs = nowNs;
                return {};
            }
        }
        // The event was deleted or changed under us: write a fresh one.
    }

    Json involved = {{"kind", text(object, "kind")}, {"name", objectName}, {"uid", uid},
                     {"apiVersion", text(object, "apiVersion")},
                     {"resourceVersion", text(object, "metadata.resourceVersion")}};
    if (!objectNs.empty())
        involved["namespace"] = objectNs;
    Json source = {{"component", m_component}};
    if (!m_host.empty())
        source["host"] = m_host;
    Json event = {{"metadata", {{"namespace", ns}}},
                  {"involvedObject", involved},
                  {"reason", reason},
                  {"message", message},
                  {"source", source},
                  {"firstTimestamp", api::formatTime(now)},
                  {"lastTimestamp", api::formatTime(now)},
                  {"count", 1},
                  {"type", type},
                  {"eventTime", nullptr},
                  {"reportingComponent", m_component},
                  {"reportingInstance", m_host}};
    // Virtual time stands still within a step, so two events can share a nanosecond:
    // the next free one keeps names unique and still ordered.
    // Within one step, start after the last name this recorder took (a controller
    // creating 500 pods in one step would otherwise try 1 + 2 + … + 500 names).
    std::int64_t firstBump = nowNs == m_lastNameNs ? m_lastBump + 1 : 0;
    Result<Json> created = Status(StatusCode::Internal, "no event name was free");
    for (std::int64_t bump = firstBump; bump < firstBump + 1000; ++bump) {
        m_lastNameNs = nowNs;
        m_lastBump = bump;
        char suffix[32];
        std::snprintf(suffix, sizeof suffix, ".%llx", static_cast<unsigned long long>(nowNs + bump));
        event["metadata"]["name"] = objectName + suffix;
        created = m_api.create(events, ns, event);
        if (created.ok() || created.status().code() != StatusCode::AlreadyExists)
            break;
    }
    if (!created.ok())
        return created.status();
    m_seen[key] = Seen{ns, text(*created, "metadata.name"), nowNs};
    return {};
}

} // namespace k8slab::apiserver
