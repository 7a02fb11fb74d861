#include "core/controllers/podgc_controller.h"

#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <algorithm>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }
constexpr auto kPeriod = std::chrono::seconds(20);
constexpr auto kQuarantine = std::chrono::seconds(40);

bool finished(const Json &pod)
{
    const std::string phase = textAt(pod, "status.phase");
    return phase == "Succeeded" || phase == "Failed";
}
} // namespace

PodGcController::PodGcController(client::Client &client, client::InformerFactory &informers, std::size_t threshold)
    : m_client(client), m_pods(informers.forResource(pods())), m_nodes(informers.forResource("", "v1", "nodes")),
      m_threshold(threshold)
{
}

PodGcController::~PodGcController()
{
    if (m_timer)
        m_client.api().loop().cancel(m_timer);
}

void PodGcController::start()
{
    m_timer = m_client.api().loop().schedule(kPeriod, [this] { pass(); });
}

void PodGcController::forceDelete(const Json &found, const std::string &why)
{
    Json pod = found;
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.podgc.forceDelete", pod,
                   {{"node", textAt(pod, "spec.nodeName")}, {"why", why}});
    if (!finished(pod)) {
        Json status = pod.value("status", Json::object());
        setCondition(status, "DisruptionTarget", "True", "DeletionByPodGC", "PodGC: node no longer exists",
                     m_client.api().loop().now());
        pod["status"] = status;
        (void)m_client.updateStatus(pods(), pod);
    }
    (void)m_client.remove(pods(), textAt(pod, "metadata.namespace"), textAt(pod, "metadata.name"), {{"gracePeriodSeconds", 0}});
}

void PodGcController::pass()
{
    m_timer = m_client.api().loop().schedule(kPeriod, [this] { pass(); });
    const engine::TimePoint now = m_client.api().loop().now();
    std::vector<Json> victims;
    std::vector<std::string> reasons;
    std::vector<const Json *> terminated;
    for (const Json *pod : m_pods.list()) {
        const std::string node = textAt(*pod, "spec.nodeName");
        if (finished(*pod))
            terminated.push_back(pod);
        if (node.empty()) {
            if (isTerminating(*pod)) {
                victims.push_back(*pod);
                reasons.push_back("terminating and never scheduled");
            }
            continue;
        }
        const Json *n = m_nodes.get("", node);
        if (!n) {
            // Orphaned: the node must stay missing for the quarantine, and a live read agree.
            auto [it, fresh] = m_missingSince.try_emplace(node, now);
            if (now - it->second < kQuarantine)
                continue;
            if (m_client.get(client::resource("", "v1", "nodes"), "", node).ok())
                continue;
            victims.push_back(*pod);
            reasons.push_back("its node " + node + " no longer exists");
            continue;
        }
        if (!isTerminating(*pod))
            continue;
        const Json *ready = findCondition(jsonAt(*n, "status"), "Ready");
        const Json &taints = jsonAt(*n, "spec.taints");
        const bool outOfService = taints.is_array() && std::any_of(taints.begin(), taints.end(), [](const Json &t) {
            return t.value("key", "") == "node.kubernetes.io/out-of-service" && t.value("effect", "") == "NoExecute";
        });
        if (outOfService && (!ready || ready->value("status", "") != "True")) {
            victims.push_back(*pod);
            reasons.push_back("terminating on a node out of service");
        }
    }
    for (auto it = m_missingSince.begin(); it != m_missingSince.end();)
        it = m_nodes.get("", it->first) ? m_missingSince.erase(it) : std::next(it);
    if (terminated.size() > m_threshold) {
        std::sort(terminated.begin(), terminated.end(), [](const Json *a, const Json *b) {
            return textAt(*a, "metadata.creationTimestamp") < textAt(*b, "metadata.creationTimestamp");
        });
        for (std::size_t i = 0; i < terminated.size() - m_threshold; ++i) {
            victims.push_back(*terminated[i]);
            reasons.push_back("more than " + std::to_string(m_threshold) + " finished pods");
        }
    }
    for (std::size_t i = 0; i < victims.size(); ++i)
        forceDelete(victims[i], reasons[i]);
}

} // namespace k8slab::controllers
