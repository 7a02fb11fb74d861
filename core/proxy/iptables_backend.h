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
    /// Other iptables users of the node (IPVS mode's few rules) share the walker.
    static PacketPath walk(const IptablesState &state, const ProxyConfig &config, const Packet &packet,
                           engine::Random &random, std::map<std::string, std::set<std::string>> &recent,
                           const std::function<bool(const std::string &set, const std::string &dirs, const std::string &src,
                                                    const std::string &dst, int port, const std::string &proto)> &inSet = {},
                           const std::function<bool(std::string &dst, int &port, PacketPath &path)> &ipvs = {});

private:
    ProxyConfig m_config;
    IptablesProxier m_proxier;
    IptablesState m_state;
    std::map<std::string, std::set<std::string>> m_recent; // `recent` lists: name → source IPs
};

} // namespace k8slab::proxy
