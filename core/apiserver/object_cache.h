#pragma once

#include "core/api/json.h"
#include "core/apiserver/resource_registry.h"
#include "core/store/mvcc_store.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace k8slab::apiserver {

/// One object as the API serves it, decoded once per write.
struct CachedObject {
    /// The object with apiVersion, kind and metadata.resourceVersion filled in.
    api::Json object;
    /// The object's JSON text, made on first use (LIST bodies are joined from these).
    mutable std::string json;
    /// Its metadata's JSON text, made on first use (Table rows' PartialObjectMetadata).
    mutable std::string metadataJson;
    /// Its Table row's cells with the time left as markers, and the resource they were
    /// printed for, made on first use.
    mutable std::string rowCells;
    mutable std::string rowResource;

    /// The JSON text of the whole object.
    const std::string &text() const;
    /// The JSON text of its metadata.
    const std::string &metadataText() const;
    /// Its Table row's cells as `resource`'s printer makes them, with every
    /// time-dependent part a marker (tableRowTemplate; appendRowCells fills them in).
    const std::string &rowTemplate(std::string_view resource) const;
};

/// The API server's cache of decoded objects at the store's latest revision, kept
/// current by a watch on the whole keyspace — upstream's watch cache in miniature.
/// Reads at the latest revision come from here without parsing; reads at older
/// revisions still go to the store.
class ObjectCache {
public:
    /// Fills the cache from `store` and follows its writes.
    explicit ObjectCache(store::MvccStore &store);
    ~ObjectCache();
    ObjectCache(const ObjectCache &) = delete;
    ObjectCache &operator=(const ObjectCache &) = delete;

    /// The object at `key`, or null.
    [[nodiscard]] std::shared_ptr<const CachedObject> get(const std::string &key) const;
    /// Calls `visit` for each object under `prefix` in key order, starting at
    /// `startKey` (inclusive) when given, until it returns false.
    void forEach(const std::string &prefix, const std::string &startKey,
                 const std::function<bool(const std::string &key, const CachedObject &)> &visit) const;

private:
    void apply(const store::WatchEvent &event);
    std::shared_ptr<const CachedObject> decode(const store::KeyValue &kv) const;

    store::MvccStore &m_store;
    store::WatchId m_watch = 0;
    std::map<std::string, std::shared_ptr<const CachedObject>, std::less<>> m_objects;
    std::map<std::string, const ResourceInfo *, std::less<>> m_byGroupResource;
};

} // namespace k8slab::apiserver
