// The pod printer, following pkg/printers/internalversion/printers.go (printPod) of
// Kubernetes v1.32: READY, STATUS and RESTARTS as kubectl shows them.
#include "core/api/time_format.h"
#include "core/apiserver/table_printers_support.h"

#include <algorithm>
#include <set>

namespace k8slab::apiserver::printers {

namespace {

/// The latest lastState.terminated.finishedAt seen so far (Go's zero time is "none").
void noteLastTermination(const api::Json &status, std::optional<engine::TimePoint> &latest)
{
    const auto finished = timestamp(status, {"lastState", "terminated", "finishedAt"});
    if (finished && (!latest || *latest < *finished))
        latest = finished;
}

bool hasCondition(const api::Json &pod, std::string_view type)
{
    for (const api::Json &condition : list(pod, {"status", "conditions"})) {
        if (text(condition, {"type"}) == type && text(condition, {"status"}) == "True")
            return true;
    }
    return false;
}

bool isRestartableInitContainer(const api::Json &pod, const std::string &name)
{
    // A sidecar is an init container with restartPolicy Always; a status whose name
    // matches no spec is not one (upstream looks up a nil container).
    for (const api::Json &container : list(pod, {"spec", "initContainers"})) {
        if (text(container, {"name"}) == name)
            return text(container, {"restartPolicy"}) == "Always";
    }
    return false;
}

/// "Signal:9" / "ExitCode:1" for a terminated state without a reason.
std::string terminatedWithoutReason(const api::Json &terminated)
{
    const std::int64_t signal = integer(terminated, {"signal"});
    if (signal != 0)
        return "Signal:" + std::to_string(signal);
    return "ExitCode:" + std::to_string(integer(terminated, {"exitCode"}));
}

std::string readinessGatesCell(const api::Json &pod)
{
    const api::Json &gates = list(pod, {"spec", "readinessGates"});
    if (gates.empty())
        return "<none>";
    int trueConditions = 0;
    for (const api::Json &gate : gates) {
        const std::string type = text(gate, {"conditionType"});
        for (const api::Json &condition : list(pod, {"status", "conditions"})) {
            if (text(condition, {"type"}) == type) {
                trueConditions += text(condition, {"status"}) == "True" ? 1 : 0;
                break;
            }
        }
    }
    return std::to_string(trueConditions) + "/" + std::to_string(gates.size());
}

} // namespace

const std::vector<ColumnDefinition> &podColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        column("Status", "string", "The aggregate status of the containers in this pod."),
        column("Restarts", "string",
               "The number of times the containers in this pod have been restarted and when the last container in "
               "this pod has restarted."),
        ageColumn(),
        column("IP", "string",
               "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
               1),
        column("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
        column("Nominated Node", "string",
               "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be "
               "scheduled right away as preemption victims receive their graceful termination periods.",
               1),
        column("Readiness Gates", "string",
               "If specified, all readiness gates will be evaluated for pod readiness.", 1),
    };
    return columns;
}

api::Json podCells(const api::Json &pod, engine::TimePoint now)
{
    const std::string phase = text(pod, {"status", "phase"});
    const std::string statusReason = text(pod, {"status", "reason"});
    std::string reason = statusReason.empty() ? phase : statusReason;
    for (const api::Json &condition : list(pod, {"status", "conditions"})) {
        if (text(condition, {"type"}) == "PodScheduled" && text(condition, {"reason"}) == "SchedulingGated")
            reason = "SchedulingGated";
    }

    std::int64_t totalContainers = static_cast<std::int64_t>(list(pod, {"spec", "containers"}).size());
    const api::Json &initSpecs = list(pod, {"spec", "initContainers"});
    for (const api::Json &container : initSpecs) {
        if (text(container, {"restartPolicy"}) == "Always")
            ++totalContainers; // sidecars count towards READY like app containers
    }

    std::int64_t readyContainers = 0;
    std::int64_t restarts = 0;
    std::int64_t sidecarRestarts = 0;
    std::optional<engine::TimePoint> lastRestart;
    std::optional<engine::TimePoint> lastSidecarRestart;

    bool initializing = false;
    const api::Json &initStatuses = list(pod, {"status", "initContainerStatuses"});
    for (std::size_t i = 0; i < initStatuses.size(); ++i) {
        const api::Json &status = initStatuses[i];
        const std::int64_t restartCount = integer(status, {"restartCount"});
        restarts += restartCount;
        noteLastTermination(status, lastRestart);
        const bool sidecar = isRestartableInitContainer(pod, text(status, {"name"}));
        if (sidecar) {
            sidecarRestarts += restartCount;
            noteLastTermination(status, lastSidecarRestart);
        }

        const api::Json *terminated = find(status, {"state", "terminated"});
        const std::string waitingReason = text(status, {"state", "waiting", "reason"});
        if (terminated && integer(*terminated, {"exitCode"}) == 0)
            continue; // this init container finished; look at the next
        if (sidecar && flag(status, {"started"})) {
            if (flag(status, {"ready"}))
                ++readyContainers;
            continue; // a started sidecar keeps running beside the rest
        }
        if (terminated) {
            const std::string terminatedReason = text(*terminated, {"reason"});
            reason = "Init:" + (terminatedReason.empty() ? terminatedWithoutReason(*terminated) : terminatedReason);
        } else if (!waitingReason.empty() && waitingReason != "PodInitializing") {
            reason = "Init:" + waitingReason;
        } else {
            reason = "Init:" + std::to_string(i) + "/" + std::to_string(initSpecs.size());
        }
        initializing = true;
        break;
    }

    if (!initializing || hasCondition(pod, "Initialized")) {
        // Only sidecar restarts carry over; finished init containers no longer matter.
        restarts = sidecarRestarts;
        lastRestart = lastSidecarRestart;
        bool hasRunning = false;
        const api::Json &statuses = list(pod, {"status", "containerStatuses"});
        // Walk backwards so the first container's state is the one that sticks.
        for (std::size_t i = statuses.size(); i-- > 0;) {
            const api::Json &status = statuses[i];
            restarts += integer(status, {"restartCount"});
            noteLastTermination(status, lastRestart);
            const std::string waitingReason = text(status, {"state", "waiting", "reason"});
            const api::Json *terminated = find(status, {"state", "terminated"});
            if (!waitingReason.empty()) {
                reason = waitingReason;
            } else if (terminated && !text(*terminated, {"reason"}).empty()) {
                reason = text(*terminated, {"reason"});
            } else if (terminated) {
                reason = terminatedWithoutReason(*terminated);
            } else if (flag(status, {"ready"}) && find(status, {"state", "running"})) {
                hasRunning = true;
                ++readyContainers;
            }
        }
        // One container completed while another still runs: the pod is not done.
        if (reason == "Completed" && hasRunning)
            reason = hasCondition(pod, "Ready") ? "Running" : "NotReady";
    }

    if (find(pod, {"metadata", "deletionTimestamp"})) {
        if (statusReason == "NodeLost")
            reason = "Unknown";
        else if (phase != "Succeeded" && phase != "Failed")
            reason = "Terminating";
    }

    std::string restartsCell = std::to_string(restarts);
    if (restarts != 0 && lastRestart)
        restartsCell += " (" + ageCell(lastRestart, now) + " ago)";

    // The internal Pod type fills podIPs from a lone podIP when converting from v1.
    std::string podIP;
    if (const api::Json &ips = list(pod, {"status", "podIPs"}); !ips.empty())
        podIP = text(ips[0], {"ip"});
    else
        podIP = text(pod, {"status", "podIP"});

    return api::Json::array({
        objectName(pod),
        std::to_string(readyContainers) + "/" + std::to_string(totalContainers),
        reason,
        restartsCell,
        age(pod, now),
        orNone(podIP),
        orNone(text(pod, {"spec", "nodeName"})),
        orNone(text(pod, {"status", "nominatedNodeName"})),
        readinessGatesCell(pod),
    });
}

} // namespace k8slab::apiserver::printers
