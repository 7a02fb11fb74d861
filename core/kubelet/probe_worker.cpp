// The kubelet's prober: each probe of a running container on its own timer (initial
// delay, then every period), counted as upstream counts them — a startup probe holds the
// others back until it passes; failureThreshold liveness or startup failures kill the
// container (the restart policy decides what follows); readiness sets the container's
// ready flag, and so the pod's Ready condition and its place in the Service's endpoints.
#include "core/kubelet/kubelet.h"

#include "core/api/json.h"

namespace k8slab::kubelet {

using api::Json;

void Kubelet::startProbes(PodWorker &w, ContainerRecord &c)
{
    stopProbes(c);
    const Json *spec = containerSpec(w, c);
    c.startupDone = true;
    c.probedReady = true;
    if (!spec || (c.init && !c.sidecar))
        return; // init containers run to completion; only sidecars are probed
    for (ProbeKind kind : {ProbeKind::Startup, ProbeKind::Liveness, ProbeKind::Readiness}) {
        const int k = static_cast<int>(kind);
        c.probeSuccesses[k] = c.probeFailures[k] = 0;
        const std::optional<ProbeSpec> configured = probeOf(*spec, kind);
        if (!configured)
            continue;
        if (kind == ProbeKind::Startup)
            c.startupDone = false;
        if (kind == ProbeKind::Readiness)
            c.probedReady = false; // not ready until the first success
        c.probeTimers[k] = m_loop.schedule(configured->initialDelay, [this, uid = w.uid, name = c.name, instance = c.id, kind] {
            probe(uid, name, instance, kind);
        });
    }
}

void Kubelet::stopProbes(ContainerRecord &c)
{
    for (engine::TimerId &timer : c.probeTimers) {
        if (timer)
            m_loop.cancel(timer);
        timer = 0;
    }
}

void Kubelet::probe(const std::string &uid, const std::string &name, const std::string &instance, ProbeKind kind)
{
    const auto it = m_workers.find(uid);
    if (it == m_workers.end())
        return;
    PodWorker &w = it->second;
    ContainerRecord *c = recordOf(w, name);
    const int k = static_cast<int>(kind);
    if (!c || c->id != instance || w.terminating)
        return; // another instance now, or the pod is going: this probe ended with its container
    c->probeTimers[k] = 0;
    const Json *spec = containerSpec(w, *c);
    const std::optional<ProbeSpec> probeSpec = spec ? probeOf(*spec, kind) : std::nullopt;
    const auto status = m_runtime->containerStatus(instance);
    if (!probeSpec || !status || status->state != ContainerState::Running)
        return;
    const auto again = [&] {
        c->probeTimers[k] = m_loop.schedule(probeSpec->period, [this, uid, name, instance, kind] {
            probe(uid, name, instance, kind);
        });
    };
    // A stopped agent probes nothing; a startup probe holds the others back.
    if (m_agentDown || (kind != ProbeKind::Startup && !c->startupDone)) {
        again();
        return;
    }
    const ProbeOutcome outcome = runProbe(*m_runtime, instance, w.ip, *probeSpec);
    if (outcome.success) {
        ++c->probeSuccesses[k];
        c->probeFailures[k] = 0;
    } else {
        ++c->probeFailures[k];
        c->probeSuccesses[k] = 0;
        event(w, "Warning", "Unhealthy", std::string(probeKindName(kind)) + " probe failed: " + outcome.message,
              fieldPath(*c));
    }
    switch (kind) {
    case ProbeKind::Readiness: {
        bool ready = c->probedReady;
        if (outcome.success && c->probeSuccesses[k] >= probeSpec->successThreshold)
            ready = true;
        if (!outcome.success && c->probeFailures[k] >= probeSpec->failureThreshold)
            ready = false;
        if (ready != c->probedReady) {
            c->probedReady = ready;
            writeStatus(w);
        }
        again();
        return;
    }
    case ProbeKind::Startup:
        if (outcome.success) {
            c->startupDone = true;
            writeStatus(w);
            return; // a startup probe runs until its first success only
        }
        break;
    case ProbeKind::Liveness:
        break;
    }
    if (outcome.success || c->probeFailures[k] < probeSpec->failureThreshold) {
        again();
        return;
    }
    // Liveness or startup: failureThreshold failures in a row kill the container.
    std::string probeName = probeKindName(kind);
    probeName[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(probeName[0])));
    event(w, "Normal", "Killing", "Container " + name + " failed " + probeName + " probe, will be restarted", fieldPath(*c));
    trace(w, "kubelet.probe.failed",
          {{"container", name}, {"probe", probeKindName(kind)}, {"failures", std::to_string(c->probeFailures[k])},
           {"message", outcome.message}});
    stopProbes(*c);
    const std::chrono::seconds grace = probeSpec->terminationGrace.value_or(
        std::chrono::seconds(w.pod["spec"].value("terminationGracePeriodSeconds", 30)));
    m_runtime->stopContainer(instance, grace, [this, uid] { queueSync(uid); });
}

} // namespace k8slab::kubelet
