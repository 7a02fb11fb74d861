#pragma once

#include "core/api/json.h"
#include "core/apiserver/resource_registry.h"
#include "core/base/result.h"
#include "core/store/mvcc_store.h"

#include <string>
#include <vector>

namespace k8slab::apiserver {

/// One version of an object, as it was written.
struct ObjectVersion {
    store::Revision revision = 0; ///< The write that produced it (its resourceVersion).
    std::int64_t version = 0;     ///< 1 for the create, +1 per update.
    api::Json object;             ///< The object, decoded as the API returns it.
};

/// Every version of the object `info`/`ns`/`name` that existed at revision `at` (0: the
/// latest), from its creation on, oldest first — walked back through the store's history
/// one write at a time. At most `limit` versions (the newest). NotFound when it did not
/// exist at `at`; what compaction dropped is left out.
Result<std::vector<ObjectVersion>> objectVersions(store::MvccStore &store, const ResourceInfo &info, const std::string &ns,
                                                  const std::string &name, store::Revision at = 0, std::size_t limit = 500);

} // namespace k8slab::apiserver
