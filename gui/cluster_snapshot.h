#pragma once

#include "core/base/result.h"
#include "core/store/mvcc_store.h"
#include "gui/cluster_view.h"

#include <array>
#include <memory>

namespace k8slab::gui {

/// The cluster as it was at one store revision, read from the store's history (the
/// timeline's time travel): the watched kinds at that revision, and any object
/// fetched at it.
class ClusterSnapshot : public ClusterView {
public:
    /// Reads the cluster at `revision` (Gone if compacted away, OutOfRange if in the future).
    static Result<std::unique_ptr<ClusterSnapshot>> read(store::MvccStore &store, store::Revision revision);

    std::vector<const api::Json *> list(Watched kind) const override { return pointers(m_objects[std::size_t(kind)]); }
    api::Json fetch(const ObjectKey &key) override;
    [[nodiscard]] store::Revision revision() const override { return m_revision; }

private:
    ClusterSnapshot(store::MvccStore &store, store::Revision revision) : m_store(store), m_revision(revision) {}
    static std::vector<const api::Json *> pointers(const std::vector<api::Json> &objects);

    store::MvccStore &m_store;
    store::Revision m_revision;
    std::array<std::vector<api::Json>, 7> m_objects; ///< per Watched kind
};

} // namespace k8slab::gui
