#pragma once

#include "core/proxy/proxy_config.h"
#include "core/proxy/service_model.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace k8slab::proxy {

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
    std::set<std::string> activeNatChains;
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

    /// The payload for `services`. A partial sync (`full` false) writes the per-service
    /// chains only for service ports in `changed`; `existingNatChains` (what iptables-save
    /// lists in nat) decides which stale chains to delete.
    IptablesSync sync(const ServiceMap &services, const std::set<std::string> &changed, bool full,
                      const std::set<std::string> &existingNatChains);

    /// The jump rules from built-in chains, in the order upstream ensures them.
    [[nodiscard]] std::vector<JumpRule> jumpRules() const;

    /// The chain suffix of a service port ("CDGGSHYLG3RE2FKL"), cached.
    const std::string &serviceHash(const ServicePort &port);
    /// "KUBE-SEP-…" of an endpoint of a service port, cached.
    const std::string &endpointChain(const ServicePort &port, const Endpoint &ep);
    /// The probability kube-proxy writes for rule i of n: "%0.10f" of 1/(n-i).
    const std::string &probability(int k);

    [[nodiscard]] const ProxyConfig &config() const { return m_config; }

private:
    ProxyConfig m_config;
    std::string m_mark;
    std::unordered_map<std::string, std::string> m_serviceHashes;
    std::unordered_map<std::string, std::string> m_endpointChains;
    std::vector<std::string> m_probabilities;
};

/// True for the chains kube-proxy creates per service port (KUBE-SVC-, -SVL-, -EXT-, -FW-, -SEP-).
bool isServiceChainName(std::string_view chain);

} // namespace k8slab::proxy
