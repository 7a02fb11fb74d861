#pragma once

#include "core/api/json.h"
#include "core/base/status.h"

#include <string>
#include <vector>

namespace k8slab::lab {
class LabSession;
}

namespace k8slab::lesson {

/// What a check saw.
struct CheckResult {
    /// True when the cluster answers the check's question with yes.
    bool passed = false;
    /// What was seen, e.g. "Deployment default/web: {.status.readyReplicas} is 2; wants 3".
    std::string detail;
};

/// The check types a lesson may use: field, count, condition, event, placement,
/// endpoints, rules, trace, metric, and all/any/not over other checks (docs/lessons.md).
const std::vector<std::string> &checkTypes();

/// Invalid when `spec` (one check, without its title) is not a check a lesson may use;
/// the message starts with `where`.
Status validateCheck(const api::Json &spec, const std::string &where);

/// Asks the cluster of `session` now. Checks look at the cluster (objects, events, the
/// trace, kube-proxy's rules), never at what anyone typed; they read without a request,
/// so they leave no step in the trace.
CheckResult evaluateCheck(const api::Json &spec, lab::LabSession &session);

} // namespace k8slab::lesson
