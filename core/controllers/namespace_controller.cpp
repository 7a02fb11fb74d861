#include "core/controllers/namespace_controller.h"

#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <map>

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
    Json namespaceObject = *ns;
    std::size_t remaining = 0;
    std::map<std::string, std::size_t> byResource, byFinalizer; // what is left, for the conditions
    for (const auto &resource : apiserver::builtinResources().all()) {
        if (!resource->namespaced || resource->storage || !resource->supports("deletecollection"))
            continue;
        auto items = m_client.list(*resource, name);
        if (!items.ok())
            continue;
        for (const Json &item : (*items)["items"]) {
            ++remaining;
            // Upstream names the group ("pods." for the core group).
            ++byResource[resource->plural + "." + resource->group];
            const Json &finalizers = jsonAt(item, "metadata.finalizers");
            for (const Json &f : finalizers.is_array() ? finalizers : Json::array())
                ++byFinalizer[f.get<std::string>()];
            if (!jsonAt(item, "metadata.deletionTimestamp").is_string())
                (void)m_client.remove(*resource, name, item["metadata"]["name"], {{"propagationPolicy", "Background"}});
        }
    }
    // The conditions `kubectl describe namespace` shows while it terminates.
    const engine::TimePoint now = m_client.api().loop().now();
    Json status = namespaceObject.value("status", Json::object());
    const Json before = status;
    setCondition(status, "NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered", now);
    setCondition(status, "NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                 "All legacy kube types successfully parsed", now);
    setCondition(status, "NamespaceDeletionContentFailure", "False", "ContentDeleted",
                 "All content successfully deleted, may be waiting on finalization", now);
    const auto describe = [](const std::map<std::string, std::size_t> &counts) {
        std::string out;
        for (const auto &[what, count] : counts)
            out += (out.empty() ? "" : ", ") + what + " has " + std::to_string(count) + " resource instances";
        return out;
    };
    if (byResource.empty())
        setCondition(status, "NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed", now);
    else
        setCondition(status, "NamespaceContentRemaining", "True", "SomeResourcesRemain",
                     "Some resources are remaining: " + describe(byResource), now);
    if (byFinalizer.empty()) {
        setCondition(status, "NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers",
                     "All content-preserving finalizers finished", now);
    } else {
        std::string text;
        for (const auto &[finalizer, count] : byFinalizer)
            text += (text.empty() ? "" : ", ") + finalizer + " in " + std::to_string(count) + " resource instances";
        setCondition(status, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                     "Some content in the namespace has finalizers remaining: " + text, now);
    }
    if (status != before) {
        namespaceObject["status"] = status;
        if (auto written = m_client.updateStatus(client::resource("", "v1", "namespaces"), namespaceObject); written.ok())
            namespaceObject = *written;
    }
    if (remaining > 0) {
        // Objects with finalizers or graceful deletion take their time: look again soon.
        m_queue.addAfter(name, std::chrono::seconds(1));
        return;
    }
    Json finalize = namespaceObject;
    finalize["spec"]["finalizers"] = Json::array();
    auto done = m_client.updateSubresource(client::resource("", "v1", "namespaces"), finalize, "finalize");
    if (!done.ok())
        m_queue.addRateLimited(name);
}

} // namespace k8slab::controllers
