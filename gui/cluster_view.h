#pragma once

#include "core/api/json.h"
#include "gui/object_key.h"

#include <vector>

namespace k8slab::gui {

/// The cluster as the views draw it — live (ClusterState) or as it was at a store
/// revision (ClusterSnapshot): the views do not know which.
class ClusterView {
public:
    virtual ~ClusterView() = default;
    [[nodiscard]] virtual std::vector<const api::Json *> nodes() const = 0;
    [[nodiscard]] virtual std::vector<const api::Json *> pods() const = 0;
    [[nodiscard]] virtual std::vector<const api::Json *> events() const = 0;
    /// Any object the registry serves, as it is (or was); null when it does not exist.
    [[nodiscard]] virtual api::Json fetch(const ObjectKey &key) = 0;
    /// The events whose involvedObject is `key`, oldest first.
    [[nodiscard]] std::vector<const api::Json *> eventsOf(const ObjectKey &key) const;
};

} // namespace k8slab::gui
