#include "core/proxy/proxy_config.h"

#include <cstdio>

namespace k8slab::proxy {

const char *modeName(ProxyMode mode)
{
    switch (mode) {
    case ProxyMode::IPTables:
        return "iptables";
    case ProxyMode::IPVS:
        return "ipvs";
    case ProxyMode::NFTables:
        return "nftables";
    }
    return "iptables";
}

bool parseMode(const std::string &name, ProxyMode &mode)
{
    for (ProxyMode m : {ProxyMode::IPTables, ProxyMode::IPVS, ProxyMode::NFTables})
        if (name == modeName(m)) {
            mode = m;
            return true;
        }
    return false;
}

std::string ProxyConfig::masqueradeMark() const
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08x", 1u << masqueradeBit);
    return buffer;
}

} // namespace k8slab::proxy
