#pragma once

// What the kube-proxy tests share: the reference's worked example (default/web:http,
// ClusterIP 10.96.0.50:80 → 8080, NodePort 30080, the proxy on worker-1 at
// 192.168.0.2) and line-by-line text comparison.
#include "core/proxy/service_model.h"
#include "core/proxy/proxy_config.h"

#include <QString>
#include <QTest>

#include <algorithm>
#include <string>
#include <vector>

namespace k8slab::proxy::test {

/// The proxy of `node` with address `ip`, upstream's defaults otherwise.
inline ProxyConfig nodeConfig(const std::string &node = "worker-1", const std::string &ip = "192.168.0.2")
{
    ProxyConfig c;
    c.nodeName = node;
    c.nodeIPs = {ip};
    return c;
}

/// A ready endpoint on `node` (local to worker-1's proxy).
inline Endpoint endpoint(const std::string &ip, int port, const std::string &node = "worker-2", bool ready = true)
{
    Endpoint e;
    e.ip = ip;
    e.port = port;
    e.ready = ready;
    e.serving = ready;
    e.nodeName = node;
    e.local = node == "worker-1";
    return e;
}

/// default/web:http, NodePort 30080, ClusterIP 10.96.0.50:80 (reference §6). Endpoints
/// must be sorted by "IP:port", as buildServiceMap returns them.
inline ServicePortState webService(std::vector<Endpoint> endpoints)
{
    ServicePort p;
    p.ns = "default";
    p.name = "web";
    p.portName = "http";
    p.clusterIP = "10.96.0.50";
    p.port = 80;
    p.nodePort = 30080;
    return {p, std::move(endpoints)};
}

inline ServiceMap mapOf(std::vector<ServicePortState> states)
{
    ServiceMap m;
    for (ServicePortState &s : states)
        m.emplace(s.port.nameString(), std::move(s));
    return m;
}

inline std::vector<std::string> lines(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        out.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

inline bool hasLine(const std::string &text, const std::string &line)
{
    const std::vector<std::string> all = lines(text);
    return std::find(all.begin(), all.end(), line) != all.end();
}

/// Fails the test at the first differing line, showing both.
inline void compareLines(const std::string &actual, const std::string &expected)
{
    const std::vector<std::string> a = lines(actual), e = lines(expected);
    for (std::size_t i = 0; i < std::max(a.size(), e.size()); ++i) {
        const std::string got = i < a.size() ? a[i] : "<missing>";
        const std::string want = i < e.size() ? e[i] : "<missing>";
        if (got != want)
            QFAIL(qPrintable(QString("line %1:\n  got:  %2\n  want: %3").arg(i + 1).arg(got.c_str(), want.c_str())));
    }
}

} // namespace k8slab::proxy::test
