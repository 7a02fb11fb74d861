#include "core/controllers/node_lifecycle_controller.h"

#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <set>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

const apiserver::ResourceInfo &nodes() { return client::resource("", "v1", "nodes"); }
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }

constexpr const char *kNotReady = "node.kubernetes.io/not-ready";
constexpr const char *kUnreachable = "node.kubernetes.io/unreachable";

std::string conditionStatus(const Json &node, const std::string &type)
{
    const Json *c = findCondition(jsonAt(node, "status"), type);
    return c ? c->value("status", "") : std::string();
}

bool isHealthTaint(const Json &taint)
{
    const std::string key = taint.value("key", "");
    return key == kNotReady || key == kUnreachable || key == "node.kubernetes.io/memory-pressure"
           || key == "node.kubernetes.io/disk-pressure" || key == "node.kubernetes.io/pid-pressure"
           || key == "node.kubernetes.io/network-unavailable" || key == "node.kubernetes.io/unschedulable";
}

} // namespace

std::string nodeZone(const Json &node)
{
    const Json &labels = jsonAt(node, "metadata.labels");
    if (!labels.is_object())
        return {};
    const std::string region = labels.value("topology.kubernetes.io/region", "");
    const std::string zone = labels.value("topology.kubernetes.io/zone", "");
    return region.empty() && zone.empty() ? std::string() : region + "/" + zone;
}

NodeLifecycleController::NodeLifecycleController(client::Client &client, client::InformerFactory &informers)
    : NodeLifecycleController(client, informers, Options{})
{
}

NodeLifecycleController::NodeLifecycleController(client::Client &client, client::InformerFactory &informers, Options options)
    : m_client(client), m_options(options), m_nodes(informers.forResource(nodes())),
      m_leases(informers.forResource("coordination.k8s.io", "v1", "leases")), m_pods(informers.forResource(pods())),
      m_events(client.api(), "node-controller")
{
}

NodeLifecycleController::~NodeLifecycleController()
{
    if (m_timer)
        m_client.api().loop().cancel(m_timer);
}

void NodeLifecycleController::start()
{
    m_nodes.addHandlers({{}, {}, [this](const Json &n) { m_health.erase(textAt(n, "metadata.name")); }});
    m_timer = m_client.api().loop().schedule(m_options.monitorPeriod, [this] { monitor(); });
}

void NodeLifecycleController::monitor()
{
    m_timer = m_client.api().loop().schedule(m_options.monitorPeriod, [this] { monitor(); });
    // Health first, then the zones' states from the conditions as they are now.
    for (const Json *node : m_nodes.list()) {
        const Json copy = *node;
        checkHealth(copy, m_health[textAt(copy, "metadata.name")]);
    }
    std::map<std::string, std::pair<int, int>> zones; // zone → {nodes, not ready}
    for (const Json *node : m_nodes.list()) {
        auto &[total, notReady] = zones[nodeZone(*node)];
        ++total;
        notReady += conditionStatus(*node, "Ready") != "True" ? 1 : 0;
    }
    std::map<std::string, std::string> states;
    bool allDown = !zones.empty();
    for (const auto &[zone, counts] : zones) {
        const auto [total, notReady] = counts;
        const std::string state = notReady == total ? "FullDisruption"
                                  : notReady > 2 && notReady * 100 >= total * 55 ? "PartialDisruption"
                                                                                 : "Normal";
        states[zone] = state;
        allDown = allDown && state == "FullDisruption";
    }
    std::vector<Json> snapshot;
    for (const Json *node : m_nodes.list())
        snapshot.push_back(*node);
    for (const Json &node : snapshot)
        syncTaints(node, states, allDown);
}

void NodeLifecycleController::checkHealth(const Json &node, Health &health)
{
    const std::string name = textAt(node, "metadata.name");
    const engine::TimePoint now = m_client.api().loop().now();
    const Json *ready = findCondition(jsonAt(node, "status"), "Ready");
    const std::string heartbeat = ready ? ready->value("lastHeartbeatTime", "") : std::string();
    const Json *lease = m_leases.get("kube-node-lease", name);
    const std::string renew = lease ? textAt(*lease, "spec.renewTime") : std::string();
    if (health.probe == engine::TimePoint{} || heartbeat != health.heartbeat || (!renew.empty() && renew > health.leaseRenew)) {
        health.probe = now;
        health.heartbeat = heartbeat;
        health.leaseRenew = std::max(renew, health.leaseRenew);
    }
    const engine::Duration grace = ready ? m_options.monitorGracePeriod : m_options.startupGracePeriod;
    const std::string before = health.lastReady;
    std::string current = ready ? ready->value("status", "") : std::string("Unknown");
    if (now > health.probe + grace && (!ready || current != "Unknown")) {
        // Silent too long: Ready and the pressure conditions become Unknown.
        Json status = node.value("status", Json::object());
        if (!status.contains("conditions") || !status["conditions"].is_array())
            status["conditions"] = Json::array();
        const std::string stamp = api::formatTime(now);
        for (const char *type : {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"}) {
            bool found = false;
            for (Json &c : status["conditions"]) {
                if (c.value("type", "") != type)
                    continue;
                found = true;
                if (c.value("status", "") != "Unknown")
                    c = {{"type", type}, {"status", "Unknown"}, {"reason", "NodeStatusUnknown"},
                         {"message", "Kubelet stopped posting node status."}, {"lastHeartbeatTime", c.value("lastHeartbeatTime", stamp)},
                         {"lastTransitionTime", stamp}};
            }
            if (!found)
                status["conditions"].push_back({{"type", type}, {"status", "Unknown"}, {"reason", "NodeStatusNeverUpdated"},
                                                {"message", "Kubelet never posted node status."}, {"lastHeartbeatTime", stamp},
                                                {"lastTransitionTime", stamp}});
        }
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.nodelifecycle.unknown", node,
                       {{"lastProbe", api::formatTime(health.probe)},
                        {"gracePeriod", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(grace).count()) + "s"}});
        Json updated = node;
        updated["status"] = status;
        if (m_client.updateStatus(nodes(), updated).ok())
            current = "Unknown";
    }
    health.lastReady = current;
    if (before == "True" && current != "True") {
        (void)m_events.record(node, "Normal", "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
        markPodsNotReady(name);
    }
}

void NodeLifecycleController::markPodsNotReady(const std::string &node)
{
    std::vector<Json> onNode;
    for (const Json *pod : m_pods.list())
        if (textAt(*pod, "spec.nodeName") == node)
            onNode.push_back(*pod);
    apiserver::EventRecorder podEvents(m_client.api(), "node-controller");
    for (Json pod : onNode) {
        Json status = pod.value("status", Json::object());
        const Json *ready = findCondition(status, "Ready");
        if (!ready || ready->value("status", "") != "True")
            continue;
        for (Json &c : status["conditions"])
            if (c.value("type", "") == "Ready") {
                c["status"] = "False";
                c["lastTransitionTime"] = api::formatTime(m_client.api().loop().now());
            }
        pod["status"] = status;
        if (m_client.updateStatus(pods(), pod).ok())
            (void)m_events.record(pod, "Warning", "NodeNotReady", "Node is not ready");
    }
}

void NodeLifecycleController::syncTaints(const Json &node, const std::map<std::string, std::string> &zoneStates,
                                         bool allZonesDown)
{
    const std::string ready = conditionStatus(node, "Ready");
    const Json current = jsonAt(node, "spec.taints").is_array() ? jsonAt(node, "spec.taints") : Json::array();
    std::map<std::string, Json> have; // key:effect → taint
    for (const Json &t : current)
        have[t.value("key", "") + ":" + t.value("effect", "")] = t;
    std::set<std::string> wanted;
    // NoSchedule taints (TaintNodesByCondition): never rate-limited.
    if (ready == "False")
        wanted.insert(std::string(kNotReady) + ":NoSchedule");
    else if (ready == "Unknown" || ready.empty())
        wanted.insert(std::string(kUnreachable) + ":NoSchedule");
    for (const auto &[type, key] : std::vector<std::pair<std::string, std::string>>{
             {"MemoryPressure", "node.kubernetes.io/memory-pressure"}, {"DiskPressure", "node.kubernetes.io/disk-pressure"},
             {"PIDPressure", "node.kubernetes.io/pid-pressure"}, {"NetworkUnavailable", "node.kubernetes.io/network-unavailable"}})
        if (conditionStatus(node, type) == "True")
            wanted.insert(key + ":NoSchedule");
    if (jsonAt(node, "spec.unschedulable") == true)
        wanted.insert("node.kubernetes.io/unschedulable:NoSchedule");
    // NoExecute taints: the one matching the Ready condition, added at the zone's rate.
    const std::string noExecute = ready == "False"                      ? std::string(kNotReady) + ":NoExecute"
                                  : ready == "Unknown" || ready.empty() ? std::string(kUnreachable) + ":NoExecute"
                                                                        : std::string();
    const std::string zone = nodeZone(node);
    const std::string state = zoneStates.contains(zone) ? zoneStates.at(zone) : "Normal";
    std::string why;
    if (!noExecute.empty() && !allZonesDown) {
        const std::string other = noExecute.starts_with(kNotReady) ? std::string(kUnreachable) + ":NoExecute"
                                                                   : std::string(kNotReady) + ":NoExecute";
        if (have.contains(noExecute)) {
            wanted.insert(noExecute);
        } else if (have.contains(other)) {
            wanted.insert(noExecute); // swapped straight away, as upstream does
            why = "Ready is " + ready + ": " + other + " becomes " + noExecute;
        } else if (state != "PartialDisruption") {
            auto limiter = m_zoneLimiters.try_emplace(zone, m_client.api().loop(), m_options.evictionRate, 1).first;
            if (limiter->second.budget() > 0) {
                limiter->second.take();
                wanted.insert(noExecute);
                why = "Ready is " + (ready.empty() ? std::string("missing") : ready) + " (zone " + state + ")";
            }
        }
    }
    Json next = Json::array();
    for (const Json &t : current)
        if (!isHealthTaint(t) || wanted.contains(t.value("key", "") + ":" + t.value("effect", "")))
            next.push_back(t);
    const std::string stamp = api::formatTime(m_client.api().loop().now());
    for (const std::string &w : wanted) {
        if (have.contains(w))
            continue;
        const std::size_t colon = w.rfind(':');
        Json taint = {{"key", w.substr(0, colon)}, {"effect", w.substr(colon + 1)}};
        if (taint["effect"] == "NoExecute")
            taint["timeAdded"] = stamp;
        next.push_back(taint);
    }
    if (next != current)
        updateTaints(node, next, why.empty() ? "node conditions changed: Ready is " + ready : why);
}

bool NodeLifecycleController::updateTaints(const Json &node, const Json &wanted, const std::string &why)
{
    std::string list;
    for (const Json &t : wanted)
        list += (list.empty() ? "" : ",") + t.value("key", "") + ":" + t.value("effect", "");
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.nodelifecycle.taints", node,
                   {{"taints", list.empty() ? "-" : list}, {"why", why}});
    Json updated = node;
    if (wanted.empty())
        updated["spec"].erase("taints");
    else
        updated["spec"]["taints"] = wanted;
    return m_client.update(nodes(), updated).ok();
}

} // namespace k8slab::controllers
