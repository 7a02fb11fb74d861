#include "core/proxy/service_model.h"

#include <algorithm>
#include <set>

namespace k8slab::proxy {

using api::Json;

std::string Endpoint::str() const
{
    return ip.find(':') != std::string::npos ? "[" + ip + "]:" + std::to_string(port) : ip + ":" + std::to_string(port);
}

std::string ServicePort::nameString() const
{
    std::string s = ns + "/" + name;
    if (!portName.empty())
        s += ":" + portName;
    return s;
}

Categorized categorizeEndpoints(const ServicePortState &state)
{
    const ServicePort &svc = state.port;
    Categorized c;
    const auto filter = [&](auto keep) {
        std::vector<const Endpoint *> out;
        for (const Endpoint &ep : state.endpoints)
            if (keep(ep))
                out.push_back(&ep);
        return out;
    };
    if (svc.usesClusterEndpoints()) {
        c.cluster = filter([](const Endpoint &ep) { return ep.ready; });
        if (c.cluster.empty())
            c.cluster = filter([](const Endpoint &ep) { return ep.serving && ep.terminating; });
        c.hasAny = !c.cluster.empty();
    }
    if (!svc.usesLocalEndpoints()) {
        c.allReachable = c.cluster;
        return c;
    }
    bool localReady = false;
    bool localServingTerminating = false;
    for (const Endpoint &ep : state.endpoints) {
        if (ep.ready) {
            c.hasAny = true;
            localReady = localReady || ep.local;
        } else if (ep.serving && ep.terminating) {
            c.hasAny = true;
            localServingTerminating = localServingTerminating || ep.local;
        }
    }
    if (localReady)
        c.local = filter([](const Endpoint &ep) { return ep.local && ep.ready; });
    else if (localServingTerminating)
        c.local = filter([](const Endpoint &ep) { return ep.local && ep.serving && ep.terminating; });
    if (!svc.usesClusterEndpoints()) {
        c.allReachable = c.local;
        return c;
    }
    // Both are subsequences of the sorted endpoints: merge them, keeping that order.
    std::set_union(c.cluster.begin(), c.cluster.end(), c.local.begin(), c.local.end(), std::back_inserter(c.allReachable));
    return c;
}

ServicePlan planService(const ServicePortState &state)
{
    const ServicePort &svc = state.port;
    ServicePlan p;
    p.eps = categorizeEndpoints(state);
    p.usesClusterChain = !p.eps.cluster.empty() && svc.usesClusterEndpoints();
    p.usesLocalChain = !p.eps.local.empty() && svc.usesLocalEndpoints();
    p.internalIsLocal = svc.internalPolicyLocal;
    p.externalIsLocal = svc.externalPolicyLocal;
    p.hasInternalEndpoints = p.eps.hasAny && (!svc.internalPolicyLocal || !p.eps.local.empty());
    p.hasExternalEndpoints = p.eps.hasAny && (!svc.externalPolicyLocal || !p.eps.local.empty());
    p.usesExternalChain = p.eps.hasAny && svc.externallyAccessible();
    p.usesFirewallChain = p.eps.hasAny && !svc.loadBalancerIPs.empty() && !svc.loadBalancerSourceRanges.empty();
    return p;
}

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    return s;
}

std::vector<std::string> strings(const Json &array)
{
    std::vector<std::string> out;
    if (array.is_array())
        for (const Json &v : array)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

bool flag(const Json &conditions, const char *key, bool unset)
{
    if (!conditions.is_object() || !conditions.contains(key) || !conditions[key].is_boolean())
        return unset;
    return conditions[key].get<bool>();
}

} // namespace

std::vector<ServicePort> servicePortsOf(const Json &service)
{
    std::vector<ServicePort> out;
    const Json meta = service.value("metadata", Json::object());
    const Json spec = service.value("spec", Json::object());
    const std::string type = spec.value("type", "ClusterIP");
    const std::string clusterIP = spec.value("clusterIP", "");
    if (type == "ExternalName" || clusterIP.empty() || clusterIP == "None")
        return out;
    const bool nodePorts = type == "NodePort" || type == "LoadBalancer";
    std::vector<std::string> lbIPs;
    if (type == "LoadBalancer")
        for (const Json &ingress : service.value("status", Json::object())
                                       .value("loadBalancer", Json::object())
                                       .value("ingress", Json::array()))
            if (ingress.is_object() && ingress.contains("ip") && ingress["ip"].is_string())
                lbIPs.push_back(ingress["ip"].get<std::string>());
    const std::vector<std::string> externalIPs = strings(spec.value("externalIPs", Json::array()));
    const bool external = nodePorts || !externalIPs.empty();
    int sticky = 0;
    if (spec.value("sessionAffinity", "None") == "ClientIP") {
        sticky = 10800;
        const Json config = spec.value("sessionAffinityConfig", Json::object()).value("clientIP", Json::object());
        if (config.contains("timeoutSeconds") && config["timeoutSeconds"].is_number_integer())
            sticky = config["timeoutSeconds"].get<int>();
    }
    for (const Json &p : spec.value("ports", Json::array())) {
        if (!p.is_object())
            continue;
        ServicePort sp;
        sp.ns = meta.value("namespace", "default");
        sp.name = meta.value("name", "");
        sp.portName = p.value("name", "");
        sp.protocol = lower(p.value("protocol", "TCP"));
        sp.clusterIP = clusterIP;
        sp.port = p.value("port", 0);
        sp.nodePort = nodePorts ? p.value("nodePort", 0) : 0;
        sp.externalIPs = externalIPs;
        sp.loadBalancerIPs = lbIPs;
        sp.loadBalancerSourceRanges = strings(spec.value("loadBalancerSourceRanges", Json::array()));
        sp.externalPolicyLocal = external && spec.value("externalTrafficPolicy", "Cluster") == "Local";
        sp.internalPolicyLocal = spec.value("internalTrafficPolicy", "Cluster") == "Local";
        sp.healthCheckNodePort = type == "LoadBalancer" && sp.externalPolicyLocal ? spec.value("healthCheckNodePort", 0) : 0;
        sp.stickySeconds = sticky;
        out.push_back(std::move(sp));
    }
    return out;
}

ServiceMap buildServiceMap(const std::vector<const Json *> &services, const std::vector<const Json *> &slices,
                           const std::string &nodeName)
{
    ServiceMap map;
    // Slices by owning service "ns/name".
    std::map<std::string, std::vector<const Json *>> byService;
    for (const Json *slice : slices) {
        const Json &meta = (*slice)["metadata"];
        if (!meta.contains("labels") || !meta["labels"].contains("kubernetes.io/service-name"))
            continue;
        if (slice->value("addressType", "IPv4") != "IPv4")
            continue;
        byService[meta.value("namespace", "") + "/" + meta["labels"].value("kubernetes.io/service-name", "")].push_back(slice);
    }
    for (const Json *service : services) {
        const std::vector<ServicePort> ports = servicePortsOf(*service);
        if (ports.empty())
            continue;
        const std::string key = ports.front().ns + "/" + ports.front().name;
        const auto found = byService.find(key);
        for (const ServicePort &sp : ports) {
            ServicePortState state{sp, {}};
            std::map<std::string, Endpoint> endpoints;
            if (found != byService.end()) {
                for (const Json *slice : found->second) {
                    int port = -1;
                    for (const Json &p : slice->value("ports", Json::array()))
                        if (p.is_object() && p.value("name", "") == sp.portName && lower(p.value("protocol", "TCP")) == sp.protocol)
                            port = p.value("port", -1);
                    if (port < 0)
                        continue;
                    for (const Json &e : slice->value("endpoints", Json::array())) {
                        const std::vector<std::string> addresses = strings(e.value("addresses", Json::array()));
                        if (addresses.empty())
                            continue;
                        const Json conditions = e.value("conditions", Json::object());
                        Endpoint ep;
                        ep.ip = addresses.front();
                        ep.port = port;
                        ep.ready = flag(conditions, "ready", true);
                        ep.serving = flag(conditions, "serving", ep.ready);
                        ep.terminating = flag(conditions, "terminating", false);
                        ep.nodeName = e.value("nodeName", "");
                        ep.local = !nodeName.empty() && ep.nodeName == nodeName;
                        endpoints.emplace(ep.str(), std::move(ep));
                    }
                }
            }
            for (auto &[str, ep] : endpoints)
                state.endpoints.push_back(std::move(ep));
            map.emplace(sp.nameString(), std::move(state));
        }
    }
    return map;
}

} // namespace k8slab::proxy
