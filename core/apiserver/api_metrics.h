#pragma once

#include "core/metrics/metrics.h"

#include <map>
#include <string>

namespace k8slab::apiserver {

struct ApiRequest;
struct RequestTarget;

/// Upstream's verb of a request (apiserver_request_total's label, audit logs): GET, LIST,
/// WATCH, POST, PUT, PATCH, APPLY, DELETE or DELETECOLLECTION.
std::string requestVerb(const ApiRequest &request, const RequestTarget *target);

/// The API server's own Prometheus metrics, under upstream's names: requests served
/// (counter `apiserver_request_total`), their latency (histogram
/// `apiserver_request_duration_seconds`), requests in flight (gauge
/// `apiserver_current_inflight_requests`), open watches (gauge
/// `apiserver_longrunning_requests`), objects stored (gauge `apiserver_storage_objects`),
/// and — the lab's own, to show the fourth type — the same latencies as a summary
/// (`k8slab_apiserver_request_duration_seconds`).
class ApiMetrics {
public:
    ApiMetrics();

    /// A request starts being served (mutating: not a GET).
    void started(bool mutating);
    /// It was answered with `code` after `seconds`.
    void finished(const ApiRequest &request, const RequestTarget *target, int code, double seconds);
    /// A watch opened (counted as a WATCH request) or closed.
    void watchOpened(const RequestTarget &target);
    void watchClosed(const RequestTarget &target);
    /// The text exposition; `storageObjects` maps a resource ("pods", "deployments.apps")
    /// to how many objects the store holds.
    [[nodiscard]] std::string expose(const std::map<std::string, double> &storageObjects) const;

private:
    metrics::Registry m_registry;
    metrics::Counter &m_requests;
    metrics::Histogram &m_latency;
    metrics::Summary &m_latencySummary;
    metrics::Gauge &m_inflight;
    metrics::Gauge &m_longRunning;
    metrics::Gauge &m_storage;
};

} // namespace k8slab::apiserver
