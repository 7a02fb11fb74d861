#include "gui/cluster_snapshot.h"

#include "core/apiserver/object_io.h"
#include "core/client/client.h"

namespace k8slab::gui {

using api::Json;

std::vector<const Json *> ClusterSnapshot::pointers(const std::vector<Json> &objects)
{
    std::vector<const Json *> out;
    out.reserve(objects.size());
    for (const Json &o : objects)
        out.push_back(&o);
    return out;
}

Result<std::unique_ptr<ClusterSnapshot>> ClusterSnapshot::read(store::MvccStore &store, store::Revision revision)
{
    std::unique_ptr<ClusterSnapshot> snapshot(new ClusterSnapshot(store, revision));
    for (std::size_t k = 0; k < watchedResources().size(); ++k) {
        const apiserver::ResourceInfo *info = watchedResources()[k];
        std::vector<Json> *into = &snapshot->m_objects[k];
        store::RangeOptions options;
        options.revision = revision;
        Result<store::RangeResult> range = store.range(apiserver::collectionPrefix(*info, {}), options);
        if (!range.ok())
            return range.status();
        into->reserve(range->kvs.size());
        for (const store::KeyValue &kv : range->kvs)
            into->push_back(apiserver::decodeObject(*info, kv));
    }
    return snapshot;
}

Json ClusterSnapshot::fetch(const ObjectKey &key)
{
    for (const auto &info : apiserver::builtinResources().all()) {
        if (QString::fromStdString(info->kind) != key.kind || info->storage)
            continue;
        Result<store::KeyValue> kv =
            m_store.get(apiserver::objectKey(*info, key.ns.toStdString(), key.name.toStdString()), m_revision);
        if (kv.ok())
            return apiserver::decodeObject(*info, *kv);
    }
    return nullptr;
}

} // namespace k8slab::gui
