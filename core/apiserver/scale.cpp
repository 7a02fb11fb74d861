#include "core/apiserver/scale.h"

#include "core/api/selectors.h"
#include "core/apiserver/object_io.h"

namespace k8slab::apiserver {

using api::Json;

Json scaleOf(const ResourceInfo &info, const Json &object)
{
    const Json &meta = object["metadata"];
    Json scaleMeta = Json::object();
    for (const char *key : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
        if (meta.contains(key))
            scaleMeta[key] = meta[key];
    }
    std::string selector;
    const Json &sel = jsonAt(object, "spec.selector");
    if (info.kind == "ReplicationController") {
        // An RC's selector is a plain map.
        Json asSelector = {{"matchLabels", sel.is_object() ? sel : Json::object()}};
        if (auto parsed = api::LabelSelector::fromJson(asSelector); parsed.ok())
            selector = parsed->toString();
    } else if (auto parsed = api::LabelSelector::fromJson(sel); parsed.ok()) {
        selector = parsed->toString();
    }
    const Json &replicas = jsonAt(object, "spec.replicas");
    const Json &current = jsonAt(object, "status.replicas");
    return {{"kind", "Scale"},
            {"apiVersion", "autoscaling/v1"},
            {"metadata", scaleMeta},
            {"spec", {{"replicas", replicas.is_number() ? replicas : Json(0)}}},
            {"status", {{"replicas", current.is_number() ? current : Json(0)}, {"selector", selector}}}};
}

} // namespace k8slab::apiserver
