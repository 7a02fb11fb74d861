#include "core/proxy/iptables_proxier.h"

#include "core/proxy/iptables_lines.h"
#include "core/proxy/packet.h"

#include <algorithm>

namespace k8slab::proxy {

using namespace iptables;

void IptablesProxier::writeService(const std::string &svcName, const ServicePortState &state, bool largeClusterMode,
                                   Fragment &fragment, Lines &filterRules, Lines &natRules, Lines &ownChains,
                                   Lines &ownRules)
{
    Lines filter, nat;
    const auto serviceComment = [&](std::string_view a, std::string_view b = {}, std::string_view c = {}) {
        return largeClusterMode ? Comment{} : comment(a, b, c);
    };
    std::vector<const std::string *> sepOf(state.endpoints.size(), nullptr); // chain by endpoint index
    const ServicePort &svc = state.port;
    const std::string &proto = svc.protocol;
    const std::string protoMatch = "-m " + proto + " -p " + proto;
    const std::string port = std::to_string(svc.port);
    const ServicePlan plan = planService(state);
    const Categorized &eps = plan.eps;
    PortChains &chains = portChains(svcName, proto);
    if (chains.endpoints.size() > 2 * state.endpoints.size() + 16) // pods came and went: forget the old ones
        std::erase_if(chains.endpoints, [&](const auto &entry) {
            return std::none_of(state.endpoints.begin(), state.endpoints.end(), [&](const Endpoint &ep) {
                return ep.ip == entry.first.ip && ep.port == entry.first.port;
            });
        });
    const std::string &clusterPolicyChain = chains.cluster;
    const std::string &localPolicyChain = chains.local;
    const std::string &externalChain = chains.external;
    const std::string &fwChain = chains.firewall;

    for (const Endpoint *ep : eps.allReachable) {
        const std::string &sep = endpointChain(chains, svcName, *ep);
        sepOf[std::size_t(ep - state.endpoints.data())] = &sep;
        fragment.active.push_back(sep);
    }
    const auto sepFor = [&](const Endpoint *ep) -> const std::string & {
        return *sepOf[std::size_t(ep - state.endpoints.data())];
    };
    const bool usesClusterPolicyChain = plan.usesClusterChain;
    if (usesClusterPolicyChain)
        fragment.active.push_back(clusterPolicyChain);
    const bool usesLocalPolicyChain = plan.usesLocalChain;
    if (usesLocalPolicyChain)
        fragment.active.push_back(localPolicyChain);
    const std::string &internalChain = plan.internalIsLocal ? localPolicyChain : clusterPolicyChain;
    const bool hasInternalEndpoints = plan.hasInternalEndpoints;
    const std::string &externalPolicyChain = plan.externalIsLocal ? localPolicyChain : clusterPolicyChain;
    const bool hasExternalEndpoints = plan.hasExternalEndpoints;
    const bool usesExternalChain = plan.usesExternalChain;
    if (usesExternalChain)
        fragment.active.push_back(externalChain);
    const bool usesFWChain = plan.usesFirewallChain;
    const std::string &loadBalancerChain = usesFWChain ? fwChain : externalChain;
    if (usesFWChain)
        fragment.active.push_back(fwChain);

    std::string_view internalFilterTarget, externalFilterTarget;
    Comment internalFilterComment, externalFilterComment;
    if (!eps.hasAny) {
        internalFilterTarget = externalFilterTarget = "REJECT";
        internalFilterComment = externalFilterComment = comment(svcName, " has no endpoints");
    } else {
        if (!hasInternalEndpoints) {
            internalFilterTarget = "DROP";
            internalFilterComment = comment(svcName, " has no local endpoints");
        }
        if (!hasExternalEndpoints) {
            externalFilterTarget = "DROP";
            externalFilterComment = comment(svcName, " has no local endpoints");
        }
    }

    // The service's entries in the shared chains, written on every sync.
    if (hasInternalEndpoints)
        nat.write("-A", kServices, comment(svcName, " cluster IP"), protoMatch, "-d", svc.clusterIP, "--dport",
                       port, "-j", internalChain);
    else
        filter.write("-A", kServices, internalFilterComment, protoMatch, "-d", svc.clusterIP, "--dport", port,
                          "-j", internalFilterTarget);
    for (const std::string &ip : svc.externalIPs) {
        if (eps.hasAny)
            nat.write("-A", kServices, comment(svcName, " external IP"), protoMatch, "-d", ip, "--dport", port,
                           "-j", externalChain);
        if (!hasExternalEndpoints)
            filter.write("-A", kExternalServices, externalFilterComment, protoMatch, "-d", ip, "--dport", port,
                              "-j", externalFilterTarget);
    }
    for (const std::string &ip : svc.loadBalancerIPs) {
        if (eps.hasAny)
            nat.write("-A", kServices, comment(svcName, " loadbalancer IP"), protoMatch, "-d", ip, "--dport",
                           port, "-j", loadBalancerChain);
        if (usesFWChain)
            filter.write("-A", kProxyFirewall, comment(svcName, " traffic not accepted by ", fwChain),
                              protoMatch, "-d", ip, "--dport", port, "-j DROP");
    }
    if (!hasExternalEndpoints)
        for (const std::string &ip : svc.loadBalancerIPs)
            filter.write("-A", kExternalServices, externalFilterComment, protoMatch, "-d", ip, "--dport", port,
                              "-j", externalFilterTarget);
    if (svc.nodePort != 0) {
        const std::string nodePort = std::to_string(svc.nodePort);
        if (eps.hasAny) {
            if (m_config.localhostNodePorts && m_config.nfacct)
                nat.write("-A", kNodePorts, comment(svcName), protoMatch, "-d 127.0.0.0/8 --dport", nodePort,
                               "-m nfacct --nfacct-name localhost_nps_accepted_pkts -j", externalChain);
            nat.write("-A", kNodePorts, comment(svcName), protoMatch, "--dport", nodePort, "-j", externalChain);
        }
        if (!hasExternalEndpoints)
            filter.write("-A", kExternalServices, externalFilterComment, "-m addrtype --dst-type LOCAL",
                              protoMatch, "--dport", nodePort, "-j", externalFilterTarget);
    }
    if (svc.healthCheckNodePort != 0)
        filter.write("-A", kNodePorts, comment(svcName, " health check node port"), "-m tcp -p tcp --dport",
                          std::to_string(svc.healthCheckNodePort), "-j ACCEPT");

    filterRules.append(filter.text, filter.count);
    natRules.append(nat.text, nat.count);
    fragment.filter = std::move(filter.text);
    fragment.filterCount = filter.count;
    fragment.nat = std::move(nat.text);
    fragment.natCount = nat.count;

    // The service's own chains (counted only, when a partial sync leaves them out).
    Lines &natChainLines = ownChains;
    Lines &rules = ownRules;

    if (hasInternalEndpoints) {
        const std::string args = commentText(svcName + " cluster IP") + " " + protoMatch + " -d " + svc.clusterIP +
                                 " --dport " + port;
        if (m_config.masqueradeAll)
            rules.write("-A", internalChain, args, "-j", kMarkMasq);
        else if (!m_config.clusterCIDR.empty())
            rules.write("-A", internalChain, args, m_ifNotLocal, "-j", kMarkMasq);
    }
    if (usesExternalChain) {
        natChainLines.chain(externalChain);
        if (!svc.externalPolicyLocal) {
            rules.write("-A", externalChain, comment("masquerade traffic for ", svcName, " external destinations"),
                        "-j", kMarkMasq);
        } else {
            if (!m_config.clusterCIDR.empty())
                rules.write("-A", externalChain, comment("pod traffic for ", svcName, " external destinations"),
                            m_ifLocal, "-j", clusterPolicyChain);
            rules.write("-A", externalChain,
                        comment("masquerade LOCAL traffic for ", svcName, " external destinations"),
                        "-m addrtype --src-type LOCAL -j", kMarkMasq);
            rules.write("-A", externalChain, comment("route LOCAL traffic for ", svcName, " external destinations"),
                        "-m addrtype --src-type LOCAL -j", clusterPolicyChain);
        }
        if (hasExternalEndpoints)
            rules.write("-A", externalChain, "-j", externalPolicyChain);
    }
    if (usesFWChain) {
        natChainLines.chain(fwChain);
        const Comment args = comment(svcName, " loadbalancer IP");
        bool allowFromNode = false;
        for (const std::string &cidr : svc.loadBalancerSourceRanges) {
            rules.write("-A", fwChain, args, "-s", cidr, "-j", externalChain);
            for (const std::string &nodeIP : m_config.nodeIPs)
                allowFromNode = allowFromNode || cidrContains(cidr, nodeIP);
        }
        if (allowFromNode)
            for (const std::string &ip : svc.loadBalancerIPs)
                rules.write("-A", fwChain, args, "-s", ip, "-j", externalChain);
        rules.write("-A", fwChain, comment("other traffic to ", svcName, " will be dropped by KUBE-PROXY-FIREWALL"));
    }
    const auto writeEndpointRules = [&](const std::string &chain, const std::vector<const Endpoint *> &endpoints) {
        if (svc.stickySeconds > 0)
            for (const Endpoint *ep : endpoints) {
                const std::string &sep = sepFor(ep);
                const std::string epText = ep->str();
                rules.write("-A", chain, serviceComment(svcName, " -> ", epText), "-m recent --name", sep,
                            "--rcheck --seconds", std::to_string(svc.stickySeconds), "--reap -j", sep);
            }
        const int n = int(endpoints.size());
        for (int i = 0; i < n; ++i) {
            const Endpoint *ep = endpoints[std::size_t(i)];
            const std::string &sep = sepFor(ep);
            const std::string epText = ep->str();
            if (i < n - 1)
                rules.write("-A", chain, serviceComment(svcName, " -> ", epText),
                            "-m statistic --mode random --probability", probability(n - i), "-j", sep);
            else
                rules.write("-A", chain, serviceComment(svcName, " -> ", epText), "-j", sep);
        }
    };
    if (usesClusterPolicyChain) {
        natChainLines.chain(clusterPolicyChain);
        writeEndpointRules(clusterPolicyChain, eps.cluster);
    }
    if (usesLocalPolicyChain) {
        natChainLines.chain(localPolicyChain);
        writeEndpointRules(localPolicyChain, eps.local);
    }
    for (const Endpoint *endpoint : eps.allReachable) {
        const Endpoint &ep = *endpoint;
        const std::string &sep = sepFor(endpoint);
        natChainLines.chain(sep);
        const Comment head = serviceComment(svcName);
        rules.write("-A", sep, head, "-s", ep.ip, "-j", kMarkMasq);
        if (svc.stickySeconds > 0)
            rules.write("-A", sep, head, "-m recent --name", sep, "--set", protoMatch, "-j DNAT --to-destination",
                        ep.str());
        else
            rules.write("-A", sep, head, protoMatch, "-j DNAT --to-destination", ep.str());
    }
}

} // namespace k8slab::proxy
