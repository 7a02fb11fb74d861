#pragma once

#include "core/engine/time.h"

#include <functional>
#include <string>
#include <vector>

namespace k8slab::proxy {

/// Which rules a cluster's proxies write (kube-proxy's --proxy-mode).
enum class ProxyMode { IPTables, IPVS, NFTables };

/// "iptables", "ipvs" or "nftables".
const char *modeName(ProxyMode mode);
/// The mode named `name`, or false.
bool parseMode(const std::string &name, ProxyMode &mode);

/// One kube-proxy's configuration: upstream's flags with upstream's defaults (v1.32).
struct ProxyConfig {
    std::string nodeName;
    std::vector<std::string> nodeIPs;           ///< the node's addresses, primary first
    std::string clusterCIDR = "10.244.0.0/16"; ///< --cluster-cidr (detect-local-mode ClusterCIDR); empty: none
    std::string serviceCIDR = "10.96.0.0/12";  ///< the Service CIDR (nftables' cluster-ips-check)
    bool masqueradeAll = false;                 ///< --masquerade-all
    bool localhostNodePorts = true;             ///< --iptables-localhost-nodeports
    bool nfacct = true;                         ///< the nfacct counters exist (1.31+)
    bool conntrackTCPLiberal = false;           ///< nf_conntrack_tcp_be_liberal is set
    bool randomFully = true;                    ///< iptables supports MASQUERADE --random-fully
    int masqueradeBit = 14;                     ///< --iptables-masquerade-bit
    engine::Duration minSyncPeriod = std::chrono::seconds(1); ///< iptables.minSyncPeriod
    engine::Duration syncPeriod = std::chrono::seconds(30);   ///< iptables.syncPeriod
    std::string ipvsScheduler = "rr";           ///< --ipvs-scheduler
    /// Where the proxy reads the time (large clusters clean stale chains at most once per
    /// syncPeriod); unset: every sync cleans up.
    std::function<engine::TimePoint()> clock;

    /// The mark as kube-proxy writes it: Go's %#08x, "0x00004000".
    [[nodiscard]] std::string masqueradeMark() const;
};

} // namespace k8slab::proxy
