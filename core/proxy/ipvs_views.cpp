#include "core/proxy/ipvs_backend.h"

#include "core/proxy/iptables_backend.h"
#include "core/proxy/ipvs_support.h"

#include <cstdio>

namespace k8slab::proxy {

using namespace ipvs;

std::string IpvsBackend::ipAddrShow() const
{
    if (!m_synced)
        return "Device \"kube-ipvs0\" does not exist.\n";
    std::string out = std::to_string(kDummyIndex) + ": " + kDummy +
                      ": <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default\n";
    out += "    link/ether " + std::string(kDummyMac) + " brd ff:ff:ff:ff:ff:ff\n";
    // The kernel lists addresses in the order they were added; the lab sorts them.
    for (const std::string &ip : naturallySorted(m_addresses)) {
        out += "    inet " + ip + "/32 scope global " + kDummy + "\n";
        out += "       valid_lft forever preferred_lft forever\n";
    }
    return out;
}

std::string IpvsBackend::ipvsadmList() const
{
    std::string out = "IP Virtual Server version 1.2.1 (size=4096)\n"
                      "Prot LocalAddress:Port Scheduler Flags\n"
                      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
    for (const VirtualServer *vs : sortedOf(m_servers)) {
        out += upper(vs->protocol) + "  " + vs->address + ":" + std::to_string(vs->port) + " " + vs->scheduler;
        if (vs->persistentTimeout > 0)
            out += " persistent " + std::to_string(vs->persistentTimeout);
        out += "\n";
        for (const RealServer &r : vs->reals) {
            char line[128];
            // ipvsadm's "%-28s %-7s %-6d %-10u %-10u", without the trailing padding.
            std::snprintf(line, sizeof line, "  -> %-28s %-7s %-6d %-10d %d\n", r.str().c_str(), "Masq", r.weight, 0, 0);
            out += line;
        }
    }
    return out;
}

int IpvsBackend::setReferences(const std::string &name) const
{
    int n = 0;
    for (const char *tableName : {"nat", "filter"}) {
        const IptablesState::Table *table = m_iptables.table(tableName);
        if (!table)
            continue;
        for (const auto &[chainName, chain] : table->chains)
            for (const IptRule &rule : chain.rules)
                for (const IptMatch &m : rule.matches)
                    if (m.name == "set" && m.option("--match-set") == name)
                        ++n;
    }
    return n;
}

std::string IpvsBackend::ipsetList() const
{
    std::string out;
    for (const auto &[name, set] : m_sets) {
        if (set.entries.empty())
            continue;
        if (!out.empty())
            out += "\n";
        out += "Name: " + name + "\n";
        out += "Type: " + set.type + "\n";
        out += "Revision: 7\n";
        out += "Header: " + set.header() + "\n";
        out += "Size in memory: 0\n";
        // As the kernel counts them: the iptables rules that use the set.
        out += "References: " + std::to_string(setReferences(name)) + "\n";
        out += "Number of entries: " + std::to_string(set.entries.size()) + "\n";
        out += "Members:\n";
        for (const std::string &e : naturallySorted(set.entries))
            out += e + "\n";
    }
    return out;
}

std::string IpvsBackend::render(const std::string &when) const
{
    return "# ip addr show kube-ipvs0\n" + ipAddrShow() + "# ipvsadm -Ln\n" + ipvsadmList() + "# ipset list\n" +
           ipsetList() + "# iptables-save\n" + m_iptables.save({}, when);
}

std::vector<std::string> IpvsBackend::ruleLines() const
{
    std::vector<std::string> out;
    for (const VirtualServer *vs : sortedOf(m_servers)) {
        std::string line = "ipvs: " + vs->display() + " " + vs->scheduler;
        if (vs->persistentTimeout > 0)
            line += " persistent " + std::to_string(vs->persistentTimeout);
        out.push_back(std::move(line));
        for (const RealServer &r : vs->reals)
            out.push_back("ipvs: " + vs->display() + " -> " + r.str());
    }
    for (const auto &[name, set] : m_sets)
        for (const std::string &e : naturallySorted(set.entries))
            out.push_back("ipset " + name + ": " + e);
    for (const std::string &ip : naturallySorted(m_addresses))
        out.push_back(std::string(kDummy) + ": " + ip + "/32");
    for (std::string &line : m_iptables.ruleLines())
        out.push_back(std::move(line));
    return out;
}

// ---------------------------------------------------------------------------------------
// Tracing

const IpvsBackend::RealServer *IpvsBackend::schedule(const VirtualServer &vs, const std::string &client)
{
    const std::string key = vs.key();
    if (vs.persistentTimeout > 0) {
        const std::map<std::string, std::string> &clients = m_persistence[key];
        if (auto it = clients.find(client); it != clients.end())
            for (const RealServer &r : vs.reals)
                if (r.str() == it->second)
                    return &r;
    }
    const RealServer *chosen = nullptr;
    if (vs.scheduler == "sh" || vs.scheduler == "mh") {
        // Source hashing: the same client always gets the same server (the kernel's hash
        // functions differ; this one only keeps the property).
        chosen = &vs.reals[ipValue(client) % vs.reals.size()];
    } else {
        // rr, and an approximation for the others: with no connections to count, lc/wlc/
        // sed/nq have nothing to tell servers of equal weight apart.
        std::size_t &next = m_rrNext[key];
        chosen = &vs.reals[next % vs.reals.size()];
        next = (next + 1) % vs.reals.size();
    }
    if (vs.persistentTimeout > 0)
        m_persistence[key][client] = chosen->str();
    return chosen;
}

PacketPath IpvsBackend::trace(const Packet &packet, engine::Random &random)
{
    // kube-ipvs0's addresses are local addresses: addrtype LOCAL matches them and the
    // packet meets IPVS at local-in.
    const auto onDummy = [this](const std::string &ip) { return m_addresses.count(ip) > 0; };

    const auto inSet = [this](const std::string &set, const std::string &dirs, const std::string &src,
                              const std::string &dst, int port, const std::string &proto) {
        auto it = m_sets.find(set);
        return it != m_sets.end() && it->second.contains(dirs, src, dst, port, proto);
    };
    bool noRealServers = false;
    const auto ipvs = [&](std::string &dst, int &port, PacketPath &path) {
        // Locally generated packets meet IPVS at LOCAL_OUT, the others at LOCAL_IN.
        const std::string hook = packet.origin == PacketOrigin::Node ? "OUTPUT" : "INPUT";
        const VirtualServer probe{packet.protocol, dst, port, {}, 0, {}};
        ++path.rulesEvaluated; // one hash lookup, however many services exist
        auto it = m_servers.find(probe.key());
        if (it == m_servers.end()) {
            path.steps.push_back({hook, "ipvs", "", 0, "no virtual server " + probe.display(), false, {}});
            return false;
        }
        const VirtualServer &vs = it->second;
        std::string flags = vs.scheduler;
        if (vs.persistentTimeout > 0)
            flags += " persistent " + std::to_string(vs.persistentTimeout);
        TraceStep step{hook, "ipvs", vs.display() + " " + flags, 0,
                       "virtual server " + vs.display() + " (" + flags + ", " + std::to_string(vs.reals.size()) +
                           " real servers)",
                       true, {}};
        if (vs.reals.empty()) {
            // The kernel's ip_vs_leave(): no destination, so it answers ICMP port
            // unreachable and drops the packet.
            step.effect = "no real servers: ICMP port unreachable";
            path.steps.push_back(std::move(step));
            noRealServers = true;
            return false;
        }
        const RealServer *r = schedule(vs, packet.source);
        step.effect = "DNAT to " + r->str();
        path.steps.push_back(std::move(step));
        dst = r->ip;
        port = r->port;
        return true;
    };
    PacketPath path = IptablesBackend::walk(m_iptables, m_config, packet, random, m_recent, inSet, ipvs, onDummy);
    if (noRealServers) {
        path.verdict = "REJECT";
        path.delivered.clear();
    }
    return path;
}

} // namespace k8slab::proxy
