#pragma once

#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/metrics/metrics.h"
#include "core/proxy/iptables_state.h"
#include "core/proxy/proxy_backend.h"

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace k8slab::proxy {

/// One sync as the lab remembers it (GET /lab/v1/nodes/{node}/proxy/syncs).
struct SyncRecord {
    std::uint64_t number = 0;
    engine::TimePoint time;
    std::string mode;
    bool full = false;
    std::vector<std::string> causes;   ///< "Service default/web", "EndpointSlice default/web-abc12", "startup", "periodic"
    std::vector<std::string> services; ///< service ports whose own chains were rewritten
    std::vector<std::string> added;    ///< rules (as the tools print them) the sync added
    std::vector<std::string> removed;  ///< … and removed
    std::string payload;               ///< what was handed to iptables-restore / nft -f / ipset+ipvsadm
    std::int64_t durationMicros = 0;   ///< wall time to compute and apply
    std::size_t rules = 0;             ///< rules on the node afterwards
    std::uint64_t traceId = 0;         ///< the proxy.sync trace event
    std::string error;                 ///< a failed sync's reason (the next one is full)
};

/// Applies a sync to a real node (a network namespace) besides the lab's model.
class RuleSink {
public:
    virtual ~RuleSink() = default;
    /// Applies `sync` of `mode`; an error makes the proxy's next sync a full one.
    virtual Status apply(ProxyMode mode, const BackendSync &sync) = 0;
};

/// kube-proxy on one node: told of Service/EndpointSlice changes, it syncs through a
/// BoundedFrequencyRunner (at most one sync per minSyncPeriod, burst 2, and once per
/// hour unprompted), full at start and after a failure, partial otherwise (only the
/// changed services' chains). Every sync is a trace event (proxy.sync) caused by the
/// change that prompted it, with its diff, and a SyncRecord kept for the views.
class KubeProxy {
public:
    /// The service map of a node, as the shared informers see the cluster now.
    using ServiceSource = std::function<ServiceMap(const std::string &node)>;

    KubeProxy(engine::EventLoop &loop, engine::TraceBus &trace, ProxyConfig config, ProxyMode mode, ServiceSource source);
    ~KubeProxy();
    KubeProxy(const KubeProxy &) = delete;
    KubeProxy &operator=(const KubeProxy &) = delete;

    /// Something the rules depend on changed (`cause` names it); a sync follows.
    void requestSync(const std::string &cause, bool full = false);
    /// Runs the pending sync now (tests, and the first sync at start).
    void syncNow();
    /// Real rules: every sync is also applied through `sink` (null: model only).
    void setSink(RuleSink *sink) { m_sink = sink; }

    [[nodiscard]] const std::string &node() const { return m_config.nodeName; }
    [[nodiscard]] ProxyMode mode() const { return m_backend->mode(); }
    [[nodiscard]] const ProxyConfig &config() const { return m_config; }
    /// The node's rules as `mode`'s tools print them. The proxy's own mode shows what it
    /// wrote; another mode shows what that mode would write for the same services.
    [[nodiscard]] std::string rules(ProxyMode mode) const;
    [[nodiscard]] const ProxyBackend &backend() const { return *m_backend; }
    [[nodiscard]] const std::deque<SyncRecord> &syncs() const { return m_syncs; }
    /// The node's iptables tables: the ones it wrote in iptables mode, else the ones
    /// iptables mode would write for the same services (what the chain graph draws).
    [[nodiscard]] IptablesState iptablesTables() const;
    /// The service ports the last successful sync wrote rules for.
    [[nodiscard]] const ServiceMap &services() const { return m_applied; }
    /// Walks a packet through the node's rules in `mode`.
    PacketPath tracePacket(const Packet &packet, ProxyMode mode);
    /// Prometheus exposition of this proxy's metrics (upstream's kubeproxy_* names).
    [[nodiscard]] std::string metricsText() const { return m_registry.expose(); }

    /// How many syncs are kept.
    static constexpr std::size_t kHistory = 200;

private:
    void schedule();
    void schedulePeriodic();
    void run();

    engine::EventLoop &m_loop;
    engine::TraceBus &m_trace;
    ProxyConfig m_config;
    ServiceSource m_source;
    std::unique_ptr<ProxyBackend> m_backend;
    RuleSink *m_sink = nullptr;
    ServiceMap m_applied; ///< the services as of the last successful sync
    bool m_needFull = true;
    std::vector<std::string> m_pendingCauses;
    engine::CauseList m_pendingCauseIds; // the trace events behind m_pendingCauses
    engine::TimePoint m_firstPending{};
    engine::TimerId m_timer = 0;
    engine::TimerId m_periodic = 0;
    double m_tokens = 2; ///< the runner's burst bucket
    engine::TimePoint m_tokensAt{};
    std::deque<SyncRecord> m_syncs;
    std::uint64_t m_syncCount = 0;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);

    metrics::Registry m_registry;
    metrics::Histogram &m_syncDuration;
    metrics::Histogram &m_fullDuration;
    metrics::Histogram &m_partialDuration;
    metrics::Histogram &m_programming;
    metrics::Gauge &m_lastSync;
    metrics::Gauge &m_rulesTotal;
    metrics::Counter &m_restoreFailures;
};

} // namespace k8slab::proxy
