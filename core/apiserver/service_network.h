#pragma once

#include <cstdint>
#include <string>

namespace k8slab::apiserver {

/// The Service CIDR 10.96.0.0/12 (as kubeadm sets it): its first address.
inline constexpr std::uint32_t kServiceBase = (10u << 24) | (96u << 16);
/// How many addresses the Service CIDR holds.
inline constexpr std::uint32_t kServiceSize = 1u << 20;
/// The lowest NodePort.
inline constexpr int kNodePortMin = 30000;
/// The highest NodePort.
inline constexpr int kNodePortMax = 32767;

/// Dotted-quad text of an IPv4 address.
inline std::string ipString(std::uint32_t ip)
{
    return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xff) + "." + std::to_string((ip >> 8) & 0xff)
           + "." + std::to_string(ip & 0xff);
}

} // namespace k8slab::apiserver
