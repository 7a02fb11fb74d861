#include "core/lab/service_resolver.h"

#include "core/client/client.h"

#include <algorithm>

namespace k8slab::lab {

using api::Json;

namespace {

bool isAddress(const std::string &host)
{
    return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
}

std::vector<std::string> labels(const std::string &host)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t dot = std::min(host.find('.', start), host.size());
        out.push_back(host.substr(start, dot - start));
        start = dot + 1;
    }
    while (!out.empty() && out.back().empty())
        out.pop_back();
    return out;
}

// The ready endpoints behind a Service port, at the port the slices give for it.
kubelet::ServiceRoute routeThrough(apiserver::ApiServer &api, const Json &service, int port)
{
    kubelet::ServiceRoute route;
    route.resolved = true;
    const Json spec = service.value("spec", Json::object());
    const Json meta = service.value("metadata", Json::object());
    const std::string ns = meta.value("namespace", "");
    const std::string name = meta.value("name", "");
    const bool headless = spec.value("clusterIP", "") == "None";
    route.address = headless ? std::string() : spec.value("clusterIP", "");
    std::string portName;
    bool served = headless;
    for (const Json &p : spec.value("ports", Json::array())) {
        if (p.value("port", 0) == port) {
            portName = p.value("name", "");
            served = true;
        }
    }
    if (!served)
        return route; // nothing listens there: refused
    for (const Json &slice : api.objects(client::resource("discovery.k8s.io", "v1", "endpointslices"), ns)) {
        const Json sliceMeta = slice.value("metadata", Json::object());
        if (sliceMeta.value("labels", Json::object()).value("kubernetes.io/service-name", "") != name)
            continue;
        int target = headless ? port : 0;
        for (const Json &p : slice.value("ports", Json::array()))
            if (!headless && p.value("name", "") == portName)
                target = p.value("port", 0);
        if (target == 0)
            continue;
        for (const Json &e : slice.value("endpoints", Json::array())) {
            const Json conditions = e.value("conditions", Json::object());
            if (conditions.contains("ready") && conditions["ready"].is_boolean() && !conditions["ready"].get<bool>())
                continue;
            const Json addresses = e.value("addresses", Json::array());
            if (!addresses.empty() && addresses[0].is_string())
                route.endpoints.emplace_back(addresses[0].get<std::string>(), target);
        }
    }
    if (headless && !route.endpoints.empty())
        route.address = route.endpoints.front().first;
    return route;
}

} // namespace

kubelet::ServiceResolver serviceResolver(apiserver::ApiServer &api)
{
    return [&api](const std::string &clientNs, const std::string &host, int port) -> kubelet::ServiceRoute {
        const apiserver::ResourceInfo &services = client::resource("", "v1", "services");
        if (isAddress(host)) {
            for (const Json &service : api.objects(services, ""))
                if (service.value("spec", Json::object()).value("clusterIP", "") == host)
                    return routeThrough(api, service, port);
            kubelet::ServiceRoute direct;
            direct.resolved = true;
            direct.address = host;
            direct.endpoints.emplace_back(host, port);
            return direct;
        }
        // Cluster DNS: <service>[.<namespace>[.svc[.cluster.local]]].
        const std::vector<std::string> parts = labels(host);
        static const std::vector<std::string> suffix = {"svc", "cluster", "local"};
        if (parts.empty() || parts.size() > 5)
            return {};
        for (std::size_t i = 2; i < parts.size(); ++i)
            if (parts[i] != suffix[i - 2])
                return {};
        auto service = api.get(services, parts.size() >= 2 ? parts[1] : clientNs, parts[0]);
        if (!service.ok())
            return {};
        return routeThrough(api, *service, port);
    };
}

} // namespace k8slab::lab
