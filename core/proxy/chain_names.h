#pragma once

#include <string>
#include <string_view>

namespace k8slab::proxy {

/// Upstream's names for the chains, sets and maps kube-proxy writes
/// (reference kube-proxy.md §2). Pure functions: the same inputs give the names a real
/// kube-proxy gives, so the lab's rules can be compared with a real node's.

/// RFC 4648 standard Base32 (A–Z, 2–7, upper case, '=' padding) of `bytes`.
std::string base32(std::string_view bytes);

/// The 16-character suffix iptables mode gives a service port: Base32(SHA-256(
/// svcPortName + protocol))[:16], e.g. "CDGGSHYLG3RE2FKL" for ("default/web:http", "tcp").
std::string servicePortHash(std::string_view svcPortName, std::string_view protocol);

/// The suffix of an endpoint's KUBE-SEP chain: the same over svcPortName + protocol +
/// endpoint ("IP:port", IPv6 bracketed).
std::string endpointHash(std::string_view svcPortName, std::string_view protocol, std::string_view endpoint);

/// nftables mode's hashAndTruncate: Base32(SHA-256(base))[:8] + "-" + base, cut to 240
/// characters (ending in "...") when longer.
std::string nftablesName(std::string_view base);

/// nftables' base name of a service port: "ns/name/proto/portName".
std::string nftablesServiceBase(std::string_view ns, std::string_view name, std::string_view protocol,
                                std::string_view portName);

/// nftables' base name of an endpoint: service base + "__" + IP (':' as '.') + "/" + port.
std::string nftablesEndpointBase(std::string_view serviceBase, std::string_view ip, int port);

} // namespace k8slab::proxy
