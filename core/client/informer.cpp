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
    m_synced = true;
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
    const std::string key = keyOf(event.object);
    if (event.type == "DELETED") {
        auto it = m_cache.find(key);
        const Json last = it != m_cache.end() ? it->second : event.object;
        if (it != m_cache.end())
            m_cache.erase(it);
        for (const EventHandlers &h : m_handlers)
            if (h.onDelete)
                h.onDelete(last);
        return;
    }
    auto it = m_cache.find(key);
    if (it == m_cache.end()) {
        m_cache.emplace(key, event.object);
        for (const EventHandlers &h : m_handlers)
            if (h.onAdd)
                h.onAdd(event.object);
        return;
    }
    const Json before = std::move(it->second);
    it->second = event.object;
    for (const EventHandlers &h : m_handlers)
        if (h.onUpdate)
            h.onUpdate(before, event.object);
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
