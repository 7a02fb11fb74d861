#include "core/proxy/proxy_backend.h"

#include "core/proxy/iptables_backend.h"
#include "core/proxy/ipvs_backend.h"
#include "core/proxy/nftables_backend.h"

namespace k8slab::proxy {

std::unique_ptr<ProxyBackend> makeBackend(ProxyMode mode, const ProxyConfig &config)
{
    switch (mode) {
    case ProxyMode::IPTables:
        return std::make_unique<IptablesBackend>(config);
    case ProxyMode::IPVS:
        return std::make_unique<IpvsBackend>(config);
    case ProxyMode::NFTables:
        return std::make_unique<NftablesBackend>(config);
    }
    return nullptr;
}

} // namespace k8slab::proxy
