#include "core/controllers/loadbalancer_controller.h"

#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <set>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

const apiserver::ResourceInfo &services() { return client::resource("", "v1", "services"); }

bool wantsLoadBalancer(const Json &svc)
{
    return textAt(svc, "spec.type") == "LoadBalancer" && !jsonAt(svc, "spec.loadBalancerClass").is_string() && !isTerminating(svc);
}

std::string assigned(const Json &svc)
{
    const Json &ingress = jsonAt(svc, "status.loadBalancer.ingress");
    return ingress.is_array() && !ingress.empty() && ingress[0].is_object() ? ingress[0].value("ip", "") : std::string();
}

} // namespace

std::string formatIPv4(std::uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." + std::to_string((a >> 8) & 0xff) + "."
           + std::to_string(a & 0xff);
}

std::optional<std::uint32_t> parseIPv4(const std::string &text)
{
    std::uint32_t out = 0;
    int parts = 0;
    std::size_t start = 0;
    while (parts < 4) {
        const std::size_t dot = text.find('.', start);
        const std::string part = text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos || std::stoi(part) > 255)
            return std::nullopt;
        out = (out << 8) | static_cast<std::uint32_t>(std::stoi(part));
        ++parts;
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    if (parts != 4 || text.find('.', start) != std::string::npos)
        return std::nullopt;
    return out;
}

LoadBalancerController::LoadBalancerController(client::Client &client, client::InformerFactory &informers)
    : LoadBalancerController(client, informers, Pool{})
{
}

LoadBalancerController::LoadBalancerController(client::Client &client, client::InformerFactory &informers, Pool pool)
    : m_client(client), m_services(informers.forResource(services())),
      m_queue(client.api().loop(), "service", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "service-controller"), m_pool(pool)
{
}

void LoadBalancerController::start()
{
    const auto enqueue = [this](const Json &svc) { m_queue.add(client::Informer::keyOf(svc)); };
    m_services.addHandlers({enqueue, [enqueue](const Json &, const Json &svc) { enqueue(svc); }, {}});
}

void LoadBalancerController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_services.get(ns, name);
    if (!found)
        return; // gone: its address is free again (the pool is what the Services hold)
    Json svc = *found;
    const std::string current = assigned(svc);
    if (!wantsLoadBalancer(svc)) {
        if (current.empty() || jsonAt(svc, "spec.loadBalancerClass").is_string())
            return;
        // No longer a LoadBalancer: give the address back.
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.service.releaseLoadBalancer", svc,
                       {{"ip", current}});
        svc["status"]["loadBalancer"] = Json::object();
        (void)m_client.updateStatus(services(), svc);
        (void)m_events.record(svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer");
        return;
    }
    if (!current.empty())
        return;
    std::set<std::uint32_t> used;
    for (const Json *other : m_services.list())
        if (auto ip = parseIPv4(assigned(*other)))
            used.insert(*ip);
    std::optional<std::uint32_t> chosen;
    const std::string requested = textAt(svc, "spec.loadBalancerIP");
    (void)m_events.record(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer");
    if (!requested.empty()) {
        const auto ip = parseIPv4(requested);
        if (!ip || *ip < m_pool.first || *ip >= m_pool.first + m_pool.size || used.contains(*ip)) {
            (void)m_events.record(svc, "Warning", "SyncLoadBalancerFailed",
                                  "Error syncing load balancer: failed to ensure load balancer: " + requested
                                      + " is not a free address of the lab's pool " + formatIPv4(m_pool.first) + "-"
                                      + formatIPv4(m_pool.first + m_pool.size - 1));
            return;
        }
        chosen = ip;
    } else {
        for (std::uint32_t i = 0; i < m_pool.size && !chosen; ++i)
            if (!used.contains(m_pool.first + i))
                chosen = m_pool.first + i;
    }
    if (!chosen) {
        (void)m_events.record(svc, "Warning", "SyncLoadBalancerFailed",
                              "Error syncing load balancer: failed to ensure load balancer: the lab's address pool is exhausted");
        m_queue.addAfter(key, std::chrono::seconds(30));
        return;
    }
    const std::string ip = formatIPv4(*chosen);
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.service.ensureLoadBalancer", svc,
                   {{"ip", ip}, {"pool", formatIPv4(m_pool.first) + "-" + formatIPv4(m_pool.first + m_pool.size - 1)}});
    svc["status"]["loadBalancer"] = {{"ingress", Json::array({{{"ip", ip}, {"ipMode", "VIP"}}})}};
    if (m_client.updateStatus(services(), svc).ok())
        (void)m_events.record(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer");
    else
        m_queue.addRateLimited(key);
}

} // namespace k8slab::controllers
