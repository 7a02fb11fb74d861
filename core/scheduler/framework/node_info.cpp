#include "core/scheduler/framework/node_info.h"

#include <algorithm>

namespace k8slab::scheduler {

using api::Json;

void NodeInfo::setNode(const Json &node)
{
    m_hasNode = true;
    const Json &meta = node.contains("metadata") ? node["metadata"] : Json::object();
    m_name = meta.value("name", "");
    m_labels = meta.contains("labels") && meta["labels"].is_object() ? meta["labels"] : Json::object();
    const Json spec = node.value("spec", Json::object());
    const Json status = node.value("status", Json::object());
    m_taints = parseTaints(spec.value("taints", Json()));
    m_unschedulable = spec.value("unschedulable", false);
    m_allocatable = Resource::fromList(status.contains("allocatable") ? status["allocatable"] : status.value("capacity", Json()));
    m_images.clear();
    if (status.contains("images") && status["images"].is_array())
        for (const Json &image : status["images"]) {
            const std::int64_t size = image.value("sizeBytes", std::int64_t{0});
            if (image.contains("names") && image["names"].is_array())
                for (const Json &n : image["names"])
                    if (n.is_string())
                        m_images[n.get<std::string>()] = size;
        }
    auto labelOr = [&](const char *a, const char *b) {
        if (m_labels.contains(a) && m_labels[a].is_string())
            return m_labels[a].get<std::string>();
        if (m_labels.contains(b) && m_labels[b].is_string())
            return m_labels[b].get<std::string>();
        return std::string();
    };
    // node_tree.go's zone key: region and zone, the GA labels first, then the beta ones.
    const std::string region = labelOr("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region");
    const std::string zone = labelOr("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone");
    m_zone = region.empty() && zone.empty() ? std::string() : region + ":" + zone;
    ++m_generation;
}

const std::string *NodeInfo::label(const std::string &key) const
{
    auto it = m_labels.find(key);
    return it != m_labels.end() && it->is_string() ? it->get_ptr<const std::string *>() : nullptr;
}

void NodeInfo::addPod(const PodInfoPtr &pod)
{
    m_pods.push_back(pod);
    if (pod->hasAffinity())
        m_podsWithAffinity.push_back(pod);
    if (pod->hasRequiredAntiAffinity())
        m_podsWithRequiredAntiAffinity.push_back(pod);
    m_requested.add(pod->requests);
    m_nonZeroMilliCpu += pod->nonZeroMilliCpu;
    m_nonZeroMemory += pod->nonZeroMemory;
    m_usedPorts.insert(m_usedPorts.end(), pod->hostPorts.begin(), pod->hostPorts.end());
    ++m_generation;
}

void NodeInfo::removeFrom(std::vector<PodInfoPtr> &list, const std::string &uid)
{
    auto it = std::find_if(list.begin(), list.end(), [&](const PodInfoPtr &p) { return p->uid == uid; });
    if (it != list.end()) {
        *it = std::move(list.back());
        list.pop_back();
    }
}

bool NodeInfo::removePod(const std::string &uid)
{
    auto it = std::find_if(m_pods.begin(), m_pods.end(), [&](const PodInfoPtr &p) { return p->uid == uid; });
    if (it == m_pods.end())
        return false;
    const PodInfoPtr pod = *it;
    *it = std::move(m_pods.back());
    m_pods.pop_back();
    removeFrom(m_podsWithAffinity, uid);
    removeFrom(m_podsWithRequiredAntiAffinity, uid);
    m_requested.subtract(pod->requests);
    m_nonZeroMilliCpu -= pod->nonZeroMilliCpu;
    m_nonZeroMemory -= pod->nonZeroMemory;
    for (const HostPort &p : pod->hostPorts) {
        auto used = std::find_if(m_usedPorts.begin(), m_usedPorts.end(), [&](const HostPort &u) {
            return u.ip == p.ip && u.protocol == p.protocol && u.port == p.port;
        });
        if (used != m_usedPorts.end())
            m_usedPorts.erase(used);
    }
    ++m_generation;
    return true;
}

bool matchesRequiredNodeAffinity(const PodInfo &pod, const NodeInfo &node)
{
    for (auto it = pod.nodeSelector.begin(); it != pod.nodeSelector.end(); ++it) {
        auto l = node.labels().find(it.key());
        if (l == node.labels().end() || *l != it.value())
            return false;
    }
    return !pod.requiredNodeAffinity || pod.requiredNodeAffinity->matches(node.labels(), node.name());
}

const Taint *untoleratedScheduleTaint(const PodInfo &pod, const NodeInfo &node)
{
    for (const Taint &taint : node.taints())
        if ((taint.effect == "NoSchedule" || taint.effect == "NoExecute") && !tolerated(pod.tolerations, taint))
            return &taint;
    return nullptr;
}

} // namespace k8slab::scheduler
