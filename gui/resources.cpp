#include "gui/resources.h"

#include "core/api/quantity.h"
#include "gui/json_text.h"

namespace k8slab::gui {

using api::Json;

qint64 quantity(const Json &list, const char *key, bool milli)
{
    if (!list.is_object() || !list.contains(key) || !list[key].is_string())
        return 0;
    Result<api::Quantity> q = api::Quantity::parse(list[key].get<std::string>());
    return q.ok() ? (milli ? q->milli() : q->value()) : 0;
}

Requests requestsOf(const Json &pod)
{
    Requests r;
    for (const Json &c : pod.value("spec", Json::object()).value("containers", Json::array())) {
        const Json requests = c.value("resources", Json::object()).value("requests", Json::object());
        r.cpu += quantity(requests, "cpu", true);
        r.memory += quantity(requests, "memory", false);
    }
    return r;
}

bool holdsResources(const Json &pod)
{
    const std::string phase = textAt(objectAt(pod, "status"), "phase");
    return phase != "Succeeded" && phase != "Failed";
}

} // namespace k8slab::gui
