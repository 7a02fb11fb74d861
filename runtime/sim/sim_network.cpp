#include "runtime/sim/sim_network.h"

#include "runtime/sim/sim_runtime.h"

#include <algorithm>
#include <map>

namespace k8slab::runtime::sim {

SimNetwork::SimNetwork(engine::EventLoop &loop) : m_loop(loop) {}

SimNetwork::~SimNetwork()
{
    if (m_timer)
        m_loop.cancel(m_timer);
}

void SimNetwork::attach(SimRuntime *runtime)
{
    m_runtimes.push_back(runtime);
}

void SimNetwork::detach(SimRuntime *runtime)
{
    std::erase(m_runtimes, runtime);
    serversChanged();
}

SimNetwork::Url SimNetwork::parseUrl(const std::string &text)
{
    Url url;
    std::string rest = text;
    if (const auto scheme = rest.find("://"); scheme != std::string::npos)
        rest = rest.substr(scheme + 3);
    const auto slash = rest.find('/');
    if (slash != std::string::npos) {
        url.path = rest.substr(slash);
        rest = rest.substr(0, slash);
    }
    if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
        url.port = std::atoi(rest.substr(colon + 1).c_str());
        rest = rest.substr(0, colon);
    }
    url.host = rest;
    return url;
}

kubelet::ServiceRoute SimNetwork::resolve(const std::string &ns, const Url &url) const
{
    if (m_resolver)
        return m_resolver(ns, url.host, url.port);
    // Without the cluster's resolver only addresses work, as they are.
    kubelet::ServiceRoute route;
    const bool address = !url.host.empty() && std::all_of(url.host.begin(), url.host.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
    if (address) {
        route.resolved = true;
        route.address = url.host;
        route.endpoints.emplace_back(url.host, url.port);
    }
    return route;
}

SimNetwork::Reply SimNetwork::request(const std::string &ns, const std::string &text)
{
    const Url url = parseUrl(text);
    Reply reply;
    reply.host = url.host;
    reply.port = url.port;
    const kubelet::ServiceRoute route = resolve(ns, url);
    if (!route.resolved)
        return reply;
    reply.address = route.address;
    reply.outcome = Reply::Outcome::Refused;
    if (route.endpoints.empty())
        return reply;
    // kube-proxy picks one endpoint at random.
    const auto &[ip, port] = route.endpoints[m_loop.random().below(route.endpoints.size())];
    for (SimRuntime *runtime : m_runtimes) {
        if (const std::optional<std::string> server = runtime->serverAt(ip, port)) {
            const auto [status, body] = runtime->answer(*server, url.path);
            reply.outcome = Reply::Outcome::Answered;
            reply.httpStatus = status;
            reply.body = body;
            break;
        }
    }
    return reply;
}

void SimNetwork::clientStarted()
{
    ++m_clients;
    spreadSoon();
}

void SimNetwork::clientStopped()
{
    --m_clients;
    spreadSoon();
}

void SimNetwork::serversChanged()
{
    if (m_clients > 0)
        spreadSoon();
}

void SimNetwork::spreadSoon()
{
    if (m_timer)
        m_loop.cancel(m_timer);
    m_timer = m_loop.schedule(engine::Duration::zero(), [this] { spread(); });
}

void SimNetwork::spread()
{
    m_timer = 0;
    // Each load generator's rate, split evenly over the endpoints behind its target (the
    // expectation of kube-proxy's random choice), lands on the containers serving them.
    std::map<SimRuntime *, std::map<std::string, double>> incoming;
    for (SimRuntime *runtime : m_runtimes) {
        for (const SimRuntime::ClientLoad &load : runtime->clientLoads()) {
            const Url url = parseUrl(load.url);
            const kubelet::ServiceRoute route = resolve(load.ns, url);
            if (route.endpoints.empty())
                continue;
            const double share = load.rate / double(route.endpoints.size());
            for (const auto &[ip, port] : route.endpoints) {
                for (SimRuntime *server : m_runtimes) {
                    if (const std::optional<std::string> id = server->serverAt(ip, port)) {
                        incoming[server][*id] += share;
                        break;
                    }
                }
            }
        }
    }
    for (SimRuntime *runtime : m_runtimes)
        runtime->setIncomingRates(incoming[runtime]);
    if (m_clients > 0)
        m_timer = m_loop.schedule(kSpreadPeriod, [this] { spread(); });
}

} // namespace k8slab::runtime::sim
