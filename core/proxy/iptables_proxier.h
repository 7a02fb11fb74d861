#pragma once

#include "core/proxy/proxy_config.h"
#include "core/proxy/service_model.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace k8slab::proxy {

namespace iptables {
struct Lines;
}

/// A rule kube-proxy makes sure of with `iptables -C` / `-I <chain> 1` on full syncs:
/// the jumps from the built-in chains into its own (reference §1.2), in upstream's order.
struct JumpRule {
    std::string table;
    std::string chain; ///< the built-in chain the jump sits in
    std::string args;  ///< the rule's arguments in kube-proxy's form, ending in "-j <target>"
};

/// What one iptables sync writes.
struct IptablesSync {
    bool full = false;
    std::string payload;             ///< the `iptables-restore --noflush --counters` input
    std::vector<JumpRule> jumps;     ///< ensured before the restore (full syncs only)
    std::vector<std::string> deletedChains; ///< stale service chains flushed and removed
    bool largeClusterMode = false;   ///< more than 1000 endpoints: comments left out
    int filterRules = 0;             ///< rules in the filter table after the sync
    int natRules = 0;                ///< rules in the nat table after the sync (incl. unchanged services')
    int natChainsWritten = 0;        ///< nat chain lines in the payload
    int natRulesWritten = 0;         ///< nat rule lines in the payload
};

/// Upstream's syncProxyRules for IPv4 (reference kube-proxy.md §1.3–§6), as a generator
/// with the caches upstream keeps (chain names per service port and endpoint,
/// probability strings). One difference, shown to learners: services are written in
/// name order, where upstream walks a Go map (random order within KUBE-SERVICES).
class IptablesProxier {
public:
    explicit IptablesProxier(ProxyConfig config);
    ~IptablesProxier();

    /// The payload for `services`. A partial sync (`full` false) writes the per-service
    /// chains only for service ports in `changed`; `existingNatChains` (what iptables-save
    /// lists in nat) decides which stale chains to delete; null skips that (upstream does it
    /// at most once per syncPeriod in large clusters).
    IptablesSync sync(const ServiceMap &services, const std::set<std::string> &changed, bool full,
                      const std::set<std::string> *existingNatChains);

    /// The jump rules from built-in chains, in the order upstream ensures them.
    [[nodiscard]] std::vector<JumpRule> jumpRules() const;

    /// An endpoint as a cache key, looked up without building a string.
    struct EndpointKey {
        std::string ip;
        int port = 0;
    };
    struct EndpointKeyView {
        std::string_view ip;
        int port = 0;
    };
    struct EndpointKeyHash {
        using is_transparent = void;
        std::size_t operator()(const EndpointKeyView &k) const
        {
            return std::hash<std::string_view>{}(k.ip) * 31 + std::size_t(k.port);
        }
        std::size_t operator()(const EndpointKey &k) const { return (*this)(EndpointKeyView{k.ip, k.port}); }
    };
    struct EndpointKeyEqual {
        using is_transparent = void;
        static EndpointKeyView view(const EndpointKey &k) { return {k.ip, k.port}; }
        static EndpointKeyView view(const EndpointKeyView &k) { return k; }
        template<typename A, typename B>
        bool operator()(const A &a, const B &b) const
        {
            return view(a).ip == view(b).ip && view(a).port == view(b).port;
        }
    };
    /// The chains of a service port (KUBE-SVC/SVL/EXT/FW- + its hash) and of its
    /// endpoints (KUBE-SEP-), cached as upstream caches them in its port and endpoint info.
    struct PortChains {
        std::string protocol;
        std::string cluster, local, external, firewall;
        std::unordered_map<EndpointKey, std::string, EndpointKeyHash, EndpointKeyEqual> endpoints;
    };
    PortChains &portChains(const std::string &svcPortName, const std::string &protocol);
    /// "KUBE-SEP-…" of an endpoint of a service port, cached.
    static const std::string &endpointChain(PortChains &chains, const std::string &svcPortName, const Endpoint &ep);
    /// The probability kube-proxy writes for rule i of n: "%0.10f" of 1/(n-i).
    const std::string &probability(int k);

    [[nodiscard]] const ProxyConfig &config() const { return m_config; }

private:
    /// One service port's lines in the shared chains, kept so that a partial sync copies
    /// them for unchanged services instead of writing them again; and its chains.
    struct Fragment {
        std::string filter;
        int filterCount = 0;
        std::string nat;
        int natCount = 0;
        std::vector<std::string> active;
        int ownRules = 0;
    };
    /// Writes a service port's lines: its entries in the shared chains to `filterRules`
    /// and `natRules` (and kept in `fragment`), then its own chains to `ownChains` and
    /// `ownRules`.
    void writeService(const std::string &svcName, const ServicePortState &state, bool largeClusterMode, Fragment &fragment,
                      iptables::Lines &filterRules, iptables::Lines &natRules, iptables::Lines &ownChains,
                      iptables::Lines &ownRules);

    /// Counts `chains` in (+1) or out (-1) of the active chains.
    void retain(const std::vector<std::string> &chains, int by);

    ProxyConfig m_config;
    std::string m_mark;
    std::unordered_map<std::string, PortChains> m_portChains;
    std::vector<std::string> m_probabilities;
    std::size_t m_lastNatBytes = 0; ///< to size the next payload's buffer
    std::string m_ifNotLocal;       ///< the local-traffic detector's "! -s <clusterCIDR>"
    std::string m_ifLocal;          ///< … and "-s <clusterCIDR>"
    std::unordered_map<std::string, Fragment> m_fragments;
    /// Every chain some service uses, with how many use it (for the stale-chain scan).
    std::unordered_map<std::string, int> m_activeChains;
};

/// True for the chains kube-proxy creates per service port (KUBE-SVC-, -SVL-, -EXT-, -FW-, -SEP-).
bool isServiceChainName(std::string_view chain);

} // namespace k8slab::proxy
