#include "core/controllers/garbage_collector.h"

#include "core/apiserver/object_io.h"

#include <algorithm>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

std::string uidOf(const Json &object)
{
    const Json &uid = jsonAt(object, "metadata.uid");
    return uid.is_string() ? uid.get<std::string>() : std::string();
}

bool hasFinalizer(const Json &object, const std::string &finalizer)
{
    const Json &list = jsonAt(object, "metadata.finalizers");
    return list.is_array() && std::find(list.begin(), list.end(), finalizer) != list.end();
}

std::string namespaceOf(const Json &object)
{
    const Json &ns = jsonAt(object, "metadata.namespace");
    return ns.is_string() ? ns.get<std::string>() : std::string();
}

bool terminating(const Json &object)
{
    return jsonAt(object, "metadata.deletionTimestamp").is_string();
}

} // namespace

GarbageCollector::GarbageCollector(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_informers(informers),
      m_queue(client.api().loop(), "garbagecollector", [this](const std::string &uid) { process(uid); })
{
}

GarbageCollector::~GarbageCollector() = default;

void GarbageCollector::start()
{
    for (const auto &resource : apiserver::builtinResources().all()) {
        // One informer per stored resource; other versions of it see the same objects.
        if (resource->storage || !resource->supports("watch") || resource->plural == "events")
            continue;
        client::Informer &informer = m_informers.forResource(*resource);
        const apiserver::ResourceInfo *info = resource.get();
        informer.addHandlers({[this, info, &informer](const Json &o) { observe(*info, informer, o); },
                              [this, info, &informer](const Json &, const Json &o) { observe(*info, informer, o); },
                              [this](const Json &o) { forget(o); }});
    }
}

const Json *GarbageCollector::objectOf(const Node &node) const
{
    return node.informer->get(node.ns, node.name);
}

void GarbageCollector::observe(const apiserver::ResourceInfo &resource, client::Informer &informer, const Json &object)
{
    const std::string uid = uidOf(object);
    const Json &name = jsonAt(object, "metadata.name");
    if (uid.empty() || !name.is_string())
        return;
    m_byUid[uid] = {&resource, &informer, namespaceOf(object), name.get<std::string>()};
    const Json &owners = jsonAt(object, "metadata.ownerReferences");
    for (const Json &owner : owners.is_array() ? owners : Json::array()) {
        const std::string ownerUid = owner.value("uid", "");
        m_dependents[ownerUid].insert(uid);
        if (!m_byUid.contains(ownerUid))
            m_queue.add(ownerUid); // the owner may already be gone: look again
    }
    if (terminating(object) && (hasFinalizer(object, "foregroundDeletion") || hasFinalizer(object, "orphan")))
        m_queue.add(uid);
}

void GarbageCollector::forget(const Json &object)
{
    const std::string uid = uidOf(object);
    m_byUid.erase(uid);
    m_queue.add(uid); // its dependents need looking at
    const Json &owners = jsonAt(object, "metadata.ownerReferences");
    for (const Json &owner : owners.is_array() ? owners : Json::array()) {
        const std::string ownerUid = owner.value("uid", "");
        auto it = m_dependents.find(ownerUid);
        if (it == m_dependents.end())
            continue;
        it->second.erase(uid);
        if (m_byUid.contains(ownerUid))
            m_queue.add(ownerUid); // a foreground owner may be waiting for this one
    }
}

std::vector<std::pair<const apiserver::ResourceInfo *, Json>> GarbageCollector::dependentsOf(const std::string &ownerUid) const
{
    std::vector<std::pair<const apiserver::ResourceInfo *, Json>> out;
    auto it = m_dependents.find(ownerUid);
    if (it == m_dependents.end())
        return out;
    for (const std::string &uid : it->second) {
        if (auto found = m_byUid.find(uid); found != m_byUid.end())
            if (const Json *object = objectOf(found->second))
                out.emplace_back(found->second.resource, *object);
    }
    return out;
}

void GarbageCollector::removeOwnerReference(const apiserver::ResourceInfo &resource, const Json &dependent,
                                            const std::string &ownerUid)
{
    Json owners = Json::array();
    for (const Json &owner : jsonAt(dependent, "metadata.ownerReferences"))
        if (owner.value("uid", "") != ownerUid)
            owners.push_back(owner);
    const std::string ns = namespaceOf(dependent);
    (void)m_client.patch(resource, ns, jsonAt(dependent, "metadata.name").get<std::string>(), "application/merge-patch+json",
                         {{"metadata", {{"ownerReferences", owners.empty() ? Json() : owners}}}});
}

void GarbageCollector::removeFinalizer(const apiserver::ResourceInfo &resource, const Json &object, const std::string &finalizer)
{
    Json kept = Json::array();
    for (const Json &f : jsonAt(object, "metadata.finalizers"))
        if (f != finalizer)
            kept.push_back(f);
    const std::string ns = namespaceOf(object);
    (void)m_client.patch(resource, ns, jsonAt(object, "metadata.name").get<std::string>(), "application/merge-patch+json",
                         {{"metadata", {{"finalizers", kept.empty() ? Json() : kept},
                                        {"resourceVersion", jsonAt(object, "metadata.resourceVersion")}}}});
}

void GarbageCollector::process(const std::string &uid)
{
    const auto dependents = dependentsOf(uid);
    auto owner = m_byUid.find(uid);
    if (owner == m_byUid.end()) {
        // The owner seems gone. Informers fill in any order, so ask the API server
        // before acting, as upstream's collector does: a live owner keeps its dependents.
        for (const auto &[resource, dependent] : dependents) {
            for (const Json &ref : jsonAt(dependent, "metadata.ownerReferences")) {
                if (ref.value("uid", "") != uid)
                    continue;
                const apiserver::ResourceInfo *ownerResource =
                    apiserver::builtinResources().findKind(ref.value("apiVersion", ""), ref.value("kind", ""));
                if (!ownerResource)
                    continue;
                const std::string ns = ownerResource->namespaced ? namespaceOf(dependent) : std::string();
                auto live = m_client.get(*ownerResource, ns, ref.value("name", ""));
                if (live.ok() && uidOf(*live) == uid)
                    return; // still there: its informer will report it
            }
        }
        // Gone: each dependent loses it, and goes too when it was the last owner.
        for (const auto &[resource, dependent] : dependents) {
            std::size_t liveOwners = 0;
            for (const Json &ref : jsonAt(dependent, "metadata.ownerReferences"))
                liveOwners += ref.value("uid", "") != uid && m_byUid.contains(ref.value("uid", "")) ? 1 : 0;
            if (liveOwners > 0) {
                removeOwnerReference(*resource, dependent, uid);
                continue;
            }
            if (terminating(dependent))
                continue;
            const std::string ns = namespaceOf(dependent);
            (void)m_client.remove(*resource, ns, jsonAt(dependent, "metadata.name").get<std::string>(),
                                  {{"propagationPolicy", "Background"}});
        }
        m_dependents.erase(uid);
        m_queue.forget(uid);
        return;
    }
    const apiserver::ResourceInfo *resource = owner->second.resource;
    const Json *current = objectOf(owner->second);
    if (!current || !terminating(*current))
        return;
    const Json object = *current;
    if (hasFinalizer(object, "orphan")) {
        for (const auto &[depResource, dependent] : dependents)
            removeOwnerReference(*depResource, dependent, uid);
        removeFinalizer(*resource, object, "orphan");
        return;
    }
    if (hasFinalizer(object, "foregroundDeletion")) {
        if (dependents.empty()) {
            removeFinalizer(*resource, object, "foregroundDeletion");
            return;
        }
        for (const auto &[depResource, dependent] : dependents) {
            if (terminating(dependent))
                continue;
            const std::string ns = namespaceOf(dependent);
            (void)m_client.remove(*depResource, ns, jsonAt(dependent, "metadata.name").get<std::string>(),
                                  {{"propagationPolicy", "Foreground"}});
        }
    }
}

} // namespace k8slab::controllers
