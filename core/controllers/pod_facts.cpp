#include "core/controllers/pod_facts.h"

#include "core/controllers/controller_support.h"

namespace k8slab::controllers {

PodFacts &PodFactsCache::of(const api::Json &pod, std::uint64_t generation)
{
    if (generation != m_generation) {
        m_facts.clear();
        m_generation = generation;
    }
    auto [it, added] = m_facts.try_emplace(&pod);
    PodFacts &facts = it->second;
    if (!added)
        return facts;
    const api::Json *ref = controllerRef(pod);
    facts.controllerUid = ref && ref->contains("uid") && (*ref)["uid"].is_string() ? (*ref)["uid"].get<std::string>() : "";
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
