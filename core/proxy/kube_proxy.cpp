#include "core/proxy/kube_proxy.h"

#include "core/proxy/iptables_backend.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <utility>

namespace k8slab::proxy {

namespace {

/// ctime's form, as iptables-save stamps its headers: "Fri Nov 27 10:26:14 2026".
std::string ctimeOf(engine::TimePoint t)
{
    const std::time_t secs = std::time_t(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a %b %e %H:%M:%S %Y", &tm);
    return buffer;
}

std::string joined(const std::vector<std::string> &items, std::size_t limit = 8)
{
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < limit; ++i)
        out += (i ? ", " : "") + items[i];
    if (items.size() > limit)
        out += ", … (" + std::to_string(items.size()) + ")";
    return out;
}

ProxyConfig withClock(ProxyConfig config, engine::EventLoop &loop)
{
    config.clock = [&loop] { return loop.now(); };
    return config;
}

} // namespace

KubeProxy::KubeProxy(engine::EventLoop &loop, engine::TraceBus &trace, ProxyConfig config, ProxyMode mode,
                     ServiceSource source)
    : m_loop(loop), m_trace(trace), m_config(withClock(std::move(config), loop)), m_source(std::move(source)),
      m_backend(makeBackend(mode, m_config)),
      m_syncDuration(m_registry.add<metrics::Histogram>(
          "kubeproxy_sync_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds",
          metrics::Histogram::exponentialBuckets(0.001, 2, 15))),
      m_fullDuration(m_registry.add<metrics::Histogram>(
          "kubeproxy_sync_full_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds for full resyncs",
          metrics::Histogram::exponentialBuckets(0.001, 2, 15))),
      m_partialDuration(m_registry.add<metrics::Histogram>(
          "kubeproxy_sync_partial_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds for partial resyncs",
          metrics::Histogram::exponentialBuckets(0.001, 2, 15))),
      m_programming(m_registry.add<metrics::Histogram>(
          "kubeproxy_network_programming_duration_seconds", "In Cluster Network Programming Latency in seconds",
          std::vector<double>{0.25, 0.5, 1, 2, 3, 4, 5, 10, 15, 30, 60, 120, 300, 600})),
      m_lastSync(m_registry.add<metrics::Gauge>("kubeproxy_sync_proxy_rules_last_timestamp_seconds",
                                                "The last time proxy rules were successfully synced")),
      m_rulesTotal(m_registry.add<metrics::Gauge>(
          "kubeproxy_sync_proxy_rules_iptables_total", "Total number of iptables rules owned by kube-proxy",
          std::vector<std::string>{"table"})),
      m_restoreFailures(m_registry.add<metrics::Counter>(
          "kubeproxy_sync_proxy_rules_iptables_partial_restore_failures_total",
          "Cumulative proxy iptables partial restore failures"))
{
    m_restoreFailures.inc({}, 0); // exposed from the start, as upstream's counters are
    schedulePeriodic();
    m_tokensAt = m_loop.now();
}

void KubeProxy::schedulePeriodic()
{
    // The runner's maxInterval: IPVS resyncs every syncPeriod, iptables and nftables hourly.
    const engine::Duration period =
        m_backend->mode() == ProxyMode::IPVS ? m_config.syncPeriod : engine::Duration(std::chrono::hours(1));
    std::weak_ptr<bool> alive = m_alive;
    m_periodic = m_loop.schedule(period, [this, alive] {
        if (alive.expired())
            return;
        m_periodic = 0;
        requestSync("periodic");
        schedulePeriodic();
    });
}

KubeProxy::~KubeProxy()
{
    *m_alive = false;
    if (m_timer)
        m_loop.cancel(m_timer);
    if (m_periodic)
        m_loop.cancel(m_periodic);
}

void KubeProxy::requestSync(const std::string &cause, bool full)
{
    m_needFull = m_needFull || full;
    if (m_pendingCauses.empty())
        m_firstPending = m_loop.now();
    if (std::find(m_pendingCauses.begin(), m_pendingCauses.end(), cause) == m_pendingCauses.end())
        m_pendingCauses.push_back(cause);
    m_pendingCauseIds.add(m_loop.currentCause());
    schedule();
}

void KubeProxy::schedule()
{
    if (m_timer)
        return;
    const engine::TimePoint now = m_loop.now();
    const double period = double(std::max<engine::Duration::rep>(m_config.minSyncPeriod.count(), 1));
    m_tokens = std::min(2.0, m_tokens + double((now - m_tokensAt).count()) / period);
    m_tokensAt = now;
    const engine::Duration wait = m_tokens >= 1 || m_config.minSyncPeriod.count() == 0
                                      ? engine::Duration(0)
                                      : engine::Duration(engine::Duration::rep((1 - m_tokens) * period) + 1);
    std::weak_ptr<bool> alive = m_alive;
    m_timer = m_loop.schedule(wait, [this, alive] {
        if (alive.expired())
            return;
        m_timer = 0;
        run();
    });
}

void KubeProxy::run()
{
    const engine::TimePoint now = m_loop.now();
    const double period = double(std::max<engine::Duration::rep>(m_config.minSyncPeriod.count(), 1));
    m_tokens = std::min(2.0, m_tokens + double((now - m_tokensAt).count()) / period) - 1;
    m_tokensAt = now;
    syncNow();
}

void KubeProxy::syncNow()
{
    const auto started = std::chrono::steady_clock::now();
    const ServiceMap current = m_source(m_config.nodeName);
    std::set<std::string> changed;
    for (const auto &[name, state] : current) {
        const auto it = m_applied.find(name);
        if (it == m_applied.end() || !(it->second == state))
            changed.insert(name);
    }
    for (const auto &[name, state] : m_applied)
        if (!current.count(name))
            changed.insert(name);
    const bool full = m_needFull;

    SyncRecord record;
    record.number = ++m_syncCount;
    record.time = m_loop.now();
    record.mode = modeName(m_backend->mode());
    record.full = full;
    record.causes = m_pendingCauses.empty() ? std::vector<std::string>{"startup"} : m_pendingCauses;
    for (const std::string &name : changed)
        if (current.count(name))
            record.services.push_back(name);
    if (full)
        for (const auto &[name, state] : current)
            if (!changed.count(name))
                record.services.push_back(name);
    m_pendingCauses.clear();

    std::vector<std::string> before = m_backend->ruleLines();
    Result<BackendSync> made = m_backend->sync(current, changed, full);
    if (made.ok() && m_sink)
        if (Status s = m_sink->apply(m_backend->mode(), *made); !s.ok())
            made = s;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    record.durationMicros = std::int64_t(seconds * 1e6);
    if (!made.ok()) {
        // upstream: a failed restore is retried as a full sync after syncPeriod.
        m_needFull = true;
        record.error = made.status().message();
        m_restoreFailures.inc();
        std::weak_ptr<bool> alive = m_alive;
        m_loop.schedule(m_config.syncPeriod, [this, alive] {
            if (!alive.expired())
                requestSync("retry after failure", true);
        });
    } else {
        m_needFull = false;
        m_applied = current;
        record.payload = std::move(made->payload);
        record.rules = made->rules;
        std::vector<std::string> after = m_backend->ruleLines();
        std::sort(before.begin(), before.end());
        std::sort(after.begin(), after.end());
        std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(record.added));
        std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(record.removed));
        m_syncDuration.observe({}, seconds);
        (full ? m_fullDuration : m_partialDuration).observe({}, seconds);
        m_programming.observe({}, std::chrono::duration<double>(m_loop.now() - m_firstPending).count());
        m_lastSync.set({}, double(engine::toNanos(m_loop.now())) / 1e9);
        if (m_backend->mode() != ProxyMode::NFTables) {
            const std::vector<std::string> lines = m_backend->ruleLines();
            std::size_t filter = 0, nat = 0;
            for (const std::string &l : lines) {
                filter += l.starts_with("[filter]") ? 1 : 0;
                nat += l.starts_with("[nat]") ? 1 : 0;
            }
            m_rulesTotal.set({"filter"}, double(filter));
            m_rulesTotal.set({"nat"}, double(nat));
        }
    }
    const engine::CauseList causeIds = std::exchange(m_pendingCauseIds, {});
    engine::CauseListScope causeScope(m_loop, causeIds);
    record.traceId = m_trace.publish(
        "kube-proxy/" + m_config.nodeName, proto::TRACE_KIND_ACTION, record.error.empty() ? "proxy.sync" : "proxy.sync_failed",
        engine::ObjectRef{"Node", "", m_config.nodeName, ""},
        {{"node", m_config.nodeName},
         {"mode", record.mode},
         {"sync", full ? "full" : "partial"},
         {"causes", joined(record.causes)},
         {"services", joined(record.services)},
         {"added", std::to_string(record.added.size())},
         {"removed", std::to_string(record.removed.size())},
         {"rules", std::to_string(record.rules)},
         {"duration_us", std::to_string(record.durationMicros)},
         {"number", std::to_string(record.number)},
         {"error", record.error}});
    m_syncs.push_back(std::move(record));
    while (m_syncs.size() > kHistory)
        m_syncs.pop_front();
}

std::string KubeProxy::rules(ProxyMode mode) const
{
    const std::string when = ctimeOf(m_loop.now());
    if (mode == m_backend->mode())
        return m_backend->render(when);
    std::unique_ptr<ProxyBackend> other = makeBackend(mode, m_config);
    if (Result<BackendSync> s = other->sync(m_applied, {}, true); !s.ok())
        return "# cannot compute " + std::string(modeName(mode)) + " rules: " + s.status().message() + "\n";
    return other->render(when);
}

IptablesState KubeProxy::iptablesTables() const
{
    if (const auto *own = dynamic_cast<const IptablesBackend *>(m_backend.get()))
        return own->state();
    IptablesBackend other(m_config);
    (void)other.sync(m_applied, {}, true);
    return other.state();
}

PacketPath KubeProxy::tracePacket(const Packet &packet, ProxyMode mode)
{
    if (mode == m_backend->mode())
        return m_backend->trace(packet, m_loop.random());
    std::unique_ptr<ProxyBackend> other = makeBackend(mode, m_config);
    (void)other->sync(m_applied, {}, true);
    return other->trace(packet, m_loop.random());
}

} // namespace k8slab::proxy
