#pragma once

#include "core/api/json.h"
#include "core/apiserver/request.h"
#include "core/proto/trace.pb.h"

#include <optional>

namespace k8slab::recording {
class Recording;
class TraceIndex;
} // namespace k8slab::recording

namespace k8slab::lab {

/// A trace event as the lab API shows it (protobuf's JSON mapping: camelCase, 64-bit
/// numbers as strings, unset fields left out).
api::Json traceEventJson(const proto::TraceEvent &event);

/// The trace's part of the lab-control API (docs/lab-api.md):
/// GET /lab/v1/trace — events by id range, revision range and object;
/// GET /lab/v1/history?kind=&namespace=&name=[&uid=] — an object's causal history
/// (a Pod's life, or what another object's creation led to), as the sequence diagram
/// draws it. Nothing for other paths.
std::optional<apiserver::ApiResponse> traceRoutes(recording::Recording &recording, const recording::TraceIndex &index,
                                                  const apiserver::ApiRequest &request);

} // namespace k8slab::lab
