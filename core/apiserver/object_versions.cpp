#include "core/apiserver/object_versions.h"

#include "core/apiserver/object_io.h"

#include <algorithm>

namespace k8slab::apiserver {

Result<std::vector<ObjectVersion>> objectVersions(store::MvccStore &store, const ResourceInfo &info, const std::string &ns,
                                                  const std::string &name, store::Revision at, std::size_t limit)
{
    const std::string key = objectKey(info, ns, name);
    Result<store::KeyValue> kv = store.get(key, at);
    if (!kv.ok())
        return kv.status();
    std::vector<ObjectVersion> versions;
    const store::Revision created = kv->createRevision;
    while (versions.size() < limit) {
        versions.push_back({kv->modRevision, kv->version, decodeObject(info, *kv)});
        if (kv->modRevision <= created || kv->version <= 1)
            break;
        kv = store.get(key, kv->modRevision - 1);
        if (!kv.ok() || kv->createRevision != created)
            break; // compacted away (or, impossibly, another incarnation)
    }
    std::reverse(versions.begin(), versions.end());
    return versions;
}

} // namespace k8slab::apiserver
