#pragma once

#include "core/proxy/iptables_state.h"
#include "core/proxy/proxy_backend.h"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace k8slab::proxy {

/// kube-proxy's IPVS mode on one node, IPv4 only (reference kube-proxy.md §7): the
/// addresses bound to the dummy interface kube-ipvs0, the IPVS virtual and real
/// servers, the ipsets and the few iptables rules that go with them. Every sync is a
/// full reconcile; what changed goes out as ipvsadm / ip commands and an `ipset restore`
/// diff, followed by the whole iptables-restore input.
class IpvsBackend : public ProxyBackend {
public:
    /// One real server of a virtual server: always masquerade (NAT) forwarding.
    struct RealServer {
        std::string ip;
        int port = 0;
        int weight = 1;

        /// "IP:port".
        [[nodiscard]] std::string str() const { return ip + ":" + std::to_string(port); }
        bool operator==(const RealServer &) const = default;
    };

    /// One IPVS virtual service.
    struct VirtualServer {
        std::string protocol; ///< lower case: tcp, udp, sctp
        std::string address;
        int port = 0;
        std::string scheduler;
        int persistentTimeout = 0; ///< seconds; 0: not persistent
        std::vector<RealServer> reals; ///< sorted by address (numerically), then port

        /// The key used for lookups: "tcp 10.96.0.50:80".
        [[nodiscard]] std::string key() const;
        /// "TCP 10.96.0.50:80".
        [[nodiscard]] std::string display() const;
        /// "-t 10.96.0.50:80" (or -u, --sctp-service): how ipvsadm names the service.
        [[nodiscard]] std::string ipvsadmName() const;
    };

    /// One ipset with its entries in ipset's own text form.
    struct IpSet {
        std::string name;
        std::string type;    ///< hash:ip,port, hash:ip,port,ip, hash:ip,port,net, bitmap:port, hash:ip
        std::string comment; ///< also the iptables --comment of the rules that use the set
        std::set<std::string> entries;

        /// The `create` options ("family inet hashsize 1024 maxelem 65536 comment").
        [[nodiscard]] std::string header() const;
        /// Whether a packet is in the set for `dirs` ("dst,dst", "dst,dst,src", "src,dst", "dst").
        [[nodiscard]] bool contains(const std::string &dirs, const std::string &src, const std::string &dst, int port,
                                    const std::string &proto) const;
    };

    explicit IpvsBackend(ProxyConfig config);

    ProxyMode mode() const override { return ProxyMode::IPVS; }
    /// A full reconcile whatever `changed` and `full` say (upstream's IPVS proxier always
    /// reconciles everything); BackendSync::full reports `full` as passed.
    Result<BackendSync> sync(const ServiceMap &services, const std::set<std::string> &changed, bool full) override;
    /// `ip addr show kube-ipvs0`, `ipvsadm -Ln`, `ipset list` and `iptables-save`, each
    /// section introduced by a "# <command>" line.
    std::string render(const std::string &when = {}) const override;
    std::vector<std::string> ruleLines() const override;
    /// Walks the packet through the iptables rules; at local-in, IPVS looks the virtual
    /// server up (one hash lookup) and picks a real server with the scheduler.
    PacketPath trace(const Packet &packet, engine::Random &random) override;

    /// `ip addr show kube-ipvs0`.
    [[nodiscard]] std::string ipAddrShow() const;
    /// `ipvsadm -Ln` (no connections, so the counters are 0).
    [[nodiscard]] std::string ipvsadmList() const;
    /// `ipset list` of every non-empty set, sorted by name.
    [[nodiscard]] std::string ipsetList() const;

    [[nodiscard]] const IptablesState &iptables() const { return m_iptables; }
    /// Every ipset kube-proxy creates, by name (empty ones too).
    [[nodiscard]] const std::map<std::string, IpSet> &ipsets() const { return m_sets; }
    /// The virtual servers, by key().
    [[nodiscard]] const std::unordered_map<std::string, VirtualServer> &virtualServers() const { return m_servers; }
    /// The addresses bound to kube-ipvs0 (without /32).
    [[nodiscard]] const std::set<std::string> &boundAddresses() const { return m_addresses; }

private:
    struct Desired;

    [[nodiscard]] Desired build(const ServiceMap &services) const;
    [[nodiscard]] std::string iptablesPayload(const Desired &next) const;
    [[nodiscard]] std::vector<JumpRule> jumpRules() const;
    [[nodiscard]] std::vector<std::string> ipvsDiff(const Desired &next) const;
    [[nodiscard]] std::string ipsetDiff(const std::map<std::string, IpSet> &next) const;
    [[nodiscard]] std::vector<const VirtualServer *> sortedServers() const;
    [[nodiscard]] int setReferences(const std::string &name) const;
    const RealServer *schedule(const VirtualServer &vs, const std::string &client);

    ProxyConfig m_config;
    bool m_synced = false; // the sets exist after the first sync
    std::set<std::string> m_addresses;
    std::unordered_map<std::string, VirtualServer> m_servers;
    std::map<std::string, IpSet> m_sets;
    IptablesState m_iptables;
    // Tracer state: per virtual server, the round-robin position and (persistent
    // services) the real server each client was given.
    std::unordered_map<std::string, std::size_t> m_rrNext;
    std::unordered_map<std::string, std::map<std::string, std::string>> m_persistence;
    std::map<std::string, std::set<std::string>> m_recent; // the walker's `recent` lists (unused by IPVS rules)
};

} // namespace k8slab::proxy
