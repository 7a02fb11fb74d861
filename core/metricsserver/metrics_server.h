#pragma once

#include "core/apiserver/api_server.h"
#include "core/kubelet/node_agents.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::metricsserver {

/// How metrics-server runs.
struct MetricsServerOptions {
    /// How often it scrapes every kubelet (--metric-resolution; upstream's manifests: 15s).
    engine::Duration resolution = std::chrono::seconds(15);
};

/// A rate and a level measured between two scrapes.
struct Usage {
    engine::TimePoint timestamp{}; ///< The later scrape.
    engine::Duration window{};     ///< Time between the two scrapes.
    std::int64_t cpuNanoCores = 0; ///< CPU: cumulative usage difference ÷ window.
    std::int64_t memoryBytes = 0;  ///< Working set at the later scrape.
};

/// One container's usage.
struct ContainerMetrics {
    std::string name; ///< Container name.
    Usage usage;      ///< Its usage.
};

/// metrics-server: scrapes each kubelet's resource metrics every resolution, keeps the
/// last two points per node and container, turns cumulative CPU into a rate, and serves
/// NodeMetrics and PodMetrics as metrics.k8s.io/v1beta1 through the API server's
/// aggregation layer (APIService v1beta1.metrics.k8s.io), which is what `kubectl top`
/// and the HPA read. A node or container appears after its second scrape, as upstream.
class MetricsServer {
public:
    /// A metrics-server scraping `nodes` and serving through `api`.
    MetricsServer(apiserver::ApiServer &api, kubelet::NodeAgents &nodes, MetricsServerOptions options = {});
    ~MetricsServer();
    MetricsServer(const MetricsServer &) = delete;
    MetricsServer &operator=(const MetricsServer &) = delete;

    /// Registers metrics.k8s.io and starts scraping.
    Status start();

    /// A node's latest usage, if it has two scrapes.
    [[nodiscard]] std::optional<Usage> nodeUsage(const std::string &node) const;
    /// A pod's containers' latest usage, if every running container has two scrapes.
    [[nodiscard]] std::optional<std::vector<ContainerMetrics>> podUsage(const std::string &ns, const std::string &name) const;

    /// The API group it serves.
    static constexpr const char *kGroup = "metrics.k8s.io";

private:
    struct Sample {
        engine::TimePoint at{};
        std::int64_t cpuCoreNanoSeconds = 0;
        std::int64_t memoryBytes = 0;
    };
    struct Series {
        std::optional<Sample> previous;
        Sample latest;
        [[nodiscard]] std::optional<Usage> usage() const;
        void add(const Sample &s);
    };
    struct PodSeries {
        std::string node;
        std::map<std::string, Series> containers;
        engine::TimePoint scrapedAt{};
    };

    void scrape();
    apiserver::ApiResponse serve(const apiserver::ApiRequest &request, const std::string &ns, const std::string &resource,
                                 const std::string &name) const;
    [[nodiscard]] api::Json nodeMetricsJson(const std::string &node, const Usage &usage) const;
    [[nodiscard]] api::Json podMetricsJson(const api::Json &pod, const std::vector<ContainerMetrics> &containers) const;

    apiserver::ApiServer &m_api;
    kubelet::NodeAgents &m_nodes;
    MetricsServerOptions m_options;
    std::map<std::string, Series> m_nodeSeries;   // by node
    std::map<std::string, PodSeries> m_podSeries; // by "ns/name"
    engine::TimerId m_timer = 0;
};

/// A CPU quantity as metrics-server writes it: nanocores, in canonical form ("250m",
/// "1234567n", "2").
std::string cpuQuantity(std::int64_t nanoCores);
/// A memory quantity in canonical binary form ("12Mi", "1234Ki", "1000").
std::string memoryQuantity(std::int64_t bytes);

} // namespace k8slab::metricsserver
