#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace k8slab::proxy {

/// Where a traced packet comes from, which decides the netfilter hooks it meets.
enum class PacketOrigin {
    Pod,     ///< a pod on this node (arrives from the pod network: PREROUTING, then FORWARD or INPUT)
    Node,    ///< a process on the node itself (OUTPUT)
    Outside, ///< a client outside the cluster reaching this node (PREROUTING)
};

/// The first packet of a connection, as the tracer follows it.
struct Packet {
    PacketOrigin origin = PacketOrigin::Pod;
    std::string source;      ///< source IP
    std::string destination; ///< destination IP
    int port = 0;            ///< destination port
    std::string protocol = "tcp";
};

/// One rule (or map lookup) the walk tried.
struct TraceStep {
    std::string hook;  ///< PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING
    std::string table; ///< nat, filter (iptables); the table/chain for nftables; "ipvs"
    std::string chain;
    int index = 0;     ///< the rule's position in its chain (1-based); 0 for a policy or lookup
    std::string rule;  ///< as the tool prints it
    bool matched = false;
    std::string effect; ///< what matching did: "jump KUBE-SVC-…", "DNAT to 10.244.1.3:8080", "mark 0x4000", …
};

/// The walk's outcome: every step, the verdict, and what NAT did.
struct PacketPath {
    std::vector<TraceStep> steps;
    int rulesEvaluated = 0; ///< rules tried (and map lookups: one each)
    std::string verdict;    ///< ACCEPT, DROP or REJECT
    std::string delivered;  ///< "forwarded", "local" (to the node), or "" when dropped
    std::string dnatTo;     ///< "IP:port" chosen, if DNAT happened
    bool masqueraded = false;
    std::string finalSource; ///< after SNAT
    std::string finalDestination;
    int finalPort = 0;
    std::string error; ///< why the packet could not be traced (bad input)
};

/// Parses dotted-quad IPv4; false on anything else.
bool parseIPv4(const std::string &text, std::uint32_t &out);
/// True when `ip` is inside `cidr` ("a.b.c.d/n", or a host address).
bool cidrContains(const std::string &cidr, const std::string &ip);

} // namespace k8slab::proxy
