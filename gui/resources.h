#pragma once

#include "core/api/json.h"

#include <QtGlobal>

namespace k8slab::gui {

/// CPU (millicores) and memory (bytes).
struct Requests {
    qint64 cpu = 0;
    qint64 memory = 0;
};

/// What a pod's containers request of its node.
Requests requestsOf(const api::Json &pod);

/// The quantity at `key` of a resource list ({"cpu": "500m"}): in milli-units when
/// `milli`, else in units; 0 when missing or unparsable.
qint64 quantity(const api::Json &list, const char *key, bool milli);

/// Whether a pod still holds its node's resources (not Succeeded or Failed).
bool holdsResources(const api::Json &pod);

} // namespace k8slab::gui
