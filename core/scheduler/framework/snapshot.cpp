#include "core/scheduler/framework/snapshot.h"

#include <algorithm>

namespace k8slab::scheduler {

void Snapshot::setNode(const api::Json &node)
{
    const std::string name = node.contains("metadata") ? node["metadata"].value("name", "") : std::string();
    auto &slot = m_nodes[name];
    if (!slot)
        slot = std::make_unique<NodeInfo>();
    const bool known = slot->hasNode();
    const std::string oldZone = slot->zone();
    if (known)
        countImages(*slot, -1);
    slot->setNode(node);
    countImages(*slot, +1);
    if (!known)
        m_insertion.push_back(name);
    if (!known || oldZone != slot->zone())
        m_orderDirty = true;
}

void Snapshot::removeNode(const std::string &name)
{
    auto it = m_nodes.find(name);
    if (it == m_nodes.end())
        return;
    countImages(*it->second, -1);
    m_insertion.erase(std::remove(m_insertion.begin(), m_insertion.end(), name), m_insertion.end());
    if (it->second->pods().empty()) {
        m_nodes.erase(it);
    } else {
        // Pods of a deleted node stay counted until their deletion arrives, as upstream keeps
        // a "ghost" node; it is no longer offered to the filters.
        it->second->m_hasNode = false;
    }
    m_orderDirty = true;
}

void Snapshot::addPod(const PodInfoPtr &pod)
{
    auto &slot = m_nodes[pod->nodeName];
    if (!slot) {
        slot = std::make_unique<NodeInfo>();
        slot->m_name = pod->nodeName;
    }
    slot->addPod(pod);
    countPod(*pod, +1);
}

void Snapshot::removePod(const std::string &nodeName, const std::string &uid)
{
    auto it = m_nodes.find(nodeName);
    if (it == m_nodes.end())
        return;
    for (const PodInfoPtr &p : it->second->pods())
        if (p->uid == uid) {
            countPod(*p, -1);
            break;
        }
    it->second->removePod(uid);
    if (!it->second->hasNode() && it->second->pods().empty())
        m_nodes.erase(it);
}

NodeInfo *Snapshot::node(const std::string &name) const
{
    auto it = m_nodes.find(name);
    return it == m_nodes.end() || !it->second->hasNode() ? nullptr : it->second.get();
}

int Snapshot::imageNodeCount(const std::string &image) const
{
    auto it = m_imageNodes.find(image);
    return it == m_imageNodes.end() ? 0 : it->second;
}

void Snapshot::countImages(const NodeInfo &node, int delta)
{
    for (const auto &[image, size] : node.images()) {
        (void)size;
        int &count = m_imageNodes[image];
        count += delta;
        if (count <= 0)
            m_imageNodes.erase(image);
    }
}

void Snapshot::countPod(const PodInfo &pod, int delta)
{
    if (pod.hasAffinity())
        m_podsWithAffinity += delta;
    if (pod.hasRequiredAntiAffinity())
        m_podsWithRequiredAntiAffinity += delta;
}

void Snapshot::rebuildOrder() const
{
    // node_tree.go: nodes grouped by zone (zones in order of first appearance), then
    // taken one per zone in turn.
    std::vector<std::string> zones;
    std::map<std::string, std::vector<NodeInfo *>> byZone;
    for (const std::string &name : m_insertion) {
        NodeInfo *n = m_nodes.at(name).get();
        auto &list = byZone[n->zone()];
        if (list.empty())
            zones.push_back(n->zone());
        list.push_back(n);
    }
    m_order.clear();
    m_orderDirty = false;
    for (std::size_t i = 0; m_order.size() < m_insertion.size(); ++i)
        for (const std::string &zone : zones)
            if (i < byZone[zone].size())
                m_order.push_back(byZone[zone][i]);
}

} // namespace k8slab::scheduler
