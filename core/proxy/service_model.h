#pragma once

#include "core/api/json.h"

#include <map>
#include <string>
#include <vector>

namespace k8slab::proxy {

/// One endpoint of a service port, as kube-proxy's EndpointSlice cache holds it.
struct Endpoint {
    std::string ip;
    int port = 0;
    bool ready = true;        ///< conditions.ready (unset counts as true)
    bool serving = true;      ///< conditions.serving (unset: as ready)
    bool terminating = false; ///< conditions.terminating
    std::string nodeName;     ///< where the pod runs
    bool local = false;       ///< nodeName is the proxy's own node

    /// "IP:port", IPv6 bracketed — what chain hashes and comments use.
    [[nodiscard]] std::string str() const;
    bool operator==(const Endpoint &) const = default;
};

/// One port of one Service: everything kube-proxy's rules depend on.
struct ServicePort {
    std::string ns;
    std::string name;
    std::string portName;
    std::string protocol = "tcp"; ///< lower case: tcp, udp, sctp
    std::string clusterIP;
    int port = 0;
    int nodePort = 0;
    int healthCheckNodePort = 0;
    std::vector<std::string> externalIPs;
    std::vector<std::string> loadBalancerIPs;
    std::vector<std::string> loadBalancerSourceRanges;
    bool externalPolicyLocal = false; ///< externalTrafficPolicy Local on an externally accessible service
    bool internalPolicyLocal = false; ///< internalTrafficPolicy Local
    int stickySeconds = 0;            ///< sessionAffinity ClientIP timeout; 0: no affinity

    /// upstream's ServicePortName.String(): "ns/name:port", or "ns/name" for an unnamed port.
    [[nodiscard]] std::string nameString() const;
    /// NodePort, LoadBalancer IPs or external IPs.
    [[nodiscard]] bool externallyAccessible() const
    {
        return nodePort != 0 || !externalIPs.empty() || !loadBalancerIPs.empty();
    }
    [[nodiscard]] bool usesClusterEndpoints() const
    {
        return !internalPolicyLocal || (externallyAccessible() && !externalPolicyLocal);
    }
    [[nodiscard]] bool usesLocalEndpoints() const
    {
        return internalPolicyLocal || (externallyAccessible() && externalPolicyLocal);
    }
    bool operator==(const ServicePort &) const = default;
};

/// A service port with its endpoints (sorted by "IP:port" string, as upstream sorts).
struct ServicePortState {
    ServicePort port;
    std::vector<Endpoint> endpoints;
    bool operator==(const ServicePortState &) const = default;
};

/// Every service port a proxy knows, keyed by its name string ("ns/name:port").
using ServiceMap = std::map<std::string, ServicePortState>;

/// upstream's CategorizeEndpoints: which endpoints cluster-policy and local-policy traffic
/// use (ready ones; serving-and-terminating ones as a fallback), and whether any exist.
/// The endpoints point into the ServicePortState they came from and keep its order.
struct Categorized {
    std::vector<const Endpoint *> cluster;
    std::vector<const Endpoint *> local;
    std::vector<const Endpoint *> allReachable; ///< union, sorted: the endpoints that get a chain
    bool hasAny = false;
};
Categorized categorizeEndpoints(const ServicePortState &state);

/// What a service port needs on a node, worked out as every upstream proxier works it
/// out (iptables, IPVS and nftables repeat the same reasoning): which policy chains it
/// uses and whether internal and external traffic have endpoints to go to.
struct ServicePlan {
    Categorized eps;
    bool usesClusterChain = false;  ///< cluster endpoints exist and some traffic uses them
    bool usesLocalChain = false;    ///< local endpoints exist and some traffic uses them
    bool usesExternalChain = false; ///< has endpoints and is reachable from outside
    bool usesFirewallChain = false; ///< … with LoadBalancer IPs and source ranges
    bool hasInternalEndpoints = false; ///< ClusterIP traffic has somewhere to go
    bool hasExternalEndpoints = false; ///< NodePort/LB/external IP traffic has somewhere to go
    bool internalIsLocal = false;   ///< ClusterIP traffic uses the local chain (ITP=Local)
    bool externalIsLocal = false;   ///< external traffic uses the local chain (ETP=Local)
};
ServicePlan planService(const ServicePortState &state);

/// The service ports of `service` (none for headless or ExternalName services).
std::vector<ServicePort> servicePortsOf(const api::Json &service);

/// Builds the proxy's view of the cluster for node `nodeName` from Services and
/// EndpointSlices (slices join their Service by the kubernetes.io/service-name label;
/// endpoints are merged by IP:port across slices).
ServiceMap buildServiceMap(const std::vector<const api::Json *> &services,
                           const std::vector<const api::Json *> &slices, const std::string &nodeName);

} // namespace k8slab::proxy
