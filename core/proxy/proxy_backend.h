#pragma once

#include "core/base/result.h"
#include "core/engine/random.h"
#include "core/proxy/iptables_proxier.h"
#include "core/proxy/packet.h"
#include "core/proxy/proxy_config.h"
#include "core/proxy/service_model.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace k8slab::proxy {

/// What one sync sent to the node, in the mode's own form.
struct BackendSync {
    bool full = false;
    /// The transaction: an iptables-restore input, an `nft -f` transaction, or (IPVS)
    /// the `ipset restore` input followed by the iptables-restore input.
    std::string payload;
    /// iptables mode: the jump rules ensured first (full syncs only).
    std::vector<JumpRule> jumps;
    /// IPVS mode: the ipvsadm commands (virtual and real servers added or removed).
    std::vector<std::string> ipvsCommands;
    std::size_t rules = 0; ///< rules (and map elements, virtual/real servers) on the node after the sync
};

/// One proxy mode on one node: turns the service map into rules, keeps the model of what
/// the node's kernel then holds, renders it as the mode's tools print it and walks a
/// packet through it. Implementations: iptables, IPVS, nftables.
class ProxyBackend {
public:
    virtual ~ProxyBackend() = default;
    [[nodiscard]] virtual ProxyMode mode() const = 0;
    /// Writes the rules for `services`; a partial sync rewrites only `changed` service ports.
    /// On error nothing changed and the next sync must be full.
    virtual Result<BackendSync> sync(const ServiceMap &services, const std::set<std::string> &changed, bool full) = 0;
    /// The node's rules as the mode's tools print them (`when` stamps iptables-save's headers).
    [[nodiscard]] virtual std::string render(const std::string &when = {}) const = 0;
    /// The rules as comparable lines, for the diff of a sync.
    [[nodiscard]] virtual std::vector<std::string> ruleLines() const = 0;
    /// Follows the first packet of a connection through the node's rules.
    virtual PacketPath trace(const Packet &packet, engine::Random &random) = 0;
};

/// A backend of `mode` for a node configured by `config`.
std::unique_ptr<ProxyBackend> makeBackend(ProxyMode mode, const ProxyConfig &config);

} // namespace k8slab::proxy
