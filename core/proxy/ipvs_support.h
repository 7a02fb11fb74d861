#pragma once

// What ipvs_backend.cpp (the model and its syncs) and ipvs_views.cpp (what the tools
// print, the packet walk) share. Internal to core/proxy.
#include "core/proxy/ipvs_backend.h"
#include "core/proxy/packet.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace k8slab::proxy::ipvs {

constexpr const char *kDummy = "kube-ipvs0";
/// kube-ipvs0's interface index and MAC in `ip addr show`: fixed, the lab has no real link.
constexpr int kDummyIndex = 4;
constexpr const char *kDummyMac = "de:ad:be:ef:00:01";

inline bool isIPv4(const std::string &ip)
{
    std::uint32_t v = 0;
    return parseIPv4(ip, v);
}

inline std::uint32_t ipValue(const std::string &ip)
{
    std::uint32_t v = 0;
    (void)parseIPv4(ip, v);
    return v;
}

inline std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return s;
}

/// Orders text with embedded numbers by value: "10.96.0.9" before "10.96.0.50", "8080" before "30080".
inline bool naturalLess(const std::string &a, const std::string &b)
{
    std::size_t i = 0, j = 0;
    const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && digit(a[ie]))
                ++ie;
            while (je < b.size() && digit(b[je]))
                ++je;
            const unsigned long long x = std::strtoull(a.substr(i, ie - i).c_str(), nullptr, 10);
            const unsigned long long y = std::strtoull(b.substr(j, je - j).c_str(), nullptr, 10);
            if (x != y)
                return x < y;
            i = ie;
            j = je;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

inline std::vector<std::string> naturallySorted(const std::set<std::string> &items)
{
    std::vector<std::string> out(items.begin(), items.end());
    std::sort(out.begin(), out.end(), naturalLess);
    return out;
}

/// Virtual servers in a stable order: protocol, address (numerically), port. The kernel
/// (and so `ipvsadm -Ln`) lists them in its hash-table order, which the lab cannot
/// reproduce; sorting keeps the output comparable from sync to sync.
inline std::vector<const IpvsBackend::VirtualServer *> sortedOf(
    const std::unordered_map<std::string, IpvsBackend::VirtualServer> &servers)
{
    std::vector<const IpvsBackend::VirtualServer *> out;
    out.reserve(servers.size());
    for (const auto &[key, vs] : servers)
        out.push_back(&vs);
    std::sort(out.begin(), out.end(), [](const auto *a, const auto *b) {
        return std::make_tuple(upper(a->protocol), ipValue(a->address), a->port) <
               std::make_tuple(upper(b->protocol), ipValue(b->address), b->port);
    });
    return out;
}

} // namespace k8slab::proxy::ipvs
