#include "core/proxy/iptables_backend.h"

#include <cmath>
#include <cstdlib>

namespace k8slab::proxy {

IptablesBackend::IptablesBackend(ProxyConfig config) : m_config(config), m_proxier(std::move(config)) {}

Result<BackendSync> IptablesBackend::sync(const ServiceMap &services, const std::set<std::string> &changed, bool full)
{
    // The canary monitor's chains (upstream's iptables Monitor) exist from the first sync.
    for (const char *table : {"mangle", "nat", "filter"})
        m_state.ensureChain(table, "KUBE-PROXY-CANARY");
    // Stale chains are found through iptables-save; in a large cluster upstream does that
    // at most once per syncPeriod.
    const engine::TimePoint now = m_config.clock ? m_config.clock() : engine::TimePoint{};
    const bool cleanup = full || !m_largeCluster || !m_config.clock || now - m_lastCleanup >= m_config.syncPeriod;
    std::set<std::string> existing;
    if (cleanup) {
        const std::vector<std::string> natChains = m_state.chainNames("nat");
        existing.insert(natChains.begin(), natChains.end());
    }
    IptablesSync made = m_proxier.sync(services, changed, full, cleanup ? &existing : nullptr);
    m_largeCluster = made.largeClusterMode;
    if (cleanup)
        m_lastCleanup = now;
    IptablesState next = m_state;
    for (const JumpRule &j : made.jumps) {
        next.ensureChain(j.table, j.args.substr(j.args.rfind(' ') + 1));
        if (Result<bool> r = next.ensureRule(j.table, j.chain, j.args); !r.ok())
            return r.status();
    }
    if (Status s = next.applyRestore(made.payload); !s.ok())
        return s;
    m_state = std::move(next);
    BackendSync out;
    out.full = full;
    out.payload = std::move(made.payload);
    out.jumps = std::move(made.jumps);
    out.rules = m_state.ruleCount("filter") + m_state.ruleCount("nat");
    return out;
}

PacketPath IptablesBackend::trace(const Packet &packet, engine::Random &random)
{
    return walk(m_state, m_config, packet, random, m_recent);
}

namespace {

enum class Outcome { Continue, Accept, Drop, Reject, Nat };

/// A packet's journey through one node's netfilter hooks (raw and mangle hold nothing
/// kube-proxy writes and are skipped).
struct Walker {
    const IptablesState &state;
    const ProxyConfig &config;
    engine::Random &random;
    std::map<std::string, std::set<std::string>> &recent;
    const std::function<bool(const std::string &, const std::string &, const std::string &, const std::string &, int,
                             const std::string &)> &inSet;
    const std::function<bool(const std::string &)> &alsoLocal;
    PacketPath &path;
    Packet packet;
    std::uint32_t mark = 0;
    bool dnat = false;
    std::string hook;

    bool isLocal(const std::string &ip) const
    {
        if (cidrContains("127.0.0.0/8", ip))
            return true;
        for (const std::string &n : config.nodeIPs)
            if (n == ip)
                return true;
        return alsoLocal && alsoLocal(ip);
    }

    bool addressMatches(const std::string &cidr, bool negated, const std::string &ip) const
    {
        return cidr.empty() || (cidrContains(cidr, ip) != negated);
    }

    bool matchOne(const IptMatch &m)
    {
        const auto negated = [&](std::string_view opt) {
            bool n = false;
            (void)m.option(opt, &n);
            return n;
        };
        if (m.name == "comment" || m.name == "nfacct")
            return true;
        if (m.name == "tcp" || m.name == "udp" || m.name == "sctp") {
            if (m.name != packet.protocol)
                return false;
            if (m.has("--dport"))
                return (std::atoi(m.option("--dport").c_str()) == packet.port) != negated("--dport");
            return true;
        }
        if (m.name == "mark") {
            const std::string v = m.option("--mark");
            const std::size_t slash = v.find('/');
            const std::uint32_t value = std::uint32_t(std::strtoul(v.substr(0, slash).c_str(), nullptr, 0));
            const std::uint32_t mask = slash == std::string::npos ? 0xffffffffu
                                                                  : std::uint32_t(std::strtoul(v.substr(slash + 1).c_str(), nullptr, 0));
            return ((mark & mask) == value) != negated("--mark");
        }
        if (m.name == "conntrack") {
            const std::string states = m.option("--ctstate");
            bool any = false;
            std::size_t start = 0;
            while (start <= states.size()) {
                const std::size_t comma = states.find(',', start);
                const std::string s = states.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                any = any || s == "NEW" || (s == "DNAT" && dnat);
                if (comma == std::string::npos)
                    break;
                start = comma + 1;
            }
            return any != negated("--ctstate");
        }
        if (m.name == "addrtype") {
            if (m.has("--dst-type"))
                return isLocal(packet.destination) != negated("--dst-type");
            if (m.has("--src-type"))
                return (packet.origin == PacketOrigin::Node || isLocal(packet.source)) != negated("--src-type");
            return true;
        }
        if (m.name == "statistic") {
            const double p = std::atof(m.option("--probability").c_str());
            const std::uint64_t threshold = std::uint64_t(std::lround(p * 2147483648.0));
            return (random.next() & 0x7fffffffu) < threshold;
        }
        if (m.name == "recent") {
            std::set<std::string> &list = recent[m.option("--name")];
            if (m.has("--set")) {
                list.insert(packet.source);
                return true;
            }
            return list.count(packet.source) > 0;
        }
        if (m.name == "set") {
            if (!inSet)
                return false;
            bool n = false;
            const std::string name = m.option("--match-set", &n);
            std::string dirs;
            for (std::size_t i = 0; i + 2 < m.args.size(); ++i)
                if (m.args[i] == "--match-set")
                    dirs = m.args[i + 2];
            return inSet(name, dirs, packet.source, packet.destination, packet.port, packet.protocol) != n;
        }
        if (m.name == "physdev")
            return packet.origin != PacketOrigin::Pod; // "! --physdev-is-in": not bridged in
        return false;
    }

    bool matches(const IptRule &r)
    {
        if (!addressMatches(r.source, r.notSource, packet.source) ||
            !addressMatches(r.destination, r.notDestination, packet.destination))
            return false;
        if (!r.protocol.empty() && r.protocol != packet.protocol)
            return false;
        for (const IptMatch &m : r.matches)
            if (!matchOne(m))
                return false;
        return true;
    }

    std::string targetArg(const IptRule &r, std::string_view opt) const
    {
        for (std::size_t i = 0; i + 1 < r.targetArgs.size(); ++i)
            if (r.targetArgs[i] == opt)
                return r.targetArgs[i + 1];
        return {};
    }

    Outcome run(const std::string &table, const std::string &chainName, int depth)
    {
        const IptablesState::Chain *chain = state.chain(table, chainName);
        if (!chain || depth > 64)
            return Outcome::Continue;
        for (std::size_t i = 0; i < chain->rules.size(); ++i) {
            const IptRule &r = chain->rules[i];
            ++path.rulesEvaluated;
            TraceStep step{hook, table, chainName, int(i) + 1, chain->saved[i], false, {}};
            if (!matches(r)) {
                path.steps.push_back(std::move(step));
                continue;
            }
            step.matched = true;
            const std::string &t = r.target;
            if (t.empty()) {
                path.steps.push_back(std::move(step));
                continue;
            }
            if (t == "ACCEPT" || t == "DROP" || t == "REJECT" || t == "RETURN") {
                step.effect = t;
                path.steps.push_back(std::move(step));
                if (t == "RETURN")
                    return Outcome::Continue;
                return t == "ACCEPT" ? Outcome::Accept : t == "DROP" ? Outcome::Drop : Outcome::Reject;
            }
            if (t == "MARK") {
                if (const std::string v = targetArg(r, "--or-mark"); !v.empty())
                    mark |= std::uint32_t(std::strtoul(v.c_str(), nullptr, 0));
                else if (const std::string x = targetArg(r, "--xor-mark"); !x.empty())
                    mark ^= std::uint32_t(std::strtoul(x.c_str(), nullptr, 0));
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, "mark 0x%x", mark);
                step.effect = buffer;
                path.steps.push_back(std::move(step));
                continue;
            }
            if (t == "DNAT") {
                const std::string to = targetArg(r, "--to-destination");
                const std::size_t colon = to.rfind(':');
                packet.destination = to.substr(0, colon);
                if (colon != std::string::npos)
                    packet.port = std::atoi(to.c_str() + colon + 1);
                dnat = true;
                path.dnatTo = to;
                step.effect = "DNAT to " + to;
                path.steps.push_back(std::move(step));
                return Outcome::Nat;
            }
            if (t == "MASQUERADE" || t == "SNAT") {
                packet.source = config.nodeIPs.empty() ? packet.source : config.nodeIPs.front();
                path.masqueraded = true;
                step.effect = "MASQUERADE to " + packet.source;
                path.steps.push_back(std::move(step));
                return Outcome::Nat;
            }
            step.effect = "jump " + t;
            path.steps.push_back(std::move(step));
            const Outcome o = run(table, t, depth + 1);
            if (o != Outcome::Continue)
                return o;
        }
        return Outcome::Continue;
    }

    /// Runs a built-in chain: its rules, then its policy (ACCEPT). False when the packet dies.
    bool hookChain(const std::string &hookName, const std::string &table)
    {
        hook = hookName;
        if (!state.chain(table, hookName))
            return true;
        const Outcome o = run(table, hookName, 0);
        if (o == Outcome::Drop || o == Outcome::Reject) {
            path.verdict = o == Outcome::Drop ? "DROP" : "REJECT";
            return false;
        }
        return true;
    }
};

} // namespace

PacketPath IptablesBackend::walk(const IptablesState &state, const ProxyConfig &config, const Packet &packet,
                                 engine::Random &random, std::map<std::string, std::set<std::string>> &recent,
                                 const std::function<bool(const std::string &, const std::string &, const std::string &,
                                                          const std::string &, int, const std::string &)> &inSet,
                                 const std::function<bool(std::string &, int &, PacketPath &)> &ipvs,
                                 const std::function<bool(const std::string &)> &alsoLocal)
{
    PacketPath path;
    std::uint32_t ip = 0;
    if (!parseIPv4(packet.source, ip) || !parseIPv4(packet.destination, ip) || packet.port <= 0 || packet.port > 65535) {
        path.error = "a packet needs IPv4 source and destination addresses and a port in 1-65535";
        return path;
    }
    Walker w{state, config, random, recent, inSet, alsoLocal, path, packet, 0, false, {}};
    const auto finish = [&](const std::string &delivered) {
        path.verdict = "ACCEPT";
        path.delivered = delivered;
        path.finalSource = w.packet.source;
        path.finalDestination = w.packet.destination;
        path.finalPort = w.packet.port;
        return path;
    };
    const auto postrouting = [&]() {
        if (!w.hookChain("POSTROUTING", "nat"))
            return path;
        return finish("forwarded");
    };
    // IPVS answers at the local-in hook for addresses on kube-ipvs0.
    const auto localIn = [&]() -> PacketPath {
        if (!w.hookChain("INPUT", "filter"))
            return path;
        if (ipvs && ipvs(w.packet.destination, w.packet.port, path)) {
            w.dnat = true;
            path.dnatTo = w.packet.destination + ":" + std::to_string(w.packet.port);
            return postrouting();
        }
        return finish("local");
    };
    if (packet.origin == PacketOrigin::Node) {
        if (!w.hookChain("OUTPUT", "nat") || !w.hookChain("OUTPUT", "filter"))
            return path;
        if (ipvs && w.isLocal(w.packet.destination) && ipvs(w.packet.destination, w.packet.port, path)) {
            w.dnat = true;
            path.dnatTo = w.packet.destination + ":" + std::to_string(w.packet.port);
            return postrouting();
        }
        if (w.isLocal(w.packet.destination))
            return finish("local");
        return postrouting();
    }
    if (!w.hookChain("PREROUTING", "nat"))
        return path;
    if (w.isLocal(w.packet.destination))
        return localIn();
    if (!w.hookChain("FORWARD", "filter"))
        return path;
    return postrouting();
}

} // namespace k8slab::proxy
