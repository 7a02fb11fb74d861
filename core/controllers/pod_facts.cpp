#include "core/controllers/pod_facts.h"

#include "core/apiserver/object_io.h"
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
    facts.controllerUid = ref ? textAt(*ref, "uid") : std::string();
    const api::Json &labels = apiserver::jsonAt(pod, "metadata.labels");
    facts.labels = labels.is_object() ? &labels : nullptr;
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
