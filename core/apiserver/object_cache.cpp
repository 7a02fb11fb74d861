#include "core/apiserver/object_cache.h"

#include "core/apiserver/object_io.h"
#include "core/apiserver/table_printers.h"
#include "core/store/keys.h"

namespace k8slab::apiserver {

const std::string &CachedObject::text() const
{
    if (json.empty())
        json = object.dump();
    return json;
}

const std::string &CachedObject::metadataText() const
{
    if (metadataJson.empty())
        metadataJson = object.contains("metadata") ? object["metadata"].dump() : std::string("{}");
    return metadataJson;
}

const std::string &CachedObject::rowTemplate(std::string_view resource) const
{
    if (rowCells.empty() || rowResource != resource) {
        rowCells = tableRowTemplate(resource, object);
        rowResource = resource;
    }
    return rowCells;
}

ObjectCache::ObjectCache(store::MvccStore &store) : m_store(store)
{
    for (const auto &info : builtinResources().all())
        m_byGroupResource.emplace(info->groupResource(), info.get());
    auto all = store.range(std::string(store::kKeyRoot));
    if (all.ok()) {
        for (const store::KeyValue &kv : all->kvs) {
            if (auto decoded = decode(kv))
                m_objects.emplace(kv.key, std::move(decoded));
        }
    }
    auto watch = store.watch(store::kKeyRoot, 0, [this](const store::WatchEvent &event) { apply(event); });
    if (watch.ok())
        m_watch = *watch;
}

ObjectCache::~ObjectCache()
{
    if (m_watch)
        m_store.cancelWatch(m_watch);
}

std::shared_ptr<const CachedObject> ObjectCache::decode(const store::KeyValue &kv) const
{
    // /registry/<group-resource>/...: the resource names how to decode the value.
    const std::string_view rest = std::string_view(kv.key).substr(store::kKeyRoot.size());
    auto it = m_byGroupResource.find(rest.substr(0, rest.find('/')));
    if (it == m_byGroupResource.end())
        return nullptr;
    auto cached = std::make_shared<CachedObject>();
    cached->object = decodeObject(*it->second, kv);
    return cached;
}

void ObjectCache::apply(const store::WatchEvent &event)
{
    if (event.type == store::EventType::Delete) {
        m_objects.erase(event.kv.key);
        return;
    }
    if (auto decoded = decode(event.kv))
        m_objects.insert_or_assign(event.kv.key, std::move(decoded));
}

std::shared_ptr<const CachedObject> ObjectCache::get(const std::string &key) const
{
    auto it = m_objects.find(key);
    return it == m_objects.end() ? nullptr : it->second;
}

void ObjectCache::forEach(const std::string &prefix, const std::string &startKey,
                          const std::function<bool(const std::string &, const CachedObject &)> &visit) const
{
    const std::string end = store::prefixEnd(prefix);
    for (auto it = m_objects.lower_bound(std::max(prefix, startKey)); it != m_objects.end() && it->first < end; ++it) {
        if (!visit(it->first, *it->second))
            return;
    }
}

} // namespace k8slab::apiserver
