#pragma once

#include "core/apiserver/request.h"

#include <optional>

namespace k8slab::proxy {
class NodeProxies;
}

namespace k8slab::lab {

/// kube-proxy's part of the lab-control API (docs/lab-api.md), per node:
/// GET /lab/v1/nodes/{node}/proxy/rules?mode=iptables|ipvs|nftables — the rules as the
///     mode's tools print them (default: the cluster's mode);
/// GET /lab/v1/nodes/{node}/proxy/syncs — the sync history (cause, kind, diff sizes);
/// GET /lab/v1/nodes/{node}/proxy/syncs/{n} — one sync with its payload and diff;
/// GET /lab/v1/nodes/{node}/proxy/trace?src=IP&dst=IP&port=N[&protocol=tcp][&from=pod|node|outside][&mode=…]
///     — a packet's walk through the node's rules;
/// GET /lab/v1/nodes/{node}/proxy/metrics — the proxy's Prometheus metrics.
std::optional<apiserver::ApiResponse> proxyRoutes(proxy::NodeProxies &proxies, const apiserver::ApiRequest &request);

} // namespace k8slab::lab
