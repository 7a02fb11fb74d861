#include "core/controllers/namespace_controller.h"

#include "core/apiserver/object_io.h"

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

NamespaceController::NamespaceController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_namespaces(informers.forResource("", "v1", "namespaces")),
      m_queue(client.api().loop(), "namespace", [this](const std::string &name) { sync(name); })
{
}

void NamespaceController::start()
{
    m_namespaces.addHandlers({[this](const Json &ns) { m_queue.add(ns["metadata"]["name"]); },
                              [this](const Json &, const Json &ns) { m_queue.add(ns["metadata"]["name"]); },
                              {}});
}

void NamespaceController::sync(const std::string &name)
{
    const Json *ns = m_namespaces.get("", name);
    if (!ns || !jsonAt(*ns, "metadata.deletionTimestamp").is_string())
        return;
    std::size_t remaining = 0;
    for (const auto &resource : apiserver::builtinResources().all()) {
        if (!resource->namespaced || resource->storage || resource->plural == "bindings")
            continue;
        auto items = m_client.list(*resource, name);
        if (!items.ok())
            continue;
        for (const Json &item : (*items)["items"]) {
            ++remaining;
            if (!jsonAt(item, "metadata.deletionTimestamp").is_string())
                (void)m_client.remove(*resource, name, item["metadata"]["name"], {{"propagationPolicy", "Background"}});
        }
    }
    if (remaining > 0) {
        // Objects with finalizers or graceful deletion take their time: look again soon.
        m_queue.addAfter(name, std::chrono::seconds(1));
        return;
    }
    Json finalize = *ns;
    finalize["spec"]["finalizers"] = Json::array();
    auto done = m_client.updateSubresource(client::resource("", "v1", "namespaces"), finalize, "finalize");
    if (!done.ok())
        m_queue.addRateLimited(name);
}

} // namespace k8slab::controllers
