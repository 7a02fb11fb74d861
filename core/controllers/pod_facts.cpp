#include "core/controllers/pod_facts.h"

#include "core/controllers/controller_support.h"

namespace k8slab::controllers {

namespace {
const std::string &resourceVersionOf(const api::Json &pod)
{
    static const std::string none;
    const auto meta = pod.find("metadata");
    if (meta == pod.end() || !meta->is_object())
        return none;
    const auto rv = meta->find("resourceVersion");
    return rv != meta->end() && rv->is_string() ? rv->get_ref<const std::string &>() : none;
}
} // namespace

const PodFacts &PodFactsCache::of(const api::Json &pod)
{
    const std::string &version = resourceVersionOf(pod);
    PodFacts &facts = m_facts[&pod];
    if (!version.empty() && facts.resourceVersion == version)
        return facts;
    facts.resourceVersion = version;
    const api::Json *ref = controllerRef(pod);
    facts.controllerUid = ref && ref->contains("uid") && (*ref)["uid"].is_string() ? (*ref)["uid"].get<std::string>() : "";
    facts.labels = nullptr;
    if (const auto meta = pod.find("metadata"); meta != pod.end() && meta->is_object())
        if (const auto labels = meta->find("labels"); labels != meta->end() && labels->is_object())
            facts.labels = &*labels;
    facts.active = podActive(pod);
    facts.ready = podReady(pod);
    return facts;
}

void PodFactsCache::trim(std::size_t keep)
{
    if (m_facts.size() > keep)
        m_facts.clear();
}

} // namespace k8slab::controllers
