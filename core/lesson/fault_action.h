#pragma once

#include "core/api/json.h"
#include "core/base/status.h"

#include <string>

namespace k8slab::lab {
class LabSession;
}

namespace k8slab::lesson {

/// Reads a lesson's `fault` action (docs/lessons.md) at `where` into `spec`:
///   {stopNodeAgent: NODE}, {startNodeAgent: NODE},
///   {killContainer: {pod: NAME | selector: SEL, namespace, container}},
///   {fillMemory: {node: NODE, bytes: 6Gi | available: 50Mi}}, {releaseMemory: NODE},
///   breakRegistry, repairRegistry.
Status parseFault(const api::Json &body, const std::string &where, api::Json &spec);

/// Stages the fault through the lab's node agents (as the app's menus and /lab/v1 do);
/// `message` says what was done.
Status performFault(lab::LabSession &session, const api::Json &spec, std::string &message);

} // namespace k8slab::lesson
