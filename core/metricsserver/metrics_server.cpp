#include "core/metricsserver/metrics_server.h"

#include "core/api/selectors.h"
#include "core/api/time_format.h"
#include "core/apiserver/status_response.h"
#include "core/client/client.h"

#include <cstdio>

namespace k8slab::metricsserver {

using api::Json;

namespace {

const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }

// A Go duration as metrics-server prints the window: "15s", "14.5s".
std::string goDuration(engine::Duration d)
{
    const double seconds = std::chrono::duration<double>(d).count();
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", seconds);
    std::string out = text;
    while (out.back() == '0')
        out.pop_back();
    if (out.back() == '.')
        out.pop_back();
    return out + "s";
}

Json usageJson(const Usage &usage)
{
    return {{"cpu", cpuQuantity(usage.cpuNanoCores)}, {"memory", memoryQuantity(usage.memoryBytes)}};
}

Json tableColumn(const char *name, const char *description)
{
    return {{"name", name}, {"type", "string"}, {"format", name == std::string("Name") ? "name" : ""},
            {"description", description}, {"priority", 0}};
}

} // namespace

std::string cpuQuantity(std::int64_t nanoCores)
{
    if (nanoCores % 1'000'000'000 == 0)
        return std::to_string(nanoCores / 1'000'000'000);
    if (nanoCores % 1'000'000 == 0)
        return std::to_string(nanoCores / 1'000'000) + "m";
    if (nanoCores % 1'000 == 0)
        return std::to_string(nanoCores / 1'000) + "u";
    return std::to_string(nanoCores) + "n";
}

std::string memoryQuantity(std::int64_t bytes)
{
    static const std::pair<std::int64_t, const char *> units[] = {
        {1LL << 40, "Ti"}, {1LL << 30, "Gi"}, {1LL << 20, "Mi"}, {1LL << 10, "Ki"}};
    for (const auto &[size, suffix] : units)
        if (bytes != 0 && bytes % size == 0)
            return std::to_string(bytes / size) + suffix;
    return std::to_string(bytes);
}

void MetricsServer::Series::add(const Sample &s)
{
    previous = latest;
    if (latest.at == engine::TimePoint{})
        previous.reset();
    latest = s;
}

std::optional<Usage> MetricsServer::Series::usage() const
{
    if (!previous || latest.at <= previous->at || latest.cpuCoreNanoSeconds < previous->cpuCoreNanoSeconds)
        return std::nullopt; // one point, or the counter went back (a restart): no rate yet
    Usage u;
    u.timestamp = latest.at;
    u.window = latest.at - previous->at;
    const double seconds = std::chrono::duration<double>(u.window).count();
    u.cpuNanoCores = std::int64_t(double(latest.cpuCoreNanoSeconds - previous->cpuCoreNanoSeconds) / seconds);
    u.memoryBytes = latest.memoryBytes;
    return u;
}

MetricsServer::MetricsServer(apiserver::ApiServer &api, kubelet::NodeAgents &nodes, MetricsServerOptions options)
    : m_api(api), m_nodes(nodes), m_options(options)
{
}

MetricsServer::~MetricsServer()
{
    if (m_timer)
        m_api.loop().cancel(m_timer);
}

Status MetricsServer::start()
{
    apiserver::AggregatedApi metrics;
    metrics.group = kGroup;
    metrics.version = "v1beta1";
    metrics.resources = {{"nodes", "", "NodeMetrics", false}, {"pods", "", "PodMetrics", true}};
    metrics.serviceNamespace = "kube-system";
    metrics.serviceName = "metrics-server";
    metrics.handler = [this](const apiserver::ApiRequest &request, const std::string &ns, const std::string &resource,
                             const std::string &name) { return serve(request, ns, resource, name); };
    if (Status s = m_api.addAggregatedApi(std::move(metrics)); !s.ok())
        return s;
    m_timer = m_api.loop().schedule(engine::Duration::zero(), [this] { scrape(); });
    return {};
}

void MetricsServer::scrape()
{
    // Every kubelet's /metrics/resource; a node whose scrape fails drops out (with its
    // pods) until it answers again, as metrics-server's store keeps only the last batch.
    std::map<std::string, Series> nodes;
    std::map<std::string, PodSeries> podSeries;
    int failed = 0;
    int podCount = 0;
    for (const kubelet::Kubelet *k : m_nodes.kubelets()) {
        Result<kubelet::NodeUsage> usage = k->resourceUsage();
        if (!usage.ok()) {
            ++failed;
            continue;
        }
        Series node = m_nodeSeries.count(usage->node) ? m_nodeSeries.at(usage->node) : Series{};
        node.add({usage->at, usage->cpuCoreNanoSeconds, usage->memoryWorkingSetBytes});
        nodes[usage->node] = node;
        for (const kubelet::PodUsage &pod : usage->pods) {
            const std::string key = pod.ns + "/" + pod.name;
            const auto old = m_podSeries.find(key);
            PodSeries series;
            series.node = usage->node;
            series.scrapedAt = usage->at;
            for (const kubelet::ContainerUsage &c : pod.containers) {
                Series s;
                if (old != m_podSeries.end() && old->second.containers.count(c.name))
                    s = old->second.containers.at(c.name);
                s.add({usage->at, c.cpuCoreNanoSeconds, c.memoryWorkingSetBytes});
                series.containers[c.name] = s;
            }
            podSeries[key] = std::move(series);
            ++podCount;
        }
    }
    m_nodeSeries = std::move(nodes);
    m_podSeries = std::move(podSeries);
    m_api.trace().publish("metrics-server", proto::TRACE_KIND_ACTION, "metrics-server.scrape", {},
                          {{"nodes", std::to_string(m_nodeSeries.size())},
                           {"pods", std::to_string(podCount)},
                           {"failed", std::to_string(failed)},
                           {"resolution", goDuration(m_options.resolution)}});
    m_timer = m_api.loop().schedule(m_options.resolution, [this] { scrape(); });
}

std::optional<Usage> MetricsServer::nodeUsage(const std::string &node) const
{
    const auto it = m_nodeSeries.find(node);
    return it == m_nodeSeries.end() ? std::nullopt : it->second.usage();
}

std::optional<std::vector<ContainerMetrics>> MetricsServer::podUsage(const std::string &ns, const std::string &name) const
{
    const auto it = m_podSeries.find(ns + "/" + name);
    if (it == m_podSeries.end())
        return std::nullopt;
    std::vector<ContainerMetrics> out;
    for (const auto &[container, series] : it->second.containers) {
        std::optional<Usage> usage = series.usage();
        if (!usage)
            return std::nullopt; // every container needs two points
        out.push_back({container, *usage});
    }
    return out;
}

Json MetricsServer::nodeMetricsJson(const std::string &node, const Usage &usage) const
{
    Json meta = {{"name", node}, {"creationTimestamp", api::formatTime(m_api.loop().now())}};
    if (auto n = m_api.get(client::resource("", "v1", "nodes"), "", node); n.ok())
        if (const Json labels = n->value("metadata", Json::object()).value("labels", Json::object()); !labels.empty())
            meta["labels"] = labels;
    return {{"kind", "NodeMetrics"},
            {"apiVersion", "metrics.k8s.io/v1beta1"},
            {"metadata", meta},
            {"timestamp", api::formatTime(usage.timestamp)},
            {"window", goDuration(usage.window)},
            {"usage", usageJson(usage)}};
}

Json MetricsServer::podMetricsJson(const Json &pod, const std::vector<ContainerMetrics> &containers) const
{
    const Json podMeta = pod.value("metadata", Json::object());
    Json meta = {{"name", podMeta.value("name", "")},
                 {"namespace", podMeta.value("namespace", "")},
                 {"creationTimestamp", api::formatTime(m_api.loop().now())}};
    if (podMeta.contains("labels"))
        meta["labels"] = podMeta["labels"];
    Json list = Json::array();
    Usage first;
    for (const ContainerMetrics &c : containers) {
        list.push_back({{"name", c.name}, {"usage", usageJson(c.usage)}});
        first = c.usage;
    }
    return {{"kind", "PodMetrics"},
            {"apiVersion", "metrics.k8s.io/v1beta1"},
            {"metadata", meta},
            {"timestamp", api::formatTime(first.timestamp)},
            {"window", goDuration(first.window)},
            {"containers", list}};
}

apiserver::ApiResponse MetricsServer::serve(const apiserver::ApiRequest &request, const std::string &ns,
                                            const std::string &resource, const std::string &name) const
{
    api::LabelSelector selector;
    if (auto text = request.param("labelSelector"); text && !text->empty()) {
        auto parsed = api::LabelSelector::parse(*text);
        if (!parsed.ok())
            return apiserver::errorResponse(parsed.status());
        selector = *parsed;
    }
    std::vector<Json> items;
    std::vector<Usage> totals; // per item: the CPU and memory a Table row shows
    if (resource == "nodes") {
        for (const auto &[node, series] : m_nodeSeries) {
            if (!name.empty() && node != name)
                continue;
            if (std::optional<Usage> usage = series.usage()) {
                Json item = nodeMetricsJson(node, *usage);
                if (selector.matches(item["metadata"].value("labels", Json::object()))) {
                    items.push_back(std::move(item));
                    totals.push_back(*usage);
                }
            }
        }
    } else {
        for (const auto &[key, series] : m_podSeries) {
            const std::string podNs = key.substr(0, key.find('/'));
            const std::string podName = key.substr(key.find('/') + 1);
            if ((!ns.empty() && podNs != ns) || (!name.empty() && podName != name))
                continue;
            auto pod = m_api.get(pods(), podNs, podName);
            std::optional<std::vector<ContainerMetrics>> usage = podUsage(podNs, podName);
            if (!pod.ok() || !usage)
                continue;
            if (!selector.matches(pod->value("metadata", Json::object()).value("labels", Json::object())))
                continue;
            items.push_back(podMetricsJson(*pod, *usage));
            Usage sum;
            for (const ContainerMetrics &c : *usage) {
                sum.cpuNanoCores += c.usage.cpuNanoCores;
                sum.memoryBytes += c.usage.memoryBytes;
            }
            totals.push_back(sum);
        }
    }
    const bool nodes = resource == "nodes";
    if (!name.empty()) {
        if (items.empty())
            return apiserver::errorResponse(Status(StatusCode::NotFound, std::string(nodes ? "nodemetrics" : "podmetrics") +
                                                                             ".metrics.k8s.io \"" + (nodes ? name : ns + "/" + name) +
                                                                             "\" not found"));
        if (apiserver::outputFormat(request) != apiserver::OutputFormat::Table)
            return apiserver::jsonResponse(200, items.front());
    }
    if (apiserver::outputFormat(request) == apiserver::OutputFormat::Table) {
        // metrics-server's own table: NAME CPU MEMORY WINDOW.
        Json rows = Json::array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Json &item = items[i];
            rows.push_back({{"cells", {item["metadata"]["name"], std::to_string(totals[i].cpuNanoCores / 1'000'000) + "m",
                                       memoryQuantity(totals[i].memoryBytes), item["window"]}},
                            {"object", {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"},
                                        {"metadata", item["metadata"]}}}});
        }
        return apiserver::jsonResponse(
            200, {{"kind", "Table"},
                  {"apiVersion", "meta.k8s.io/v1"},
                  {"metadata", Json::object()},
                  {"columnDefinitions",
                   {tableColumn("Name", "Name must be unique within a namespace."),
                    tableColumn("CPU", "CPU usage in cores"), tableColumn("Memory", "Memory usage in bytes"),
                    tableColumn("Window", "The window over which usage was measured")}},
                  {"rows", rows}});
    }
    Json list = Json::array();
    for (Json &item : items)
        list.push_back(std::move(item));
    return apiserver::jsonResponse(200, {{"kind", nodes ? "NodeMetricsList" : "PodMetricsList"},
                                         {"apiVersion", "metrics.k8s.io/v1beta1"},
                                         {"metadata", Json::object()},
                                         {"items", list}});
}

} // namespace k8slab::metricsserver
