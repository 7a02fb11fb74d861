// Scheduler::evaluate: a scheduling attempt that changes nothing.
#include "core/scheduler/scheduler.h"

namespace k8slab::scheduler {

Result<DecisionRecord> Scheduler::evaluate(const api::Json &podObject, const std::vector<api::Json> &nodeOverrides)
{
    if (!podObject.is_object())
        return Status(StatusCode::Invalid, "a what-if needs a Pod object");
    api::Json unbound = podObject;
    if (unbound.contains("spec") && unbound["spec"].is_object())
        unbound["spec"].erase("nodeName");
    const PodInfoPtr pod = parsePod(unbound);
    Framework *fw = frameworkFor(*pod);
    if (!fw)
        return Status(StatusCode::Invalid, "no scheduler profile named \"" + pod->schedulerName + "\"");
    std::vector<const api::Json *> originals;
    for (const api::Json &node : nodeOverrides) {
        const std::string name = node.value("metadata", api::Json::object()).value("name", "");
        if (node.value("kind", "") != "Node" || name.empty())
            return Status(StatusCode::Invalid, "a node override must be a Node object with a name");
        originals.push_back(m_nodes.get("", name));
        if (!originals.back())
            return Status(StatusCode::Invalid, "no node \"" + name + "\" to change");
    }

    // Change the cache for the duration of one attempt, and put everything back.
    PodInfoPtr placed;
    for (const auto *placedBy : {&m_assigned, &m_assumed})
        if (auto it = placedBy->find(pod->uid); it != placedBy->end())
            placed = it->second;
    if (placed)
        m_snapshot.removePod(placed->nodeName, placed->uid);
    for (const api::Json &node : nodeOverrides)
        m_snapshot.setNode(node);
    engine::Random own(0x5eed);
    engine::Random *labRandom = fw->handle().random;
    fw->handle().random = &own;

    SchedulingAlgorithm algorithm(m_config.percentageOfNodesToScore);
    algorithm.setNextStartNodeIndex(m_algorithm.nextStartNodeIndex());
    CycleState state;
    DecisionRecord record;
    record.attempt = 0;
    record.pod = pod->key;
    record.podUid = pod->uid;
    record.profile = fw->schedulerName();
    record.timeNs = m_loop.now().time_since_epoch().count();
    ScheduleResult result = algorithm.schedulePod(*fw, state, *pod, record, false);
    if (!result.suggestedHost.empty()) {
        record.result = "Scheduled";
        record.selectedNode = result.suggestedHost;
    } else if (result.fitError) {
        record.result = "Unschedulable";
        record.message = result.fitError->message();
    } else {
        record.result = result.status.rejected() ? "Unschedulable" : "Error";
        record.message = result.status.message();
    }

    fw->handle().random = labRandom;
    for (const api::Json *original : originals)
        m_snapshot.setNode(*original);
    if (placed)
        m_snapshot.addPod(placed);
    return record;
}

} // namespace k8slab::scheduler
