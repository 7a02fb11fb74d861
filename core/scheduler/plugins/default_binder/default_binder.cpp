#include "core/scheduler/plugins/default_binder/default_binder.h"

#include "core/client/client.h"
#include "core/scheduler/plugins/names.h"

namespace k8slab::scheduler::plugins {

std::string_view DefaultBinder::name() const { return names::kDefaultBinder; }

PluginStatus DefaultBinder::bind(CycleState &, const PodInfo &pod, const std::string &node)
{
    if (!m_handle.client)
        return PluginStatus(Code::Error, "no API client to bind with");
    const api::Json binding = {
        {"apiVersion", "v1"},
        {"kind", "Binding"},
        {"metadata", {{"namespace", pod.ns}, {"name", pod.name}, {"uid", pod.uid}}},
        {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node}}},
    };
    Result<api::Json> r =
        m_handle.client->createSubresource(client::resource("", "v1", "pods"), pod.ns, pod.name, "binding", binding);
    if (!r.ok())
        return PluginStatus(Code::Error, r.status().message());
    return {};
}

} // namespace k8slab::scheduler::plugins
