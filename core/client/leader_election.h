#pragma once

#include "core/client/client.h"

#include <string>

namespace k8slab::client {

/// Leader election over a coordination.k8s.io Lease, as client-go's leaderelection with
/// kube-controller-manager's and kube-scheduler's defaults (lease duration 15 s, renew
/// every 2 s): the component takes the Lease (holderIdentity "<host>_<uid>",
/// acquireTime, leaseTransitions) when it is free or expired, and keeps renewing it.
/// The lab runs one instance of each component, so it always leads; the Lease is there
/// because `kubectl get lease -n kube-system` shows it in every cluster.
class LeaderElector {
public:
    /// Elects `identity` through `client` on the Lease `ns/name`.
    LeaderElector(Client &client, std::string ns, std::string name, std::string identity);
    ~LeaderElector();
    LeaderElector(const LeaderElector &) = delete;
    LeaderElector &operator=(const LeaderElector &) = delete;

    /// Tries to take the Lease now and keeps renewing it every retry period.
    void start();
    /// True while this instance holds the Lease.
    [[nodiscard]] bool leading() const { return m_leading; }

private:
    void tryAcquireOrRenew();

    Client &m_client;
    std::string m_ns;
    std::string m_name;
    std::string m_identity;
    engine::TimerId m_timer = 0;
    bool m_leading = false;
};

} // namespace k8slab::client
