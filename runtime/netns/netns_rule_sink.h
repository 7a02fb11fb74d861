#pragma once

#include "core/base/result.h"
#include "core/proxy/kube_proxy.h"

#include <QStringList>

#include <memory>
#include <string>

namespace k8slab::runtime {

/// Real rules for one node: a network namespace the lab creates (`ip netns add`), into
/// which each kube-proxy sync is applied as upstream applies it — the jump rules with
/// `iptables -C`/`-I`, then `iptables-restore -w 5 --noflush --counters` (a partial
/// restore on partial syncs, KEP-3453), or `nft -f -` in nftables mode. Needs root and
/// the iptables and nftables packages; IPVS needs the ip_vs kernel module.
class NetnsRuleSink : public proxy::RuleSink {
public:
    /// Why real rules cannot be applied here (not root, a tool missing), or "" if they can.
    static std::string unavailableReason();
    /// Why IPVS cannot be used (no ip_vs in this kernel), or "".
    static std::string ipvsUnavailableReason();
    /// Creates namespace `name` (replacing a stale one of that name).
    static Result<std::unique_ptr<NetnsRuleSink>> create(const std::string &name);
    ~NetnsRuleSink() override;

    Status apply(proxy::ProxyMode mode, const proxy::BackendSync &sync) override;

    /// Runs `program args` inside the namespace; its stdout, or the failure with stderr.
    Result<std::string> run(const QString &program, const QStringList &args, const std::string &input = {}) const;
    /// `iptables-save` in the namespace.
    Result<std::string> iptablesSave() const { return run("iptables-save", {}); }
    /// `nft list table ip kube-proxy` in the namespace.
    Result<std::string> nftList() const { return run("nft", {"list", "table", "ip", "kube-proxy"}); }
    [[nodiscard]] const std::string &name() const { return m_name; }
    /// How many payloads were applied, and how many of them were partial.
    [[nodiscard]] int applied() const { return m_applied; }
    [[nodiscard]] int appliedPartial() const { return m_appliedPartial; }

private:
    explicit NetnsRuleSink(std::string name) : m_name(std::move(name)) {}
    Status applyIptables(const proxy::BackendSync &sync);

    std::string m_name;
    bool m_canaries = false;
    int m_applied = 0;
    int m_appliedPartial = 0;
};

} // namespace k8slab::runtime
