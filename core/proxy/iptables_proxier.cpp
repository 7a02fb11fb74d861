#include "core/proxy/iptables_proxier.h"

#include "core/proxy/chain_names.h"
#include "core/proxy/packet.h"

#include <cstdio>

namespace k8slab::proxy {

namespace {

constexpr const char *kServices = "KUBE-SERVICES";
constexpr const char *kExternalServices = "KUBE-EXTERNAL-SERVICES";
constexpr const char *kNodePorts = "KUBE-NODEPORTS";
constexpr const char *kPostrouting = "KUBE-POSTROUTING";
constexpr const char *kMarkMasq = "KUBE-MARK-MASQ";
constexpr const char *kForward = "KUBE-FORWARD";
constexpr const char *kProxyFirewall = "KUBE-PROXY-FIREWALL";
constexpr const char *kKubeletFirewall = "KUBE-FIREWALL";

/// Lines of one part of the payload; counts them as upstream's LineBuffer does.
struct Lines {
    std::string text;
    int count = 0;

    template<typename... Parts>
    void write(const Parts &...parts)
    {
        bool first = true;
        ((append(parts, first)), ...);
        text += '\n';
        ++count;
    }
    void chain(const std::string &name)
    {
        text += ':';
        text += name;
        text += " - [0:0]\n";
        ++count;
    }

private:
    void append(std::string_view part, bool &first)
    {
        if (part.empty())
            return;
        if (!first)
            text += ' ';
        text += part;
        first = false;
    }
};

/// A comment argument: quoted when it has spaces, as upstream's format strings quote.
std::string comment(const std::string &text)
{
    return text.find(' ') == std::string::npos ? "-m comment --comment " + text
                                               : "-m comment --comment \"" + text + "\"";
}

} // namespace

bool isServiceChainName(std::string_view chain)
{
    for (std::string_view prefix : {"KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-"})
        if (chain.starts_with(prefix))
            return true;
    return false;
}

IptablesProxier::IptablesProxier(ProxyConfig config) : m_config(std::move(config)), m_mark(m_config.masqueradeMark()) {}

const std::string &IptablesProxier::serviceHash(const ServicePort &port)
{
    std::string key = port.nameString() + port.protocol;
    auto it = m_serviceHashes.find(key);
    if (it == m_serviceHashes.end())
        it = m_serviceHashes.emplace(key, servicePortHash(port.nameString(), port.protocol)).first;
    return it->second;
}

const std::string &IptablesProxier::endpointChain(const ServicePort &port, const Endpoint &ep)
{
    std::string key = port.nameString() + port.protocol + ep.str();
    auto it = m_endpointChains.find(key);
    if (it == m_endpointChains.end())
        it = m_endpointChains.emplace(key, "KUBE-SEP-" + endpointHash(port.nameString(), port.protocol, ep.str())).first;
    return it->second;
}

const std::string &IptablesProxier::probability(int k)
{
    if (m_probabilities.size() <= std::size_t(k)) {
        const std::size_t from = m_probabilities.size();
        m_probabilities.resize(std::size_t(k) + 1);
        for (std::size_t i = std::max<std::size_t>(from, 1); i < m_probabilities.size(); ++i) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%0.10f", 1.0 / double(i));
            m_probabilities[i] = buffer;
        }
    }
    return m_probabilities[std::size_t(k)];
}

std::vector<JumpRule> IptablesProxier::jumpRules() const
{
    const std::string ctNew = "-m conntrack --ctstate NEW ";
    std::vector<JumpRule> jumps = {
        {"filter", "INPUT", ctNew + comment("kubernetes externally-visible service portals") + " -j " + kExternalServices},
        {"filter", "FORWARD", ctNew + comment("kubernetes externally-visible service portals") + " -j " + kExternalServices},
        {"filter", "INPUT", comment("kubernetes health check service ports") + " -j " + kNodePorts},
        {"filter", "FORWARD", ctNew + comment("kubernetes service portals") + " -j " + kServices},
        {"filter", "OUTPUT", ctNew + comment("kubernetes service portals") + " -j " + kServices},
        {"filter", "FORWARD", comment("kubernetes forwarding rules") + " -j " + kForward},
        {"filter", "INPUT", ctNew + comment("kubernetes load balancer firewall") + " -j " + kProxyFirewall},
        {"filter", "OUTPUT", ctNew + comment("kubernetes load balancer firewall") + " -j " + kProxyFirewall},
        {"filter", "FORWARD", ctNew + comment("kubernetes load balancer firewall") + " -j " + kProxyFirewall},
        {"nat", "OUTPUT", comment("kubernetes service portals") + " -j " + kServices},
        {"nat", "PREROUTING", comment("kubernetes service portals") + " -j " + kServices},
        {"nat", "POSTROUTING", comment("kubernetes postrouting rules") + " -j " + kPostrouting},
    };
    if (m_config.localhostNodePorts) {
        jumps.push_back({"filter", "INPUT", std::string("-j ") + kKubeletFirewall});
        jumps.push_back({"filter", "OUTPUT", std::string("-j ") + kKubeletFirewall});
    }
    return jumps;
}

IptablesSync IptablesProxier::sync(const ServiceMap &services, const std::set<std::string> &changed, bool full,
                                   const std::set<std::string> &existingNatChains)
{
    IptablesSync out;
    out.full = full;
    if (full)
        out.jumps = jumpRules();
    const std::string &mark = m_mark;
    const std::string markMask = mark + "/" + mark;
    Lines filterChains, filterRules, natChains, natRules;
    Lines skippedChains, skippedRules; // unchanged services' chains on a partial sync: counted, not written

    for (const char *chain : {kServices, kExternalServices, kForward, kNodePorts, kProxyFirewall})
        filterChains.chain(chain);
    for (const char *chain : {kServices, kNodePorts, kPostrouting, kMarkMasq})
        natChains.chain(chain);

    natRules.write("-A", kPostrouting, "-m mark !", "--mark", markMask, "-j RETURN");
    natRules.write("-A", kPostrouting, "-j MARK --xor-mark", mark);
    natRules.write("-A", kPostrouting, comment("kubernetes service traffic requiring SNAT"), "-j MASQUERADE",
                   m_config.randomFully ? "--random-fully" : "");
    natRules.write("-A", kMarkMasq, "-j MARK --or-mark", mark);

    if (m_config.localhostNodePorts) {
        filterChains.chain(kKubeletFirewall);
        filterRules.write("-A", kKubeletFirewall, comment("block incoming localnet connections"),
                          "-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
    }

    std::size_t totalEndpoints = 0;
    for (const auto &[name, state] : services)
        totalEndpoints += state.endpoints.size();
    out.largeClusterMode = totalEndpoints > 1000;
    const auto serviceComment = [&](const std::string &text) {
        return out.largeClusterMode ? std::string() : comment(text);
    };
    const bool hasLocalDetector = !m_config.clusterCIDR.empty();
    const std::string ifNotLocal = hasLocalDetector ? "! -s " + m_config.clusterCIDR : std::string();
    const std::string ifLocal = hasLocalDetector ? "-s " + m_config.clusterCIDR : std::string();

    for (const auto &[svcName, state] : services) {
        const ServicePort &svc = state.port;
        const std::string &proto = svc.protocol;
        const std::string protoMatch = "-m " + proto + " -p " + proto;
        const std::string port = std::to_string(svc.port);
        const Categorized eps = categorizeEndpoints(state);
        const std::string &hash = serviceHash(svc);
        const std::string clusterPolicyChain = "KUBE-SVC-" + hash;
        const std::string localPolicyChain = "KUBE-SVL-" + hash;
        const std::string externalChain = "KUBE-EXT-" + hash;
        const std::string fwChain = "KUBE-FW-" + hash;

        for (const Endpoint &ep : eps.allReachable)
            out.activeNatChains.insert(endpointChain(svc, ep));
        const bool usesClusterPolicyChain = !eps.cluster.empty() && svc.usesClusterEndpoints();
        if (usesClusterPolicyChain)
            out.activeNatChains.insert(clusterPolicyChain);
        const bool usesLocalPolicyChain = !eps.local.empty() && svc.usesLocalEndpoints();
        if (usesLocalPolicyChain)
            out.activeNatChains.insert(localPolicyChain);

        std::string internalChain = clusterPolicyChain;
        bool hasInternalEndpoints = eps.hasAny;
        if (svc.internalPolicyLocal) {
            internalChain = localPolicyChain;
            hasInternalEndpoints = hasInternalEndpoints && !eps.local.empty();
        }
        std::string externalPolicyChain = clusterPolicyChain;
        bool hasExternalEndpoints = eps.hasAny;
        if (svc.externalPolicyLocal) {
            externalPolicyChain = localPolicyChain;
            hasExternalEndpoints = hasExternalEndpoints && !eps.local.empty();
        }
        const bool usesExternalChain = eps.hasAny && svc.externallyAccessible();
        if (usesExternalChain)
            out.activeNatChains.insert(externalChain);
        std::string loadBalancerChain = externalChain;
        const bool usesFWChain = eps.hasAny && !svc.loadBalancerIPs.empty() && !svc.loadBalancerSourceRanges.empty();
        if (usesFWChain) {
            out.activeNatChains.insert(fwChain);
            loadBalancerChain = fwChain;
        }

        std::string internalFilterTarget, internalFilterComment, externalFilterTarget, externalFilterComment;
        if (!eps.hasAny) {
            internalFilterTarget = externalFilterTarget = "REJECT";
            internalFilterComment = externalFilterComment = comment(svcName + " has no endpoints");
        } else {
            if (!hasInternalEndpoints) {
                internalFilterTarget = "DROP";
                internalFilterComment = comment(svcName + " has no local endpoints");
            }
            if (!hasExternalEndpoints) {
                externalFilterTarget = "DROP";
                externalFilterComment = comment(svcName + " has no local endpoints");
            }
        }

        // The service's entries in the shared chains, written on every sync.
        if (hasInternalEndpoints)
            natRules.write("-A", kServices, comment(svcName + " cluster IP"), protoMatch, "-d", svc.clusterIP, "--dport",
                           port, "-j", internalChain);
        else
            filterRules.write("-A", kServices, internalFilterComment, protoMatch, "-d", svc.clusterIP, "--dport", port,
                              "-j", internalFilterTarget);
        for (const std::string &ip : svc.externalIPs) {
            if (eps.hasAny)
                natRules.write("-A", kServices, comment(svcName + " external IP"), protoMatch, "-d", ip, "--dport", port,
                               "-j", externalChain);
            if (!hasExternalEndpoints)
                filterRules.write("-A", kExternalServices, externalFilterComment, protoMatch, "-d", ip, "--dport", port,
                                  "-j", externalFilterTarget);
        }
        for (const std::string &ip : svc.loadBalancerIPs) {
            if (eps.hasAny)
                natRules.write("-A", kServices, comment(svcName + " loadbalancer IP"), protoMatch, "-d", ip, "--dport",
                               port, "-j", loadBalancerChain);
            if (usesFWChain)
                filterRules.write("-A", kProxyFirewall, comment(svcName + " traffic not accepted by " + fwChain),
                                  protoMatch, "-d", ip, "--dport", port, "-j DROP");
        }
        if (!hasExternalEndpoints)
            for (const std::string &ip : svc.loadBalancerIPs)
                filterRules.write("-A", kExternalServices, externalFilterComment, protoMatch, "-d", ip, "--dport", port,
                                  "-j", externalFilterTarget);
        if (svc.nodePort != 0) {
            const std::string nodePort = std::to_string(svc.nodePort);
            if (eps.hasAny) {
                if (m_config.localhostNodePorts && m_config.nfacct)
                    natRules.write("-A", kNodePorts, comment(svcName), protoMatch, "-d 127.0.0.0/8 --dport", nodePort,
                                   "-m nfacct --nfacct-name localhost_nps_accepted_pkts -j", externalChain);
                natRules.write("-A", kNodePorts, comment(svcName), protoMatch, "--dport", nodePort, "-j", externalChain);
            }
            if (!hasExternalEndpoints)
                filterRules.write("-A", kExternalServices, externalFilterComment, "-m addrtype --dst-type LOCAL",
                                  protoMatch, "--dport", nodePort, "-j", externalFilterTarget);
        }
        if (svc.healthCheckNodePort != 0)
            filterRules.write("-A", kNodePorts, comment(svcName + " health check node port"), "-m tcp -p tcp --dport",
                              std::to_string(svc.healthCheckNodePort), "-j ACCEPT");

        // The service's own chains: left out of a partial sync when it did not change.
        const bool skip = !full && !changed.count(svcName);
        Lines &chains = skip ? skippedChains : natChains;
        Lines &rules = skip ? skippedRules : natRules;

        if (hasInternalEndpoints) {
            const std::string args = comment(svcName + " cluster IP") + " " + protoMatch + " -d " + svc.clusterIP +
                                     " --dport " + port;
            if (m_config.masqueradeAll)
                rules.write("-A", internalChain, args, "-j", kMarkMasq);
            else if (hasLocalDetector)
                rules.write("-A", internalChain, args, ifNotLocal, "-j", kMarkMasq);
        }
        if (usesExternalChain) {
            chains.chain(externalChain);
            if (!svc.externalPolicyLocal) {
                rules.write("-A", externalChain, comment("masquerade traffic for " + svcName + " external destinations"),
                            "-j", kMarkMasq);
            } else {
                if (hasLocalDetector)
                    rules.write("-A", externalChain, comment("pod traffic for " + svcName + " external destinations"),
                                ifLocal, "-j", clusterPolicyChain);
                rules.write("-A", externalChain,
                            comment("masquerade LOCAL traffic for " + svcName + " external destinations"),
                            "-m addrtype --src-type LOCAL -j", kMarkMasq);
                rules.write("-A", externalChain, comment("route LOCAL traffic for " + svcName + " external destinations"),
                            "-m addrtype --src-type LOCAL -j", clusterPolicyChain);
            }
            if (hasExternalEndpoints)
                rules.write("-A", externalChain, "-j", externalPolicyChain);
        }
        if (usesFWChain) {
            chains.chain(fwChain);
            const std::string args = comment(svcName + " loadbalancer IP");
            bool allowFromNode = false;
            for (const std::string &cidr : svc.loadBalancerSourceRanges) {
                rules.write("-A", fwChain, args, "-s", cidr, "-j", externalChain);
                for (const std::string &nodeIP : m_config.nodeIPs)
                    allowFromNode = allowFromNode || cidrContains(cidr, nodeIP);
            }
            if (allowFromNode)
                for (const std::string &ip : svc.loadBalancerIPs)
                    rules.write("-A", fwChain, args, "-s", ip, "-j", externalChain);
            rules.write("-A", fwChain, comment("other traffic to " + svcName + " will be dropped by KUBE-PROXY-FIREWALL"));
        }
        const auto writeEndpointRules = [&](const std::string &chain, const std::vector<Endpoint> &endpoints) {
            if (svc.stickySeconds > 0)
                for (const Endpoint &ep : endpoints) {
                    const std::string &sep = endpointChain(svc, ep);
                    rules.write("-A", chain, serviceComment(svcName + " -> " + ep.str()), "-m recent --name", sep,
                                "--rcheck --seconds", std::to_string(svc.stickySeconds), "--reap -j", sep);
                }
            const int n = int(endpoints.size());
            for (int i = 0; i < n; ++i) {
                const std::string &sep = endpointChain(svc, endpoints[std::size_t(i)]);
                if (i < n - 1)
                    rules.write("-A", chain, serviceComment(svcName + " -> " + endpoints[std::size_t(i)].str()),
                                "-m statistic --mode random --probability", probability(n - i), "-j", sep);
                else
                    rules.write("-A", chain, serviceComment(svcName + " -> " + endpoints[std::size_t(i)].str()), "-j", sep);
            }
        };
        if (usesClusterPolicyChain) {
            chains.chain(clusterPolicyChain);
            writeEndpointRules(clusterPolicyChain, eps.cluster);
        }
        if (usesLocalPolicyChain) {
            chains.chain(localPolicyChain);
            writeEndpointRules(localPolicyChain, eps.local);
        }
        for (const Endpoint &ep : eps.allReachable) {
            const std::string &sep = endpointChain(svc, ep);
            chains.chain(sep);
            const std::string head = serviceComment(svcName);
            rules.write("-A", sep, head, "-s", ep.ip, "-j", kMarkMasq);
            if (svc.stickySeconds > 0)
                rules.write("-A", sep, head, "-m recent --name", sep, "--set", protoMatch, "-j DNAT --to-destination",
                            ep.str());
            else
                rules.write("-A", sep, head, protoMatch, "-j DNAT --to-destination", ep.str());
        }
    }

    // Stale service chains: a chain line flushes each, then -X removes it.
    for (const std::string &chain : existingNatChains) {
        if (out.activeNatChains.count(chain) || !isServiceChainName(chain))
            continue;
        natChains.chain(chain);
        natRules.write("-X", chain);
        out.deletedChains.push_back(chain);
    }

    natRules.write("-A", kServices,
                   comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
                   "-m addrtype --dst-type LOCAL", m_config.localhostNodePorts ? "" : "! -d 127.0.0.0/8", "-j", kNodePorts);

    if (!m_config.conntrackTCPLiberal)
        filterRules.write("-A", kForward, "-m conntrack --ctstate INVALID",
                          m_config.nfacct ? "-m nfacct --nfacct-name ct_state_invalid_dropped_pkts" : "", "-j DROP");
    filterRules.write("-A", kForward, comment("kubernetes forwarding rules"), "-m mark --mark", markMask, "-j ACCEPT");
    filterRules.write("-A", kForward, comment("kubernetes forwarding conntrack rule"),
                      "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");

    out.payload.reserve(filterChains.text.size() + filterRules.text.size() + natChains.text.size() + natRules.text.size() + 32);
    out.payload += "*filter\n";
    out.payload += filterChains.text;
    out.payload += filterRules.text;
    out.payload += "COMMIT\n*nat\n";
    out.payload += natChains.text;
    out.payload += natRules.text;
    out.payload += "COMMIT\n";
    out.filterRules = filterRules.count;
    out.natChainsWritten = natChains.count;
    out.natRulesWritten = natRules.count;
    out.natRules = natRules.count + skippedRules.count - int(out.deletedChains.size());
    return out;
}

} // namespace k8slab::proxy
