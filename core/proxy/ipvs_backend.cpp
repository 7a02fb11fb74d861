#include "core/proxy/ipvs_backend.h"

#include "core/proxy/ipvs_support.h"

#include "core/proxy/iptables_backend.h"
#include "core/proxy/packet.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <tuple>

namespace k8slab::proxy {

using namespace ipvs;

namespace {


constexpr const char *kServices = "KUBE-SERVICES";
constexpr const char *kPostrouting = "KUBE-POSTROUTING";
constexpr const char *kNodePort = "KUBE-NODE-PORT"; // no S: IPVS mode's name, in nat and filter
constexpr const char *kLoadBalancer = "KUBE-LOAD-BALANCER";
constexpr const char *kMarkMasq = "KUBE-MARK-MASQ";
constexpr const char *kForward = "KUBE-FORWARD";
constexpr const char *kProxyFirewall = "KUBE-PROXY-FIREWALL";
constexpr const char *kSourceRangesFirewall = "KUBE-SOURCE-RANGES-FIREWALL";
constexpr const char *kIpvsFilter = "KUBE-IPVS-FILTER";
constexpr const char *kIpvsOutFilter = "KUBE-IPVS-OUT-FILTER";

constexpr const char *kLoopBack = "KUBE-LOOP-BACK";
constexpr const char *kClusterIP = "KUBE-CLUSTER-IP";
constexpr const char *kExternalIP = "KUBE-EXTERNAL-IP";
constexpr const char *kExternalIPLocal = "KUBE-EXTERNAL-IP-LOCAL";
constexpr const char *kLoadBalancerSet = "KUBE-LOAD-BALANCER";
constexpr const char *kLoadBalancerFW = "KUBE-LOAD-BALANCER-FW";
constexpr const char *kLoadBalancerLocal = "KUBE-LOAD-BALANCER-LOCAL";
constexpr const char *kLoadBalancerSourceIP = "KUBE-LOAD-BALANCER-SOURCE-IP";
constexpr const char *kLoadBalancerSourceCIDR = "KUBE-LOAD-BALANCER-SOURCE-CIDR";
constexpr const char *kNodePortTCP = "KUBE-NODE-PORT-TCP";
constexpr const char *kNodePortLocalTCP = "KUBE-NODE-PORT-LOCAL-TCP";
constexpr const char *kNodePortUDP = "KUBE-NODE-PORT-UDP";
constexpr const char *kNodePortLocalUDP = "KUBE-NODE-PORT-LOCAL-UDP";
constexpr const char *kNodePortSCTP = "KUBE-NODE-PORT-SCTP-HASH";
constexpr const char *kNodePortLocalSCTP = "KUBE-NODE-PORT-LOCAL-SCTP-HASH";
constexpr const char *kHealthCheckNodePort = "KUBE-HEALTH-CHECK-NODE-PORT";
constexpr const char *kIpvsIPs = "KUBE-IPVS-IPS";

/// The ipsets upstream creates (reference §7 table): name, type, comment.
struct SetDef {
    const char *name;
    const char *type;
    const char *comment;
};

const SetDef kSetDefs[] = {
    {kLoopBack, "hash:ip,port,ip", "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"},
    {kClusterIP, "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"},
    {kExternalIP, "hash:ip,port", "Kubernetes service external ip + port for masquerade and filter purpose"},
    {kExternalIPLocal, "hash:ip,port", "Kubernetes service external ip + port with externalTrafficPolicy=local"},
    {kLoadBalancerSet, "hash:ip,port", "Kubernetes service lb portal"},
    {kLoadBalancerFW, "hash:ip,port", "Kubernetes service load balancer ip + port for load balancer with sourceRange"},
    {kLoadBalancerLocal, "hash:ip,port", "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"},
    {kLoadBalancerSourceIP, "hash:ip,port,ip",
     "Kubernetes service load balancer ip + port + source IP for packet filter purpose"},
    {kLoadBalancerSourceCIDR, "hash:ip,port,net",
     "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"},
    {kNodePortTCP, "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"},
    {kNodePortLocalTCP, "bitmap:port", "Kubernetes nodeport TCP port with externalTrafficPolicy=local"},
    {kNodePortUDP, "bitmap:port", "Kubernetes nodeport UDP port for masquerade purpose"},
    {kNodePortLocalUDP, "bitmap:port", "Kubernetes nodeport UDP port with externalTrafficPolicy=local"},
    // The reference elides the SCTP texts ("…SCTP… with type 'hash ip:port'"); these are upstream's constants.
    {kNodePortSCTP, "hash:ip,port", "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"},
    {kNodePortLocalSCTP, "hash:ip,port",
     "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"},
    {kHealthCheckNodePort, "bitmap:port", "Kubernetes health check node port"},
    {kIpvsIPs, "hash:ip", "Addresses on the ipvs interface"},
};

/// upstream's ipsetWithIptablesChain: one rule per non-empty set, in this order (reference §7, nat 2).
struct SetRule {
    const char *set;
    const char *table;
    const char *from;
    const char *to;
    const char *dirs;
    const char *protocol; ///< "-p" value, or ""
};

const SetRule kSetRules[] = {
    {kLoopBack, "nat", kPostrouting, "MASQUERADE", "dst,dst,src", ""},
    {kLoadBalancerSet, "nat", kServices, kLoadBalancer, "dst,dst", ""},
    {kLoadBalancerLocal, "nat", kLoadBalancer, "RETURN", "dst,dst", ""},
    {kNodePortLocalTCP, "nat", kNodePort, "RETURN", "dst", "tcp"},
    {kNodePortTCP, "nat", kNodePort, kMarkMasq, "dst", "tcp"},
    {kNodePortLocalUDP, "nat", kNodePort, "RETURN", "dst", "udp"},
    {kNodePortUDP, "nat", kNodePort, kMarkMasq, "dst", "udp"},
    {kNodePortLocalSCTP, "nat", kNodePort, "RETURN", "dst,dst", "sctp"},
    {kNodePortSCTP, "nat", kNodePort, kMarkMasq, "dst,dst", "sctp"},
    {kLoadBalancerFW, "filter", kProxyFirewall, kSourceRangesFirewall, "dst,dst", ""},
    {kLoadBalancerSourceCIDR, "filter", kSourceRangesFirewall, "RETURN", "dst,dst,src", ""},
    {kLoadBalancerSourceIP, "filter", kSourceRangesFirewall, "RETURN", "dst,dst,src", ""},
};

/// upstream's iptablesChains: declared (and so flushed) in every restore, in this order.
const char *const kNatChains[] = {kServices, kPostrouting, kNodePort, kLoadBalancer, kMarkMasq};
const char *const kFilterChains[] = {kForward, kNodePort, kProxyFirewall, kSourceRangesFirewall, kIpvsFilter,
                                     kIpvsOutFilter};

/// "IP,proto:port": a hash:ip,port entry (and the start of the ip,port,ip / ip,port,net ones).
std::string ipPortEntry(const std::string &ip, const std::string &proto, int port)
{
    return ip + "," + proto + ":" + std::to_string(port);
}

bool realLess(const IpvsBackend::RealServer &a, const IpvsBackend::RealServer &b)
{
    return std::make_tuple(ipValue(a.ip), a.port) < std::make_tuple(ipValue(b.ip), b.port);
}

bool containsReal(const std::vector<IpvsBackend::RealServer> &reals, const IpvsBackend::RealServer &r)
{
    return std::find(reals.begin(), reals.end(), r) != reals.end();
}

std::string quoted(const std::string &text)
{
    return "\"" + text + "\"";
}

/// Splits "a,b,c" at commas.
std::vector<std::string> splitCommas(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

} // namespace

// ---------------------------------------------------------------------------------------
// Small types

std::string IpvsBackend::VirtualServer::key() const
{
    return protocol + " " + address + ":" + std::to_string(port);
}

std::string IpvsBackend::VirtualServer::display() const
{
    return upper(protocol) + " " + address + ":" + std::to_string(port);
}

std::string IpvsBackend::VirtualServer::ipvsadmName() const
{
    const std::string flag = protocol == "udp" ? "-u" : protocol == "sctp" ? "--sctp-service" : "-t";
    return flag + " " + address + ":" + std::to_string(port);
}

std::string IpvsBackend::IpSet::header() const
{
    if (type == "bitmap:port")
        return "range 0-65535 comment";
    return "family inet hashsize 1024 maxelem 65536 comment";
}

bool IpvsBackend::IpSet::contains(const std::string &dirs, const std::string &src, const std::string &dst, int port,
                                  const std::string &proto) const
{
    const std::vector<std::string> d = splitCommas(dirs);
    const auto ipOf = [&](std::size_t i) -> std::string { return d[i] == "src" ? src : dst; };
    // The tracer knows no source port: a port taken from "src" never matches.
    const auto portKnown = [&](std::size_t i) { return d[i] == "dst"; };
    if (type == "bitmap:port")
        return portKnown(0) && entries.count(std::to_string(port)) > 0;
    if (type == "hash:ip")
        return entries.count(ipOf(0)) > 0;
    if (d.size() < 2 || !portKnown(1))
        return false;
    const std::string ipPort = ipPortEntry(ipOf(0), proto, port);
    if (type == "hash:ip,port")
        return entries.count(ipPort) > 0;
    if (d.size() < 3)
        return false;
    if (type == "hash:ip,port,ip")
        return entries.count(ipPort + "," + ipOf(2)) > 0;
    if (type == "hash:ip,port,net") {
        const std::string prefix = ipPort + ",";
        for (auto it = entries.lower_bound(prefix); it != entries.end() && it->starts_with(prefix); ++it)
            if (cidrContains(it->substr(prefix.size()), ipOf(2)))
                return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------
// Desired state

/// What one sync wants on the node.
struct IpvsBackend::Desired {
    std::set<std::string> addresses;
    std::unordered_map<std::string, VirtualServer> servers;
    std::map<std::string, IpSet> sets;
    /// LB ingress IP, protocol, port the node itself must not reach (KUBE-IPVS-OUT-FILTER).
    std::vector<std::tuple<std::string, std::string, int>> noNodeAccess;

    void add(const char *set, const std::string &entry) { sets[set].entries.insert(entry); }
};

IpvsBackend::IpvsBackend(ProxyConfig config) : m_config(std::move(config))
{
    for (const SetDef &def : kSetDefs)
        m_sets[def.name] = IpSet{def.name, def.type, def.comment, {}};
}

namespace {

std::vector<IpvsBackend::RealServer> realsOf(const std::vector<const Endpoint *> &endpoints)
{
    std::vector<IpvsBackend::RealServer> out;
    for (const Endpoint *ep : endpoints) {
        IpvsBackend::RealServer r{ep->ip, ep->port, 1};
        if (isIPv4(ep->ip) && !containsReal(out, r))
            out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), realLess);
    return out;
}

} // namespace

IpvsBackend::Desired IpvsBackend::build(const ServiceMap &services) const
{
    Desired d;
    for (const SetDef &def : kSetDefs)
        d.sets[def.name] = IpSet{def.name, def.type, def.comment, {}};
    std::vector<std::string> nodeIPs;
    for (const std::string &ip : m_config.nodeIPs)
        if (isIPv4(ip))
            nodeIPs.push_back(ip);
    const auto isNodeIP = [&](const std::string &ip) {
        return std::find(nodeIPs.begin(), nodeIPs.end(), ip) != nodeIPs.end();
    };

    for (const auto &[name, state] : services) {
        const ServicePort &svc = state.port;
        if (!isIPv4(svc.clusterIP)) // IPv4 only
            continue;
        const std::string &proto = svc.protocol;
        const Categorized eps = categorizeEndpoints(state);
        // ClusterIP: ITP=Local restricts to local endpoints. External (NodePort, LB,
        // externalIP): ETP=Local does, falling back to cluster endpoints when there is
        // no local one so local pods still reach the service (PR #97081).
        const std::vector<RealServer> internalReals = realsOf(svc.internalPolicyLocal ? eps.local : eps.cluster);
        const std::vector<RealServer> externalReals =
            realsOf(svc.externalPolicyLocal && !eps.local.empty() ? eps.local : eps.cluster);
        const auto addServer = [&](const std::string &ip, int port, const std::vector<RealServer> &reals) {
            VirtualServer vs{proto, ip, port, m_config.ipvsScheduler, svc.stickySeconds, reals};
            d.servers[vs.key()] = std::move(vs);
        };

        // Hairpin: every local endpoint, whatever its readiness (upstream walks the raw endpoints).
        for (const Endpoint &ep : state.endpoints)
            if (ep.local && isIPv4(ep.ip))
                d.add(kLoopBack, ipPortEntry(ep.ip, proto, ep.port) + "," + ep.ip);

        d.add(kClusterIP, ipPortEntry(svc.clusterIP, proto, svc.port));
        d.addresses.insert(svc.clusterIP);
        addServer(svc.clusterIP, svc.port, internalReals);

        for (const std::string &ip : svc.externalIPs) {
            if (!isIPv4(ip))
                continue;
            d.add(svc.externalPolicyLocal ? kExternalIPLocal : kExternalIP, ipPortEntry(ip, proto, svc.port));
            if (!isNodeIP(ip))
                d.addresses.insert(ip);
            addServer(ip, svc.port, externalReals);
        }

        for (const std::string &ip : svc.loadBalancerIPs) {
            if (!isIPv4(ip))
                continue;
            const std::string entry = ipPortEntry(ip, proto, svc.port);
            d.add(kLoadBalancerSet, entry);
            if (svc.externalPolicyLocal)
                d.add(kLoadBalancerLocal, entry);
            if (!svc.loadBalancerSourceRanges.empty()) {
                d.add(kLoadBalancerFW, entry);
                bool allowFromNode = false;
                for (const std::string &cidr : svc.loadBalancerSourceRanges) {
                    if (!isIPv4(cidr.substr(0, cidr.find('/'))))
                        continue;
                    d.add(kLoadBalancerSourceCIDR, entry + "," + cidr);
                    allowFromNode = allowFromNode || (!nodeIPs.empty() && cidrContains(cidr, nodeIPs.front()));
                }
                // upstream: when a source range holds the node IP, the node may reach the LB IP
                // (the node's packets to it carry the LB IP as source); otherwise the node's
                // own connections to it are dropped in KUBE-IPVS-OUT-FILTER.
                if (allowFromNode)
                    d.add(kLoadBalancerSourceIP, entry + "," + ip);
                else
                    d.noNodeAccess.emplace_back(ip, proto, svc.port);
            }
            if (!isNodeIP(ip))
                d.addresses.insert(ip);
            addServer(ip, svc.port, externalReals);
        }

        if (svc.nodePort != 0) {
            const std::string port = std::to_string(svc.nodePort);
            if (proto == "tcp" || proto == "udp") {
                d.add(proto == "tcp" ? kNodePortTCP : kNodePortUDP, port);
                if (svc.externalPolicyLocal)
                    d.add(proto == "tcp" ? kNodePortLocalTCP : kNodePortLocalUDP, port);
            } else if (proto == "sctp") {
                // bitmap:port cannot tell protocols apart, so SCTP uses hash:ip,port per node address.
                for (const std::string &ip : nodeIPs) {
                    d.add(kNodePortSCTP, ipPortEntry(ip, proto, svc.nodePort));
                    if (svc.externalPolicyLocal)
                        d.add(kNodePortLocalSCTP, ipPortEntry(ip, proto, svc.nodePort));
                }
            }
            // One virtual server per node address. Upstream uses every non-loopback address
            // of every interface but kube-ipvs0 (or --nodeport-addresses); the lab's node
            // has config.nodeIPs.
            for (const std::string &ip : nodeIPs)
                addServer(ip, svc.nodePort, externalReals);
        }

        if (svc.healthCheckNodePort != 0)
            d.add(kHealthCheckNodePort, std::to_string(svc.healthCheckNodePort));
    }
    for (const std::string &ip : d.addresses)
        d.add(kIpvsIPs, ip);
    return d;
}

// ---------------------------------------------------------------------------------------
// iptables

std::vector<JumpRule> IpvsBackend::jumpRules() const
{
    // upstream's iptablesJumpChain, in order; each is prepended, so later ones end up above.
    const auto jump = [](const char *table, const char *from, const char *comment, const char *to) {
        return JumpRule{table, from, "-m comment --comment " + quoted(comment) + " -j " + to};
    };
    return {
        jump("nat", "OUTPUT", "kubernetes service portals", kServices),
        jump("nat", "PREROUTING", "kubernetes service portals", kServices),
        jump("nat", "POSTROUTING", "kubernetes postrouting rules", kPostrouting),
        jump("filter", "FORWARD", "kubernetes forwarding rules", kForward),
        jump("filter", "INPUT", "kubernetes health check rules", kNodePort),
        jump("filter", "INPUT", "kube-proxy firewall rules", kProxyFirewall),
        jump("filter", "FORWARD", "kube-proxy firewall rules", kProxyFirewall),
        jump("filter", "INPUT", "kubernetes ipvs access filter", kIpvsFilter),
        jump("filter", "OUTPUT", "kubernetes ipvs access filter", kIpvsOutFilter),
    };
}

std::string IpvsBackend::iptablesPayload(const Desired &next) const
{
    const auto nonEmpty = [&](const char *set) { return !next.sets.at(set).entries.empty(); };
    const auto comment = [&](const char *set) { return "-m comment --comment " + quoted(next.sets.at(set).comment); };
    const std::string mark = m_config.masqueradeMark();
    std::string nat = "*nat\n", filter = "*filter\n";
    for (const char *chain : kNatChains)
        nat += ":" + std::string(chain) + " - [0:0]\n";
    for (const char *chain : kFilterChains)
        filter += ":" + std::string(chain) + " - [0:0]\n";
    const auto natRule = [&](const std::string &rule) { nat += rule + "\n"; };
    const auto filterRule = [&](const std::string &rule) { filter += rule + "\n"; };

    // nat 1: connections from localhost leave early.
    natRule("-A " + std::string(kServices) + " -s 127.0.0.0/8 -j RETURN");
    // nat 2: one rule per non-empty set that has one.
    for (const SetRule &r : kSetRules) {
        if (!nonEmpty(r.set))
            continue;
        std::string line = "-A " + std::string(r.from);
        if (*r.protocol)
            line += " -p " + std::string(r.protocol);
        line += " " + comment(r.set) + " -m set --match-set " + r.set + " " + r.dirs + " -j " + r.to;
        (std::string(r.table) == "nat" ? nat : filter) += line + "\n";
    }
    // nat 3: masquerade traffic to a ClusterIP that does not come from a pod.
    if (nonEmpty(kClusterIP)) {
        const std::string base = "-A " + std::string(kServices) + " " + comment(kClusterIP) + " -m set --match-set " + kClusterIP;
        if (m_config.masqueradeAll)
            natRule(base + " dst,dst -j " + kMarkMasq);
        else if (!m_config.clusterCIDR.empty())
            natRule(base + " dst,dst ! -s " + m_config.clusterCIDR + " -j " + kMarkMasq);
        else
            natRule(base + " src,dst -j " + kMarkMasq);
    }
    // nat 4: external IPs.
    const auto externalAccept = [&](const std::string &base) {
        natRule(base + " -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT");
        natRule(base + " -m addrtype --dst-type LOCAL -j ACCEPT");
    };
    if (nonEmpty(kExternalIP)) {
        const std::string base = "-A " + std::string(kServices) + " " + comment(kExternalIP) + " -m set --match-set " +
                                 kExternalIP + " dst,dst";
        natRule(base + " -j " + kMarkMasq);
        externalAccept(base);
    }
    if (nonEmpty(kExternalIPLocal))
        externalAccept("-A " + std::string(kServices) + " " + comment(kExternalIPLocal) + " -m set --match-set " +
                       kExternalIPLocal + " dst,dst");
    // nat 5, 6.
    natRule("-A " + std::string(kServices) + " -m addrtype --dst-type LOCAL -j " + kNodePort);
    natRule("-A " + std::string(kLoadBalancer) + " -j " + kMarkMasq);
    // filter 1, 2.
    filterRule("-A " + std::string(kSourceRangesFirewall) + " -j DROP");
    for (const auto &[ip, proto, port] : next.noNodeAccess)
        filterRule("-A " + std::string(kIpvsOutFilter) + " -s " + ip + " -m ipvs --vaddr " + ip + " --vproto " + proto +
                   " --vport " + std::to_string(port) + " -j DROP");
    // nat 7: accept what IPVS will handle, in case other rules would block it.
    for (const char *set : {kClusterIP, kLoadBalancerSet})
        if (nonEmpty(set))
            natRule("-A " + std::string(kServices) + " -m set --match-set " + set + " dst,dst -j ACCEPT");
    // filter 3: no INVALID drop in the ~1.31 IPVS proxier.
    filterRule("-A " + std::string(kForward) + " -m comment --comment \"kubernetes forwarding rules\" -m mark --mark " +
               mark + "/" + mark + " -j ACCEPT");
    filterRule("-A " + std::string(kForward) +
               " -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    // filter 4, 5. Upstream writes these whatever the sets hold (all its sets always
    // exist), so the IPVS rule count is constant; a rule on an empty set matches nothing.
    filterRule("-A " + std::string(kNodePort) + " " + comment(kHealthCheckNodePort) + " -m set --match-set " +
               kHealthCheckNodePort + " dst -j ACCEPT");
    for (const char *set : {kLoadBalancerSet, kClusterIP, kExternalIP, kExternalIPLocal})
        filterRule("-A " + std::string(kIpvsFilter) + " -m set --match-set " + set + " dst,dst -j RETURN");
    filterRule("-A " + std::string(kIpvsFilter) + " -m set --match-set " + kHealthCheckNodePort + " dst -j RETURN");
    filterRule("-A " + std::string(kIpvsFilter) + " -m conntrack --ctstate NEW -m set --match-set " + kIpvsIPs +
               " dst -j REJECT");
    // nat 8.
    natRule("-A " + std::string(kPostrouting) + " -m mark ! --mark " + mark + "/" + mark + " -j RETURN");
    natRule("-A " + std::string(kPostrouting) + " -j MARK --xor-mark " + mark);
    natRule("-A " + std::string(kPostrouting) + " -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE" +
            (m_config.randomFully ? " --random-fully" : ""));
    natRule("-A " + std::string(kMarkMasq) + " -j MARK --or-mark " + mark);
    return nat + "COMMIT\n" + filter + "COMMIT\n";
}

// ---------------------------------------------------------------------------------------
// Diffs

std::vector<std::string> IpvsBackend::ipvsDiff(const Desired &next) const
{
    std::vector<std::string> out;
    for (const std::string &ip : naturallySorted(next.addresses))
        if (!m_addresses.count(ip))
            out.push_back("ip addr add " + ip + "/32 dev " + kDummy);
    const auto serviceOptions = [](const VirtualServer &vs) {
        std::string s = " -s " + vs.scheduler;
        if (vs.persistentTimeout > 0)
            s += " -p " + std::to_string(vs.persistentTimeout);
        return s;
    };
    const auto addReal = [&](const VirtualServer &vs, const RealServer &r) {
        out.push_back("ipvsadm -a " + vs.ipvsadmName() + " -r " + r.str() + " -m -w " + std::to_string(r.weight));
    };
    for (const VirtualServer *vs : sortedOf(next.servers)) {
        auto old = m_servers.find(vs->key());
        if (old == m_servers.end()) {
            out.push_back("ipvsadm -A " + vs->ipvsadmName() + serviceOptions(*vs));
            for (const RealServer &r : vs->reals)
                addReal(*vs, r);
            continue;
        }
        if (old->second.scheduler != vs->scheduler || old->second.persistentTimeout != vs->persistentTimeout)
            out.push_back("ipvsadm -E " + vs->ipvsadmName() + serviceOptions(*vs));
        // Upstream's graceful termination first sets a removed real server's weight to 0
        // and deletes it once its connections are gone; the lab has no connections, so the
        // deletion is immediate.
        for (const RealServer &r : old->second.reals)
            if (!containsReal(vs->reals, r))
                out.push_back("ipvsadm -d " + vs->ipvsadmName() + " -r " + r.str());
        for (const RealServer &r : vs->reals)
            if (!containsReal(old->second.reals, r))
                addReal(*vs, r);
    }
    for (const VirtualServer *vs : sortedOf(m_servers))
        if (!next.servers.count(vs->key()))
            out.push_back("ipvsadm -D " + vs->ipvsadmName());
    for (const std::string &ip : naturallySorted(m_addresses))
        if (!next.addresses.count(ip))
            out.push_back("ip addr del " + ip + "/32 dev " + kDummy);
    return out;
}

std::string IpvsBackend::ipsetDiff(const std::map<std::string, IpSet> &next) const
{
    std::string out;
    // Upstream creates every set at startup; the lab's first sync does.
    if (!m_synced)
        for (const auto &[name, set] : next)
            out += "create " + name + " " + set.type + " " + set.header() + "\n";
    for (const auto &[name, set] : next) {
        static const std::set<std::string> none;
        auto old = m_sets.find(name);
        const std::set<std::string> &before = m_synced && old != m_sets.end() ? old->second.entries : none;
        for (const std::string &e : naturallySorted(before))
            if (!set.entries.count(e))
                out += "del " + name + " " + e + "\n";
        for (const std::string &e : naturallySorted(set.entries))
            if (!before.count(e))
                out += "add " + name + " " + e + "\n";
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// Sync

Result<BackendSync> IpvsBackend::sync(const ServiceMap &services, const std::set<std::string> &changed, bool full)
{
    (void)changed; // every IPVS sync reconciles everything
    Desired next = build(services);
    BackendSync out;
    out.full = full;
    out.jumps = jumpRules();
    out.ipvsCommands = ipvsDiff(next);
    const std::string restore = iptablesPayload(next);

    IptablesState state = m_iptables;
    for (const char *table : {"mangle", "nat", "filter"})
        state.ensureChain(table, "KUBE-PROXY-CANARY");
    // upstream's createAndLinkKubeChain: EnsureChain for each chain, then each jump (prepended).
    for (const char *chain : kNatChains)
        state.ensureChain("nat", chain);
    for (const char *chain : kFilterChains)
        state.ensureChain("filter", chain);
    for (const JumpRule &j : out.jumps)
        if (Result<bool> r = state.ensureRule(j.table, j.chain, j.args); !r.ok())
            return r.status();
    if (Status s = state.applyRestore(restore); !s.ok())
        return s;

    out.payload = ipsetDiff(next.sets) + "# iptables-restore\n" + restore;
    m_iptables = std::move(state);
    m_addresses = std::move(next.addresses);
    m_servers = std::move(next.servers);
    m_sets = std::move(next.sets);
    m_synced = true;
    // Forget the tracer's state of virtual servers that are gone.
    std::erase_if(m_rrNext, [&](const auto &kv) { return !m_servers.count(kv.first); });
    std::erase_if(m_persistence, [&](const auto &kv) { return !m_servers.count(kv.first); });

    std::size_t reals = 0;
    for (const auto &[key, vs] : m_servers)
        reals += vs.reals.size();
    out.rules = m_servers.size() + reals + m_iptables.ruleCount("filter") + m_iptables.ruleCount("nat");
    return out;
}

// ---------------------------------------------------------------------------------------
// Rendering

} // namespace k8slab::proxy
