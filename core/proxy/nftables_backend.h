#pragma once

#include "core/proxy/proxy_backend.h"

#include <cstdint>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <vector>

namespace k8slab::proxy {

/// One condition of an nftables rule kube-proxy writes (the few forms it uses).
struct NftCondition {
    enum Kind {
        CtStateNew,     ///< ct state new
        DaddrIs,        ///< ip daddr V
        SaddrIs,        ///< ip saddr V (a CIDR or address)
        SaddrNot,       ///< ip saddr != V, or != { a, b } (value: comma-separated)
        Dport,          ///< <proto> dport V (value "proto:port")
        DaddrInSet,     ///< ip daddr @V
        SaddrInSet,     ///< ip saddr @V
        FibSaddrLocal,  ///< fib saddr type local
        MarkClear,      ///< meta mark & M == 0
        DaddrInCidr,    ///< ip daddr { V } (a CIDR)
        L4Proto,        ///< meta l4proto V
    } kind;
    std::string value;
};

/// One nftables rule: conditions, then one action.
struct NftRule {
    std::vector<NftCondition> conditions;
    enum Action {
        Jump, Goto, Return, Drop, Reject, Masquerade, MarkOr, MarkXor, Dnat,
        VmapAddrProtoPort, ///< ip daddr . meta l4proto . th dport vmap @map
        VmapProtoPort,     ///< meta l4proto . th dport vmap @map (after the conditions)
        Numgen,            ///< numgen random mod N vmap { i : goto chain … }
        UpdateSet,         ///< update @set { ip saddr }
    } action;
    std::string target;               ///< chain, map, set, mark or "IP:port"
    std::vector<std::string> targets; ///< Numgen's chains
    std::string comment;
    std::string text;   ///< as kube-proxy writes it in the transaction
    std::string listed; ///< as `nft list` prints it (nftables 1.0.6)
};

/// kube-proxy's nftables mode (v1.31's chain set, reference §8) on one node: the
/// `nft -f` transaction of each sync and a model of table `ip kube-proxy`, listed as
/// `nft list table ip kube-proxy` prints it, and walked by the tracer (verdict-map
/// lookups are one step each: the O(1) dispatch the mode exists for).
class NftablesBackend : public ProxyBackend {
public:
    struct Chain {
        std::string name;
        std::string hook;  ///< empty for a regular chain
        std::string type;  ///< filter or nat
        int priority = 0;
        std::string comment;
        std::vector<NftRule> rules;
    };
    struct Element {
        std::string key;
        std::string value; ///< "goto chain", "drop"; empty in a set
        std::string comment;
    };
    struct Container {
        std::string name;
        bool map = false;
        std::string type;
        std::string comment;
        std::string extra; ///< flags/timeout lines for the affinity sets
        std::map<std::string, Element> elements;
    };

    explicit NftablesBackend(ProxyConfig config);

    ProxyMode mode() const override { return ProxyMode::NFTables; }
    Result<BackendSync> sync(const ServiceMap &services, const std::set<std::string> &changed, bool full) override;
    std::string render(const std::string &when = {}) const override;
    std::vector<std::string> ruleLines() const override;
    PacketPath trace(const Packet &packet, engine::Random &random) override;

    [[nodiscard]] const Chain *chain(const std::string &name) const;
    [[nodiscard]] const Container *container(const std::string &name) const;

private:
    struct Tx;   // the transaction being built
    struct Plan; // one service port's names and needs
    /// What one service port put in the table: its chains (and affinity sets) and the map
    /// and set elements it added, so a partial sync can take them out again.
    struct Owned {
        std::vector<std::string> chains;
        std::vector<std::pair<std::string, std::string>> elements; ///< container, key
    };
    void setupBase(Tx &tx);
    void writeService(Tx &tx, const ServicePortState &state, bool rewriteChains, Owned &owned);
    void removeElements(Tx &tx, const Owned &owned);
    void fullSync(Tx &tx, const ServiceMap &services);
    void partialSync(Tx &tx, const ServiceMap &services, const std::set<std::string> &changed);
    /// Chains no service uses any more: flushed now, deleted by the next sync; affinity
    /// sets deleted at once.
    void retire(Tx &tx, const std::vector<std::string> &stale);
    void writeChains(Tx &tx, const Plan &plan);
    void writeElements(Tx &tx, const Plan &plan);
    const std::string &hashedName(const std::string &base);
    std::string endpointName(const Plan &plan, const Endpoint &ep);

    ProxyConfig m_config;
    std::vector<std::string> m_chainOrder;      ///< creation order, as nft lists chains
    std::vector<std::string> m_baseChains;      ///< the chains hooked into netfilter
    std::map<std::string, Chain> m_chains;
    std::vector<std::string> m_containerOrder;  ///< creation order of sets and maps
    std::map<std::string, Container> m_containers;
    std::set<std::string> m_staleChains;        ///< flushed last sync; deleted this one
    std::unordered_map<std::string, Owned> m_owned; ///< by service port name
    std::unordered_set<std::string> m_activeChains; ///< every service's chains and affinity sets
    std::map<std::pair<std::string, std::string>, int> m_elementRefs; ///< elements several ports share (cluster-ips)
    bool m_initialized = false;
    std::int64_t m_total = 0; ///< rules and elements in the table, kept as the transaction goes
    std::map<std::string, std::string> m_names; ///< hashAndTruncate cache, as upstream caches per service port
    std::map<std::string, std::map<std::string, std::string>> m_affinity; // set → source → (unused)
};

} // namespace k8slab::proxy
