#include "core/client/leader_election.h"

#include "core/api/time_format.h"

namespace k8slab::client {

using api::Json;

namespace {
constexpr int kLeaseDurationSeconds = 15;
constexpr auto kRetryPeriod = std::chrono::seconds(2);
const apiserver::ResourceInfo &leases() { return resource("coordination.k8s.io", "v1", "leases"); }
} // namespace

LeaderElector::LeaderElector(Client &client, std::string ns, std::string name, std::string identity)
    : m_client(client), m_ns(std::move(ns)), m_name(std::move(name)), m_identity(std::move(identity))
{
}

LeaderElector::~LeaderElector()
{
    if (m_timer)
        m_client.api().loop().cancel(m_timer);
}

void LeaderElector::start()
{
    tryAcquireOrRenew();
}

void LeaderElector::tryAcquireOrRenew()
{
    engine::EventLoop &loop = m_client.api().loop();
    m_timer = loop.schedule(kRetryPeriod, [this] { tryAcquireOrRenew(); });
    const engine::TimePoint now = loop.now();
    const std::string stamp = api::formatMicroTime(now);
    auto current = m_client.get(leases(), m_ns, m_name);
    if (!current.ok()) {
        Json lease = {{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"},
                      {"metadata", {{"name", m_name}, {"namespace", m_ns}}},
                      {"spec", {{"holderIdentity", m_identity}, {"leaseDurationSeconds", kLeaseDurationSeconds},
                                {"acquireTime", stamp}, {"renewTime", stamp}, {"leaseTransitions", 0}}}};
        m_leading = m_client.create(leases(), m_ns, lease).ok();
        return;
    }
    Json lease = *current;
    const Json spec = lease.value("spec", Json::object());
    const std::string holder = spec.value("holderIdentity", "");
    const auto renewed = api::parseTime(spec.value("renewTime", ""));
    const bool expired = !renewed || *renewed + std::chrono::seconds(spec.value("leaseDurationSeconds", kLeaseDurationSeconds)) < now;
    if (holder != m_identity && !expired) {
        m_leading = false; // someone else leads
        return;
    }
    if (holder != m_identity) {
        lease["spec"]["holderIdentity"] = m_identity;
        lease["spec"]["acquireTime"] = stamp;
        lease["spec"]["leaseTransitions"] = spec.value("leaseTransitions", 0) + 1;
    }
    lease["spec"]["renewTime"] = stamp;
    lease["spec"]["leaseDurationSeconds"] = kLeaseDurationSeconds;
    m_leading = m_client.update(leases(), lease).ok();
}

} // namespace k8slab::client
