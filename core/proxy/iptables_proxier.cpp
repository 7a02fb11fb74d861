#include "core/proxy/iptables_proxier.h"

#include "core/proxy/chain_names.h"
#include "core/proxy/iptables_lines.h"
#include "core/proxy/packet.h"

#include <cstdio>
#include <unordered_set>

namespace k8slab::proxy {

using namespace iptables;

bool isServiceChainName(std::string_view chain)
{
    for (std::string_view prefix : {"KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-"})
        if (chain.starts_with(prefix))
            return true;
    return false;
}

IptablesProxier::IptablesProxier(ProxyConfig config)
    : m_config(std::move(config)), m_mark(m_config.masqueradeMark()),
      m_ifNotLocal(m_config.clusterCIDR.empty() ? std::string() : "! -s " + m_config.clusterCIDR),
      m_ifLocal(m_config.clusterCIDR.empty() ? std::string() : "-s " + m_config.clusterCIDR)
{
}

IptablesProxier::~IptablesProxier() = default;

IptablesProxier::PortChains &IptablesProxier::portChains(const std::string &svcPortName, const std::string &protocol)
{
    PortChains &chains = m_portChains[svcPortName];
    if (chains.protocol != protocol) {
        const std::string hash = servicePortHash(svcPortName, protocol);
        chains = PortChains{protocol, "KUBE-SVC-" + hash, "KUBE-SVL-" + hash, "KUBE-EXT-" + hash, "KUBE-FW-" + hash, {}};
    }
    return chains;
}

const std::string &IptablesProxier::endpointChain(PortChains &chains, const std::string &svcPortName, const Endpoint &ep)
{
    auto it = chains.endpoints.find(EndpointKeyView{ep.ip, ep.port});
    if (it == chains.endpoints.end())
        it = chains.endpoints
                 .emplace(EndpointKey{ep.ip, ep.port}, "KUBE-SEP-" + endpointHash(svcPortName, chains.protocol, ep.str()))
                 .first;
    return it->second;
}

void IptablesProxier::retain(const std::vector<std::string> &chains, int by)
{
    for (const std::string &chain : chains) {
        auto it = m_activeChains.try_emplace(chain, 0).first;
        it->second += by;
        if (it->second <= 0)
            m_activeChains.erase(it);
    }
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
        {"filter", "INPUT", ctNew + commentText("kubernetes externally-visible service portals") + " -j " + kExternalServices},
        {"filter", "FORWARD", ctNew + commentText("kubernetes externally-visible service portals") + " -j " + kExternalServices},
        {"filter", "INPUT", commentText("kubernetes health check service ports") + " -j " + kNodePorts},
        {"filter", "FORWARD", ctNew + commentText("kubernetes service portals") + " -j " + kServices},
        {"filter", "OUTPUT", ctNew + commentText("kubernetes service portals") + " -j " + kServices},
        {"filter", "FORWARD", commentText("kubernetes forwarding rules") + " -j " + kForward},
        {"filter", "INPUT", ctNew + commentText("kubernetes load balancer firewall") + " -j " + kProxyFirewall},
        {"filter", "OUTPUT", ctNew + commentText("kubernetes load balancer firewall") + " -j " + kProxyFirewall},
        {"filter", "FORWARD", ctNew + commentText("kubernetes load balancer firewall") + " -j " + kProxyFirewall},
        {"nat", "OUTPUT", commentText("kubernetes service portals") + " -j " + kServices},
        {"nat", "PREROUTING", commentText("kubernetes service portals") + " -j " + kServices},
        {"nat", "POSTROUTING", commentText("kubernetes postrouting rules") + " -j " + kPostrouting},
    };
    if (m_config.localhostNodePorts) {
        jumps.push_back({"filter", "INPUT", std::string("-j ") + kKubeletFirewall});
        jumps.push_back({"filter", "OUTPUT", std::string("-j ") + kKubeletFirewall});
    }
    return jumps;
}

IptablesSync IptablesProxier::sync(const ServiceMap &services, const std::set<std::string> &changed, bool full,
                                   const std::set<std::string> *existingNatChains)
{
    IptablesSync out;
    out.full = full;
    if (full)
        out.jumps = jumpRules();
    const std::string &mark = m_mark;
    const std::string markMask = mark + "/" + mark;
    Lines filterChains, filterRules, natChains, natRules;
    natRules.text.reserve(m_lastNatBytes);
    natChains.text.reserve(m_lastNatBytes / 8);

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

    int skippedRuleCount = 0;
    for (const auto &[svcName, state] : services) {
        const bool rewrite = full || changed.count(svcName) > 0;
        auto cached = m_fragments.find(svcName);
        if (rewrite || cached == m_fragments.end()) {
            // The service's own chains go straight into the payload (or are only counted
            // when a partial sync leaves them out).
            Fragment fragment;
            Lines skippedChains{{}, 0, true}, skippedRules{{}, 0, true};
            const int rulesBefore = natRules.count;
            writeService(svcName, state, out.largeClusterMode, fragment, filterRules, natRules,
                         rewrite ? natChains : skippedChains, rewrite ? natRules : skippedRules);
            fragment.ownRules = rewrite ? natRules.count - rulesBefore - fragment.natCount : skippedRules.count;
            if (!rewrite)
                skippedRuleCount += skippedRules.count;
            if (cached != m_fragments.end()) {
                if (cached->second.active != fragment.active) { // most full syncs change nothing here
                    retain(fragment.active, +1);
                    retain(cached->second.active, -1);
                }
                cached->second = std::move(fragment);
            } else {
                retain(fragment.active, +1);
                cached = m_fragments.emplace(svcName, std::move(fragment)).first;
            }
        } else {
            // Unchanged since the last sync: its lines in the shared chains as they were.
            filterRules.append(cached->second.filter, cached->second.filterCount);
            natRules.append(cached->second.nat, cached->second.natCount);
            skippedRuleCount += cached->second.ownRules;
        }
    }
    if (m_fragments.size() > services.size())
        std::erase_if(m_fragments, [&](const auto &entry) {
            if (services.count(entry.first))
                return false;
            retain(entry.second.active, -1);
            return true;
        });
    if (m_portChains.size() > services.size())
        std::erase_if(m_portChains, [&](const auto &entry) { return !services.count(entry.first); });

    // Stale service chains: a chain line flushes each, then -X removes it.
    for (const std::string &chain : existingNatChains ? *existingNatChains : std::set<std::string>{}) {
        if (m_activeChains.count(chain) || !isServiceChainName(chain))
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
    m_lastNatBytes = std::max(natRules.text.size(), m_lastNatBytes);
    out.filterRules = filterRules.count;
    out.natChainsWritten = natChains.count;
    out.natRulesWritten = natRules.count;
    out.natRules = natRules.count + skippedRuleCount - int(out.deletedChains.size());
    return out;
}

} // namespace k8slab::proxy
