#include "core/proxy/packet.h"

#include <cstdio>
#include <cstdlib>

namespace k8slab::proxy {

bool parseIPv4(const std::string &text, std::uint32_t &out)
{
    unsigned a, b, c, d;
    char tail;
    if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 || c > 255 || d > 255)
        return false;
    out = (a << 24) | (b << 16) | (c << 8) | d;
    return true;
}

bool cidrContains(const std::string &cidr, const std::string &ip)
{
    const std::size_t slash = cidr.find('/');
    std::uint32_t base = 0, addr = 0;
    if (!parseIPv4(cidr.substr(0, slash), base) || !parseIPv4(ip, addr))
        return false;
    const int bits = slash == std::string::npos ? 32 : std::atoi(cidr.c_str() + slash + 1);
    if (bits < 0 || bits > 32)
        return false;
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
    return (base & mask) == (addr & mask);
}

} // namespace k8slab::proxy
