#pragma once

#include "core/proxy/iptables_state.h"
#include "core/proxy/proxy_backend.h"

#include <map>

namespace k8slab::proxy {

/// kube-proxy's iptables mode on one node: IptablesProxier writes, IptablesState is the
/// node's kernel tables after each restore, the walker follows packets through them.
class IptablesBackend : public ProxyBackend {
public:
    explicit IptablesBackend(ProxyConfig config);

    ProxyMode mode() const override { return ProxyMode::IPTables; }
    Result<BackendSync> sync(const ServiceMap &services, const std::set<std::string> &changed, bool full) override;
    std::string render(const std::string &when = {}) const override { return m_state.save({}, when); }
    std::vector<std::string> ruleLines() const override { return m_state.ruleLines(); }
    PacketPath trace(const Packet &packet, engine::Random &random) override;

    [[nodiscard]] const IptablesState &state() const { return m_state; }
    /// Other iptables users of the node (IPVS mode's few rules) share the walker: `inSet`
    /// answers `-m set` matches, `ipvs` is IPVS at local-in, `alsoLocal` names the
    /// node's other local addresses (kube-ipvs0's).
    static PacketPath walk(const IptablesState &state, const ProxyConfig &config, const Packet &packet,
                           engine::Random &random, std::map<std::string, std::set<std::string>> &recent,
                           const std::function<bool(const std::string &set, const std::string &dirs, const std::string &src,
                                                    const std::string &dst, int port, const std::string &proto)> &inSet = {},
                           const std::function<bool(std::string &dst, int &port, PacketPath &path)> &ipvs = {},
                           const std::function<bool(const std::string &ip)> &alsoLocal = {});

private:
    ProxyConfig m_config;
    IptablesProxier m_proxier;
    IptablesState m_state;
    std::map<std::string, std::set<std::string>> m_recent; // `recent` lists: name → source IPs
    bool m_largeCluster = false;
    engine::TimePoint m_lastCleanup{};
};

} // namespace k8slab::proxy
