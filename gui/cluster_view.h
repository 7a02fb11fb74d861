#pragma once

#include "core/api/json.h"
#include "gui/object_key.h"

#include <array>
#include <vector>

namespace k8slab::apiserver {
struct ResourceInfo;
}

namespace k8slab::gui {

/// The kinds every view can list, live or at a past revision.
enum class Watched { Nodes, Pods, Events, Deployments, ReplicaSets, Services, EndpointSlices };

/// Each watched kind's resource, in the order of the enum.
const std::array<const apiserver::ResourceInfo *, 7> &watchedResources();

/// The cluster as the views draw it — live (ClusterState) or as it was at a store
/// revision (ClusterSnapshot): the views do not know which.
class ClusterView {
public:
    virtual ~ClusterView() = default;
    /// The objects of one watched kind.
    [[nodiscard]] virtual std::vector<const api::Json *> list(Watched kind) const = 0;
    /// Any object the registry serves, as it is (or was); null when it does not exist.
    [[nodiscard]] virtual api::Json fetch(const ObjectKey &key) = 0;
    /// The store revision shown: 0 for the live cluster.
    [[nodiscard]] virtual std::int64_t revision() const { return 0; }

    [[nodiscard]] std::vector<const api::Json *> nodes() const { return list(Watched::Nodes); }
    [[nodiscard]] std::vector<const api::Json *> pods() const { return list(Watched::Pods); }
    [[nodiscard]] std::vector<const api::Json *> events() const { return list(Watched::Events); }
    /// The events whose involvedObject is `key`, oldest first.
    [[nodiscard]] std::vector<const api::Json *> eventsOf(const ObjectKey &key) const;
};

} // namespace k8slab::gui
