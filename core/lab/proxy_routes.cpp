#include "core/lab/proxy_routes.h"

#include "core/api/time_format.h"
#include "core/apiserver/status_response.h"
#include "core/lab/node_routes.h"
#include "core/proxy/node_proxies.h"

namespace k8slab::lab {

using api::Json;
using apiserver::ApiResponse;

namespace {

ApiResponse text(std::string body, std::string type = "text/plain; charset=utf-8")
{
    ApiResponse r;
    r.contentType = std::move(type);
    r.body = std::move(body);
    return r;
}

Json recordJson(const proxy::SyncRecord &s, bool details)
{
    Json j = {{"number", s.number},
              {"time", api::formatMicroTime(s.time)},
              {"mode", s.mode},
              {"kind", s.full ? "full" : "partial"},
              {"causes", s.causes},
              {"services", s.services},
              {"added", s.added.size()},
              {"removed", s.removed.size()},
              {"rules", s.rules},
              {"durationMicros", s.durationMicros},
              {"traceId", s.traceId}};
    if (!s.error.empty())
        j["error"] = s.error;
    if (details) {
        j["addedRules"] = s.added;
        j["removedRules"] = s.removed;
        j["payload"] = s.payload;
    }
    return j;
}

Json pathJson(const proxy::PacketPath &p)
{
    Json steps = Json::array();
    for (const proxy::TraceStep &s : p.steps)
        steps.push_back({{"hook", s.hook}, {"table", s.table}, {"chain", s.chain}, {"index", s.index}, {"rule", s.rule},
                         {"matched", s.matched}, {"effect", s.effect}});
    return {{"kind", "PacketPath"},
            {"apiVersion", "lab.k8slab.org/v1"},
            {"verdict", p.verdict},
            {"delivered", p.delivered},
            {"dnatTo", p.dnatTo},
            {"masqueraded", p.masqueraded},
            {"finalSource", p.finalSource},
            {"finalDestination", p.finalDestination},
            {"finalPort", p.finalPort},
            {"rulesEvaluated", p.rulesEvaluated},
            {"steps", steps}};
}

Status badParam(const std::string &name, const std::string &message)
{
    return Status(StatusCode::BadRequest, message, {{name, "FieldValueInvalid", message}});
}

} // namespace

std::optional<ApiResponse> proxyRoutes(proxy::NodeProxies &proxies, const apiserver::ApiRequest &request)
{
    const std::optional<NodePath> parts = nodePath(request.path);
    if (!parts || !parts->rest.starts_with("proxy/"))
        return std::nullopt;
    const std::string &node = parts->node;
    const std::string action = parts->rest.substr(6);
    if (request.method != "GET")
        return apiserver::errorResponse(Status(StatusCode::MethodNotAllowed, "the proxy routes only answer GET"));
    proxy::KubeProxy *p = proxies.proxy(node);
    if (!p)
        return apiserver::errorResponse(Status(StatusCode::NotFound, "node \"" + node + "\" runs no kube-proxy in the lab"));
    proxy::ProxyMode mode = p->mode();
    if (const auto m = request.param("mode"); m && !proxy::parseMode(*m, mode))
        return apiserver::errorResponse(badParam("mode", "mode must be iptables, ipvs or nftables"));
    if (action == "rules")
        return text(p->rules(mode));
    if (action == "metrics")
        return text(p->metricsText(), "text/plain; version=0.0.4; charset=utf-8");
    if (action == "syncs") {
        Json items = Json::array();
        for (const proxy::SyncRecord &s : p->syncs())
            items.push_back(recordJson(s, false));
        return apiserver::jsonResponse(200, {{"kind", "ProxySyncList"}, {"apiVersion", "lab.k8slab.org/v1"},
                                             {"node", node}, {"mode", proxy::modeName(p->mode())}, {"items", items}});
    }
    if (action.starts_with("syncs/")) {
        const std::string n = action.substr(6);
        for (const proxy::SyncRecord &s : p->syncs())
            if (std::to_string(s.number) == n) {
                Json j = recordJson(s, true);
                j["kind"] = "ProxySync";
                j["apiVersion"] = "lab.k8slab.org/v1";
                j["node"] = node;
                return apiserver::jsonResponse(200, j);
            }
        return apiserver::errorResponse(Status(StatusCode::NotFound, "node \"" + node + "\" has no sync " + n +
                                                                         " (the last " +
                                                                         std::to_string(proxy::KubeProxy::kHistory) +
                                                                         " are kept)"));
    }
    if (action == "trace") {
        proxy::Packet packet;
        packet.source = request.param("src").value_or("");
        packet.destination = request.param("dst").value_or("");
        const std::string port = request.param("port").value_or("");
        packet.port = std::atoi(port.c_str());
        packet.protocol = request.param("protocol").value_or("tcp");
        std::uint32_t ip = 0;
        if (!proxy::parseIPv4(packet.source, ip))
            return apiserver::errorResponse(badParam("src", "src must be an IPv4 address"));
        if (!proxy::parseIPv4(packet.destination, ip))
            return apiserver::errorResponse(badParam("dst", "dst must be an IPv4 address"));
        if (packet.port <= 0 || packet.port > 65535 || std::to_string(packet.port) != port)
            return apiserver::errorResponse(badParam("port", "port must be a number in 1-65535"));
        if (packet.protocol != "tcp" && packet.protocol != "udp" && packet.protocol != "sctp")
            return apiserver::errorResponse(badParam("protocol", "protocol must be tcp, udp or sctp"));
        const std::string from = request.param("from").value_or(
            proxy::cidrContains(p->config().clusterCIDR, packet.source) ? "pod" : "outside");
        if (from == "pod")
            packet.origin = proxy::PacketOrigin::Pod;
        else if (from == "node")
            packet.origin = proxy::PacketOrigin::Node;
        else if (from == "outside")
            packet.origin = proxy::PacketOrigin::Outside;
        else
            return apiserver::errorResponse(badParam("from", "from must be pod, node or outside"));
        Json body = pathJson(p->tracePacket(packet, mode));
        body["node"] = node;
        body["mode"] = proxy::modeName(mode);
        return apiserver::jsonResponse(200, body);
    }
    return apiserver::errorResponse(Status(StatusCode::NotFound, "no proxy route \"" + action +
                                                                     "\" (rules, syncs, syncs/{n}, trace, metrics)"));
}

} // namespace k8slab::lab
