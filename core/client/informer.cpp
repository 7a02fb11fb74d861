#include "core/client/informer.h"

#include "core/apiserver/object_io.h"

namespace k8slab::client {

using api::Json;

Informer::Informer(Client &client, const apiserver::ResourceInfo &resource, std::string ns, ListOptions options)
    : m_client(client), m_resource(resource), m_ns(std::move(ns)), m_options(std::move(options))
{
}

Informer::~Informer()
{
    stop();
}

void Informer::addHandlers(EventHandlers handlers)
{
    m_handlers.push_back(std::move(handlers));
}

std::string Informer::keyOf(const Json &object)
{
    const Json &ns = apiserver::jsonAt(object, "metadata.namespace");
    const Json &name = apiserver::jsonAt(object, "metadata.name");
    const std::string n = name.is_string() ? name.get<std::string>() : std::string();
    return ns.is_string() && !ns.get<std::string>().empty() ? ns.get<std::string>() + "/" + n : n;
}

namespace {
std::string controllerUid(const Json &object)
{
    const Json &refs = apiserver::jsonAt(object, "metadata.ownerReferences");
    if (refs.is_array())
        for (const Json &ref : refs)
            if (ref.is_object() && ref.value("controller", false))
                return ref.value("uid", "");
    return {};
}
} // namespace

void Informer::index(const std::string &key, const Json &object)
{
    m_byController[controllerUid(object)][key] = &object;
}

void Informer::unindex(const std::string &key, const Json &object)
{
    auto it = m_byController.find(controllerUid(object));
    if (it == m_byController.end())
        return;
    it->second.erase(key);
    if (it->second.empty())
        m_byController.erase(it);
}

std::vector<const Json *> Informer::listByController(const std::string &uid, const std::string &ns) const
{
    std::vector<const Json *> out;
    auto it = m_byController.find(uid);
    if (it == m_byController.end())
        return out;
    const std::string prefix = ns.empty() ? std::string() : ns + "/";
    for (auto entry = it->second.lower_bound(prefix); entry != it->second.end(); ++entry) {
        if (!prefix.empty() && !entry->first.starts_with(prefix))
            break;
        out.push_back(entry->second);
    }
    return out;
}

Status Informer::start()
{
    m_running = true;
    return relist();
}

Status Informer::relist()
{
    auto listed = m_client.list(m_resource, m_ns, m_options);
    if (!listed.ok())
        return listed.status();
    std::map<std::string, Json> fresh;
    for (Json &item : (*listed)["items"]) {
        if (!m_keepManagedFields && item.contains("metadata"))
            item["metadata"].erase("managedFields");
        item["apiVersion"] = m_resource.apiVersion();
        item["kind"] = m_resource.kind;
        fresh.emplace(keyOf(item), std::move(item));
    }
    // Tell the handlers what changed between the old cache and the new list.
    engine::EventLoop &loop = m_client.api().loop();
    for (const auto &[key, object] : fresh) {
        auto old = m_cache.find(key);
        for (const EventHandlers &h : m_handlers) {
            if (old == m_cache.end() && h.onAdd)
                loop.post([f = h.onAdd, object] { f(object); });
            else if (old != m_cache.end() && old->second != object && h.onUpdate)
                loop.post([f = h.onUpdate, before = old->second, object] { f(before, object); });
        }
    }
    for (const auto &[key, object] : m_cache) {
        if (fresh.contains(key))
            continue;
        for (const EventHandlers &h : m_handlers)
            if (h.onDelete)
                loop.post([f = h.onDelete, object] { f(object); });
    }
    m_cache = std::move(fresh);
    m_byController.clear();
    for (const auto &[key, object] : m_cache)
        index(key, object);
    m_synced = true;
    ++m_generation;
    const std::string rv = (*listed)["metadata"].value("resourceVersion", "");
    auto watch = m_client.watch(m_resource, m_ns, m_options, rv, [this](const WatchEvent &event) { handle(event); });
    if (!watch.ok())
        return watch.status();
    m_watch = *watch;
    return {};
}

void Informer::stop()
{
    m_running = false;
    if (m_watch)
        m_client.stopWatch(m_watch);
    m_watch = 0;
}

void Informer::handle(const WatchEvent &event)
{
    if (!m_running)
        return;
    if (event.type == "ERROR") {
        // 410 Gone: the watch fell behind a compaction; start again from a fresh list.
        stop();
        m_running = true;
        (void)relist();
        return;
    }
    if (event.type == "BOOKMARK")
        return; // only a resourceVersion: nothing changed
    // Every cached object carries its apiVersion and kind, as a list's items do here, so
    // a controller can reference or write back any object it reads from the cache.
    Json object = event.object;
    if (!m_keepManagedFields && object.contains("metadata"))
        object["metadata"].erase("managedFields");
    object["apiVersion"] = m_resource.apiVersion();
    object["kind"] = m_resource.kind;
    const std::string key = keyOf(object);
    if (event.type == "DELETED") {
        auto it = m_cache.find(key);
        const Json last = it != m_cache.end() ? it->second : object;
        if (it != m_cache.end()) {
            unindex(key, it->second);
            m_cache.erase(it);
        }
        for (const EventHandlers &h : m_handlers)
            if (h.onDelete)
                h.onDelete(last);
        return;
    }
    auto it = m_cache.find(key);
    if (it == m_cache.end()) {
        const Json &added = m_cache.emplace(key, std::move(object)).first->second;
        index(key, added);
        for (const EventHandlers &h : m_handlers)
            if (h.onAdd)
                h.onAdd(added);
        return;
    }
    const Json before = std::move(it->second);
    unindex(key, before);
    it->second = std::move(object);
    index(key, it->second);
    const Json &after = it->second;
    for (const EventHandlers &h : m_handlers)
        if (h.onUpdate)
            h.onUpdate(before, after);
}

const Json *Informer::get(const std::string &ns, const std::string &name) const
{
    auto it = m_cache.find(ns.empty() ? name : ns + "/" + name);
    return it == m_cache.end() ? nullptr : &it->second;
}

std::vector<const Json *> Informer::list(const api::LabelSelector &selector, const std::string &ns) const
{
    std::vector<const Json *> out;
    // Keys are "ns/name", so one namespace is one contiguous range of the ordered cache.
    const std::string prefix = ns.empty() ? std::string() : ns + "/";
    for (auto it = m_cache.lower_bound(prefix); it != m_cache.end(); ++it) {
        if (!prefix.empty() && !it->first.starts_with(prefix))
            break;
        if (selector.matches(apiserver::jsonAt(it->second, "metadata.labels")))
            out.push_back(&it->second);
    }
    return out;
}

} // namespace k8slab::client
