#include "core/controllers/taint_eviction_controller.h"

#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"
#include "core/scheduler/framework/terms.h"

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }
}

std::int64_t evictionDelaySeconds(const Json &pod, const Json &taints)
{
    const Json &raw = jsonAt(pod, "spec.tolerations");
    const Json tolerationList = raw.is_array() ? raw : Json::array();
    std::int64_t delay = -1;
    for (const scheduler::Taint &taint : scheduler::parseTaints(taints)) {
        if (taint.effect != "NoExecute")
            continue;
        bool matched = false;
        for (const Json &t : tolerationList) {
            const auto parsed = scheduler::parseTolerations(Json::array({t}));
            if (parsed.empty() || !parsed[0].tolerates(taint))
                continue;
            matched = true;
            if (t.contains("tolerationSeconds") && t["tolerationSeconds"].is_number_integer()) {
                const std::int64_t seconds = std::max<std::int64_t>(0, t["tolerationSeconds"].get<std::int64_t>());
                delay = delay < 0 ? seconds : std::min(delay, seconds);
            }
        }
        if (!matched)
            return 0; // not tolerated: out now
    }
    return delay;
}

TaintEvictionController::TaintEvictionController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_nodes(informers.forResource("", "v1", "nodes")), m_pods(informers.forResource(pods())),
      m_queue(client.api().loop(), "taint-eviction", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "taint-eviction-controller")
{
}

TaintEvictionController::~TaintEvictionController()
{
    for (auto &[key, s] : m_scheduled)
        m_client.api().loop().cancel(s.timer);
}

void TaintEvictionController::start()
{
    m_nodes.addHandlers({[this](const Json &n) { nodeChanged(n); },
                         [this](const Json &before, const Json &after) {
                             if (jsonAt(before, "spec.taints") != jsonAt(after, "spec.taints"))
                                 nodeChanged(after);
                         },
                         {}});
    const auto podChanged = [this](const Json &pod) {
        if (!textAt(pod, "spec.nodeName").empty())
            m_queue.add(client::Informer::keyOf(pod));
    };
    m_pods.addHandlers({podChanged, [podChanged](const Json &, const Json &p) { podChanged(p); }, podChanged});
}

void TaintEvictionController::nodeChanged(const Json &node)
{
    const std::string name = textAt(node, "metadata.name");
    for (const Json *pod : m_pods.list())
        if (textAt(*pod, "spec.nodeName") == name)
            m_queue.add(client::Informer::keyOf(*pod));
}

void TaintEvictionController::sync(const std::string &podKey)
{
    const auto [ns, name] = splitKey(podKey);
    const Json *pod = m_pods.get(ns, name);
    if (!pod || isTerminating(*pod)) {
        if (auto it = m_scheduled.find(podKey); it != m_scheduled.end()) {
            m_client.api().loop().cancel(it->second.timer);
            m_scheduled.erase(it);
        }
        return;
    }
    const Json *node = m_nodes.get("", textAt(*pod, "spec.nodeName"));
    const Json taints = node && jsonAt(*node, "spec.taints").is_array() ? jsonAt(*node, "spec.taints") : Json::array();
    const std::int64_t delay = evictionDelaySeconds(*pod, taints);
    const engine::TimePoint now = m_client.api().loop().now();
    auto it = m_scheduled.find(podKey);
    if (delay < 0) {
        if (it != m_scheduled.end())
            cancel(podKey, pod);
        return;
    }
    // An eviction already planned keeps its start: the pod's toleration counts from then.
    const engine::TimePoint start = it != m_scheduled.end() ? it->second.created : now;
    const engine::TimePoint at = start + std::chrono::seconds(delay);
    if (it != m_scheduled.end() && it->second.at == at)
        return;
    if (it != m_scheduled.end())
        m_client.api().loop().cancel(it->second.timer);
    Json copy = *pod;
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.tainteviction.schedule", copy,
                   {{"node", textAt(*pod, "spec.nodeName")}, {"afterSeconds", std::to_string(delay)},
                    {"at", api::formatTime(at)}});
    if (at <= now) {
        m_scheduled.erase(podKey);
        evict(podKey);
        return;
    }
    (void)m_events.record(copy, "Normal", "TaintManagerEviction", "Marking for deletion Pod " + podKey);
    Scheduled s{start, at, m_client.api().loop().scheduleAt(at, [this, podKey] {
                    m_scheduled.erase(podKey);
                    evict(podKey);
                })};
    m_scheduled[podKey] = s;
}

void TaintEvictionController::cancel(const std::string &podKey, const Json *pod)
{
    auto it = m_scheduled.find(podKey);
    m_client.api().loop().cancel(it->second.timer);
    m_scheduled.erase(it);
    Json copy = *pod;
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.tainteviction.cancel", copy,
                   {{"node", textAt(*pod, "spec.nodeName")}});
    (void)m_events.record(copy, "Normal", "TaintManagerEviction", "Cancelling deletion of Pod " + podKey);
}

void TaintEvictionController::evict(const std::string &podKey)
{
    const auto [ns, name] = splitKey(podKey);
    const Json *found = m_pods.get(ns, name);
    if (!found || isTerminating(*found))
        return;
    Json pod = *found;
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.tainteviction.evict", pod,
                   {{"node", textAt(pod, "spec.nodeName")}});
    Json status = pod.value("status", Json::object());
    setCondition(status, "DisruptionTarget", "True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint",
                 m_client.api().loop().now());
    pod["status"] = status;
    (void)m_client.updateStatus(pods(), pod);
    auto removed = m_client.remove(pods(), ns, name);
    if (!removed.ok() && removed.status().code() != StatusCode::NotFound)
        m_queue.addRateLimited(podKey);
}

} // namespace k8slab::controllers
