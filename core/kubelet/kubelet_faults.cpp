// Where the lab's kill-a-container fault finds its target on one node. The fault
// itself is done to the runtime from outside; the kubelet's own code paths (PLEG's
// notice of an exit) do the rest.
#include "core/kubelet/kubelet.h"

namespace k8slab::kubelet {

using api::Json;

Result<std::string> Kubelet::runningContainerId(const std::string &ns, const std::string &pod, std::string &container) const
{
    const PodWorker *worker = nullptr;
    for (const auto &[uid, w] : m_workers) {
        const Json &meta = w.pod["metadata"];
        if (meta.value("namespace", "") == ns && meta.value("name", "") == pod && !w.terminated)
            worker = &w;
    }
    if (!worker)
        return Status(StatusCode::NotFound, "pod \"" + pod + "\" in namespace \"" + ns + "\" does not run on node \"" +
                                                m_spec.name + "\"");
    if (container.empty()) {
        const Json annotations = worker->pod["metadata"].value("annotations", Json::object());
        container = annotations.value("kubectl.kubernetes.io/default-container", "");
        if (container.empty() && !worker->regular.empty())
            container = worker->regular.front().name;
    }
    const ContainerRecord *record = nullptr;
    for (const auto *list : {&worker->init, &worker->regular})
        for (const ContainerRecord &c : *list)
            if (c.name == container)
                record = &c;
    if (!record)
        return Status(StatusCode::BadRequest, "container " + container + " is not valid for pod " + pod);
    const std::optional<ContainerStatus> status = record->id.empty() ? std::nullopt : m_runtime->containerStatus(record->id);
    if (!status || status->state != ContainerState::Running)
        return Status(StatusCode::FailedPrecondition, "container " + container + " of pod " + pod + " is not running");
    return record->id;
}

} // namespace k8slab::kubelet
