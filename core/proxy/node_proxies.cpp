#include "core/proxy/node_proxies.h"

#include "core/apiserver/api_server.h"

namespace k8slab::proxy {

using api::Json;

NodeProxies::NodeProxies(apiserver::ApiServer &api, engine::TraceBus &trace, ProxyOptions options)
    : m_api(api), m_trace(trace), m_options(std::move(options)), m_client(api, "kube-proxy"),
      m_services(m_client, client::resource("", "v1", "services")),
      m_slices(m_client, client::resource("discovery.k8s.io", "v1", "endpointslices")),
      m_nodes(m_client, client::resource("", "v1", "nodes"))
{
}

NodeProxies::~NodeProxies()
{
    m_nodes.stop();
    m_slices.stop();
    m_services.stop();
    m_proxies.clear();
    m_sinks.clear();
}

Status NodeProxies::start()
{
    const auto named = [this](const char *kind) {
        return [this, kind](const Json &o) {
            changed(std::string(kind) + " " + o["metadata"].value("namespace", "") + "/" + o["metadata"].value("name", ""));
        };
    };
    for (auto [informer, kind] : {std::pair{&m_services, "Service"}, std::pair{&m_slices, "EndpointSlice"}}) {
        auto handler = named(kind);
        informer->addHandlers({handler, [handler](const Json &, const Json &o) { handler(o); }, handler});
    }
    m_nodes.addHandlers({[this](const Json &n) { onNode(n); }, [this](const Json &, const Json &n) { onNode(n); },
                         [this](const Json &n) { m_proxies.erase(n["metadata"].value("name", "")); }});
    for (client::Informer *informer : {&m_services, &m_slices, &m_nodes})
        if (Status s = informer->start(); !s.ok())
            return s;
    return {};
}

KubeProxy *NodeProxies::proxy(const std::string &node)
{
    auto it = m_proxies.find(node);
    return it == m_proxies.end() ? nullptr : it->second.get();
}

std::vector<std::string> NodeProxies::nodes() const
{
    std::vector<std::string> out;
    for (const auto &[name, p] : m_proxies)
        out.push_back(name);
    return out;
}

ServiceMap NodeProxies::serviceMap(const std::string &node) const
{
    return buildServiceMap(m_services.list(), m_slices.list(), node);
}

void NodeProxies::changed(const std::string &cause)
{
    for (auto &[name, p] : m_proxies)
        p->requestSync(cause);
}

void NodeProxies::onNode(const Json &node)
{
    const std::string name = node["metadata"].value("name", "");
    std::vector<std::string> ips;
    const Json addresses = node.value("status", Json::object()).value("addresses", Json::array());
    for (const Json &a : addresses)
        if (a.is_object() && a.value("type", "") == "InternalIP" && a.contains("address") && a["address"].is_string())
            ips.push_back(a["address"].get<std::string>());
    KubeProxy *existing = proxy(name);
    // kube-proxy learns its node's IPs at start; a node that had none yet restarts its proxy.
    if (existing && (existing->config().nodeIPs == ips || ips.empty()))
        return;
    ProxyConfig config = m_options.config;
    config.nodeName = name;
    config.nodeIPs = ips;
    auto p = std::make_unique<KubeProxy>(m_api.loop(), m_trace, config, m_options.mode,
                                         [this](const std::string &n) { return serviceMap(n); });
    if (m_options.sinkFactory) {
        if (!m_sinks.count(name))
            m_sinks[name] = m_options.sinkFactory(name);
        p->setSink(m_sinks[name].get());
    }
    m_proxies[name] = std::move(p);
    m_proxies[name]->requestSync("Node " + name + " (kube-proxy started)", true);
}

} // namespace k8slab::proxy
