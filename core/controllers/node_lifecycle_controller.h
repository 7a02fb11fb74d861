#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/rate_limiter.h"

#include <map>
#include <string>

namespace k8slab::controllers {

/// The node lifecycle controller: every node-monitor-period (5 s) it checks each node's
/// heartbeats (the Ready condition's lastHeartbeatTime and the node's Lease in
/// kube-node-lease). A node silent for longer than the grace period (50 s, v1.32; 60 s
/// for a node that never reported) gets its Ready and pressure conditions set to
/// Unknown ("Kubelet stopped posting node status."), a NodeNotReady event, and its pods
/// marked not Ready. It keeps the health taints in step with the conditions:
/// not-ready/unreachable NoExecute (at most one node tainted per 10 s, as the default
/// eviction rate of 0.1 nodes/s) and the NoSchedule taints of TaintNodesByCondition
/// (not-ready, unreachable, memory/disk/pid-pressure, network-unavailable,
/// unschedulable). When every node of every zone is down it stops tainting and lifts
/// the NoExecute taints ("master disruption"), as upstream does.
class NodeLifecycleController {
public:
    /// Timings (upstream's flags).
    struct Options {
        engine::Duration monitorPeriod = std::chrono::seconds(5);
        engine::Duration monitorGracePeriod = std::chrono::seconds(50);
        engine::Duration startupGracePeriod = std::chrono::seconds(60);
        double evictionRate = 0.1; ///< NoExecute taints per second per zone (Normal zones)
    };

    /// A controller acting through `client`, reading from the shared `informers`.
    NodeLifecycleController(client::Client &client, client::InformerFactory &informers);
    NodeLifecycleController(client::Client &client, client::InformerFactory &informers, Options options);
    ~NodeLifecycleController();
    NodeLifecycleController(const NodeLifecycleController &) = delete;
    NodeLifecycleController &operator=(const NodeLifecycleController &) = delete;

    /// Registers the handlers and starts the monitor.
    void start();

private:
    struct Health {
        std::string heartbeat;   ///< the Ready condition's lastHeartbeatTime last seen
        std::string leaseRenew;  ///< the Lease's renewTime last seen
        engine::TimePoint probe{}; ///< when either last moved
        std::string lastReady;   ///< the Ready status seen on the previous pass
    };

    void monitor();
    void checkHealth(const api::Json &node, Health &health);
    void markPodsNotReady(const std::string &node);
    void syncTaints(const api::Json &node, const std::map<std::string, std::string> &zoneStates, bool allZonesDown);
    bool updateTaints(const api::Json &node, const api::Json &wanted, const std::string &why);

    client::Client &m_client;
    Options m_options;
    client::Informer &m_nodes;
    client::Informer &m_leases;
    client::Informer &m_pods;
    apiserver::EventRecorder m_events;
    std::map<std::string, Health> m_health;
    std::map<std::string, client::RateLimiter> m_zoneLimiters;
    engine::TimerId m_timer = 0;
};

/// The zone a node is in (region and zone labels), "" when it has none.
std::string nodeZone(const api::Json &node);

} // namespace k8slab::controllers
