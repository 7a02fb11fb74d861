#include "core/proxy/chain_names.h"

#include <QCryptographicHash>

namespace k8slab::proxy {

namespace {

std::string sha256(std::string_view text)
{
    const QByteArray digest = QCryptographicHash::hash(QByteArrayView(text.data(), qsizetype(text.size())),
                                                       QCryptographicHash::Sha256);
    return digest.toStdString();
}

} // namespace

std::string base32(std::string_view bytes)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    out.reserve((bytes.size() + 4) / 5 * 8);
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (5 - bits)) & 31];
    while (out.size() % 8 != 0)
        out += '=';
    return out;
}

std::string servicePortHash(std::string_view svcPortName, std::string_view protocol)
{
    return base32(sha256(std::string(svcPortName) + std::string(protocol))).substr(0, 16);
}

std::string endpointHash(std::string_view svcPortName, std::string_view protocol, std::string_view endpoint)
{
    return base32(sha256(std::string(svcPortName) + std::string(protocol) + std::string(endpoint))).substr(0, 16);
}

std::string nftablesName(std::string_view base)
{
    std::string name = base32(sha256(base)).substr(0, 8) + "-" + std::string(base);
    if (name.size() > 240)
        name = name.substr(0, 237) + "...";
    return name;
}

std::string nftablesServiceBase(std::string_view ns, std::string_view name, std::string_view protocol,
                                std::string_view portName)
{
    return std::string(ns) + "/" + std::string(name) + "/" + std::string(protocol) + "/" + std::string(portName);
}

std::string nftablesEndpointBase(std::string_view serviceBase, std::string_view ip, int port)
{
    std::string address(ip);
    for (char &c : address)
        if (c == ':')
            c = '.';
    return std::string(serviceBase) + "__" + address + "/" + std::to_string(port);
}

} // namespace k8slab::proxy
