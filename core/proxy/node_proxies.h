#pragma once

#include "core/client/client.h"
#include "core/client/informer.h"
#include "core/proxy/kube_proxy.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace k8slab::apiserver {
class ApiServer;
}

namespace k8slab::proxy {

/// How the lab runs kube-proxy (its DaemonSet, in a real cluster).
struct ProxyOptions {
    bool enabled = true;
    ProxyMode mode = ProxyMode::IPTables; ///< --proxy-mode, one for the cluster
    ProxyConfig config;                   ///< flags shared by every node (node name and IPs are filled in)
    /// Real rules: a sink per node (e.g. a network namespace); unset: the model only.
    std::function<std::unique_ptr<RuleSink>(const std::string &node)> sinkFactory;
};

/// One kube-proxy per Node. As the real ones, they list and watch Services,
/// EndpointSlices and Nodes; unlike them, they share one informer cache (they live in
/// one process), while each computes and keeps its own node's rules.
class NodeProxies {
public:
    NodeProxies(apiserver::ApiServer &api, engine::TraceBus &trace, ProxyOptions options);
    ~NodeProxies();

    /// Starts the informers; each Node gets its proxy (and first, full sync) as it appears.
    Status start();
    /// The proxy of `node`, or null.
    KubeProxy *proxy(const std::string &node);
    /// Every node that has a proxy, in name order.
    [[nodiscard]] std::vector<std::string> nodes() const;
    [[nodiscard]] ProxyMode mode() const { return m_options.mode; }
    /// The service map `node`'s proxy sees (the informers' current view).
    [[nodiscard]] ServiceMap serviceMap(const std::string &node) const;

private:
    void onNode(const api::Json &node);
    void changed(const std::string &cause);

    apiserver::ApiServer &m_api;
    engine::TraceBus &m_trace;
    ProxyOptions m_options;
    client::Client m_client;
    client::Informer m_services;
    client::Informer m_slices;
    client::Informer m_nodes;
    std::map<std::string, std::unique_ptr<RuleSink>> m_sinks;
    std::map<std::string, std::unique_ptr<KubeProxy>> m_proxies;
};

} // namespace k8slab::proxy
