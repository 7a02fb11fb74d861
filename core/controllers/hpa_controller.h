#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"
#include "core/controllers/hpa_calculator.h"

#include <functional>
#include <map>
#include <string>

namespace k8slab::controllers {

/// Where the HPA reads pod usage from: by pod name, for the pods of `ns` that
/// `selector` (query syntax) selects. The default reads metrics.k8s.io/v1beta1
/// PodMetrics through the API, as upstream's resource metrics client does.
using PodMetricsSource = std::function<Result<std::map<std::string, hpa::PodUsage>>(
    const std::string &ns, const std::string &selector, const std::string &resource)>;

/// The HorizontalPodAutoscaler controller (autoscaling/v2): every 15 s per HPA it reads
/// the target's /scale, computes a replica count for each Resource metric (CPU or
/// memory; Utilization or AverageValue; 80 % CPU when none is given) with upstream's
/// algorithm — tolerance 0.1, not-ready and missing pods, the CPU initialisation period
/// — takes the largest, stabilises and limits it (the five-minute downscale window, or
/// `behavior`'s windows and rate policies), writes the scale, and reports it as upstream
/// does: status (current/desired replicas, currentMetrics, lastScaleTime), the
/// AbleToScale, ScalingActive and ScalingLimited conditions, and SuccessfulRescale events.
class HpaController {
public:
    /// A controller acting through `client`, reading from the shared `informers`, with
    /// pod usage from `metrics` (default: the metrics.k8s.io API).
    HpaController(client::Client &client, client::InformerFactory &informers, PodMetricsSource metrics = {});

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void sync(const std::string &key);

    client::Client &m_client;
    client::Informer &m_hpas;
    client::Informer &m_pods;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    PodMetricsSource m_metrics;
    std::map<std::string, hpa::History> m_history;
};

} // namespace k8slab::controllers
