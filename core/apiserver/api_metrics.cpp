#include "core/apiserver/api_metrics.h"

#include "core/apiserver/request.h"
#include "core/apiserver/resource_registry.h"

namespace k8slab::apiserver {

std::string requestVerb(const ApiRequest &request, const RequestTarget *target)
{
    const bool named = target && !target->name.empty();
    if (request.method == "GET")
        return named ? "GET" : request.flag("watch") ? "WATCH" : "LIST";
    if (request.method == "DELETE")
        return named ? "DELETE" : "DELETECOLLECTION";
    if (request.method == "PATCH" && request.contentType.starts_with("application/apply-patch"))
        return "APPLY";
    return request.method;
}

namespace {

std::string scopeOf(const RequestTarget *target)
{
    if (!target || !target->name.empty())
        return "resource";
    return target->resource && target->resource->namespaced && !target->ns.empty() ? "namespace" : "cluster";
}

metrics::Labels labelsOf(const std::string &verb, const RequestTarget *target)
{
    const ResourceInfo *info = target ? target->resource : nullptr;
    return {verb,
            "",
            info ? info->group : "",
            info ? info->version : "",
            info ? info->plural : "",
            target ? target->subresource : "",
            scopeOf(target),
            "apiserver"};
}

const std::vector<std::string> kLabels = {"verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component"};

std::vector<std::string> withCode()
{
    std::vector<std::string> names = kLabels;
    names.push_back("code");
    return names;
}

} // namespace

ApiMetrics::ApiMetrics()
    : m_requests(m_registry.add<metrics::Counter>(
          "apiserver_request_total",
          "Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, "
          "component, and HTTP response code.",
          withCode())),
      m_latency(m_registry.add<metrics::Histogram>(
          "apiserver_request_duration_seconds",
          "Response latency distribution in seconds for each verb, dry run value, group, version, resource, "
          "subresource, scope and component.",
          std::vector<double>{0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30,
                              45, 60},
          kLabels)),
      m_latencySummary(m_registry.add<metrics::Summary>(
          "k8slab_apiserver_request_duration_seconds",
          "The lab's own: apiserver_request_duration_seconds as a summary (quantiles over the latest 500 requests of "
          "each verb), to show the fourth metric type.",
          std::vector<double>{0.5, 0.9, 0.99}, std::vector<std::string>{"verb"})),
      m_inflight(m_registry.add<metrics::Gauge>("apiserver_current_inflight_requests",
                                                "Maximal number of currently used inflight request limit of this apiserver "
                                                "per request kind in last second.",
                                                std::vector<std::string>{"request_kind"})),
      m_longRunning(m_registry.add<metrics::Gauge>("apiserver_longrunning_requests",
                                                   "Gauge of all active long-running apiserver requests broken out by verb, "
                                                   "group, version, resource, scope and component.",
                                                   kLabels)),
      m_storage(m_registry.add<metrics::Gauge>("apiserver_storage_objects",
                                               "Number of stored objects at the time of last check split by kind.",
                                               std::vector<std::string>{"resource"}))
{
    m_inflight.set({"readOnly"}, 0);
    m_inflight.set({"mutating"}, 0);
}

void ApiMetrics::started(bool mutating)
{
    m_inflight.add({mutating ? "mutating" : "readOnly"}, 1);
}

void ApiMetrics::finished(const ApiRequest &request, const RequestTarget *target, int code, double seconds)
{
    m_inflight.add({request.method == "GET" ? "readOnly" : "mutating"}, -1);
    const std::string verb = requestVerb(request, target);
    metrics::Labels labels = labelsOf(verb, target);
    m_latency.observe(labels, seconds);
    m_latencySummary.observe({verb}, seconds);
    labels.push_back(std::to_string(code));
    m_requests.inc(labels);
}

void ApiMetrics::watchOpened(const RequestTarget &target)
{
    metrics::Labels labels = labelsOf("WATCH", &target);
    m_longRunning.add(labels, 1);
    labels.push_back("200");
    m_requests.inc(labels);
}

void ApiMetrics::watchClosed(const RequestTarget &target)
{
    m_longRunning.add(labelsOf("WATCH", &target), -1);
}

std::string ApiMetrics::expose(const std::map<std::string, double> &storageObjects) const
{
    for (const auto &[resource, count] : storageObjects)
        m_storage.set({resource}, count);
    return m_registry.expose();
}

} // namespace k8slab::apiserver
