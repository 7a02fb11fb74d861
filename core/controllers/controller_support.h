#pragma once

#include "core/api/json.h"
#include "core/api/selectors.h"
#include "core/client/client.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace k8slab::controllers {

/// The string at a dotted path ("" when missing or not a string).
std::string textAt(const api::Json &object, std::string_view path);
/// The integer at a dotted path (`fallback` when missing or not a number).
std::int64_t intAt(const api::Json &object, std::string_view path, std::int64_t fallback = 0);
/// True when the object has a deletionTimestamp.
bool isTerminating(const api::Json &object);
/// "ns/name" (or "name") → {ns, name}.
std::pair<std::string, std::string> splitKey(const std::string &key);

/// A pod that counts toward its controller: not Succeeded/Failed and not being deleted.
bool podActive(const api::Json &pod);
/// The pod's Ready condition is True.
bool podReady(const api::Json &pod);
/// When the pod's Ready condition last became True (unset when not Ready).
std::optional<engine::TimePoint> podReadySince(const api::Json &pod);
/// Ready for at least `minReadySeconds` at `now` (upstream's IsPodAvailable).
bool podAvailable(const api::Json &pod, std::int64_t minReadySeconds, engine::TimePoint now);

/// The object's controller ownerReference (the one with controller: true), or null.
/// The pointer points into `object`.
const api::Json *controllerRef(const api::Json &object);
/// An ownerReference to `owner` marking it as the controller (blockOwnerDeletion too).
api::Json controllerReferenceTo(const api::Json &owner);
/// A new object's metadata.labels/annotations and spec from a pod template, named
/// `<generateName>…`, owned by `owner`.
api::Json podFromTemplate(const api::Json &podTemplate, const api::Json &owner, const std::string &generateName);

/// Upstream's ControllerRefManager.Claim: of `candidates`, the objects `owner` controls
/// that its selector still matches. Orphans that match (and are `eligible`) are
/// adopted — a patch adding the controller reference; owned objects that no longer
/// match (and are eligible) are released — a patch removing it. A terminating owner
/// adopts nothing. The pointers are the candidates themselves (the informer's cache,
/// valid until the loop delivers the next watch event), so a sync copies nothing.
std::vector<const api::Json *> claimObjects(client::Client &client, const apiserver::ResourceInfo &resource, const api::Json &owner,
                                    const api::LabelSelector &selector, const std::vector<const api::Json *> &candidates,
                                    const std::function<bool(const api::Json &)> &eligible);

/// The condition of `type` in status.conditions, or null.
const api::Json *findCondition(const api::Json &status, std::string_view type);
/// Sets a condition the way upstream's Set…Condition helpers do: an unchanged status
/// and reason leaves it alone; the same status with a new reason keeps the
/// lastTransitionTime. Returns true when something changed.
bool setCondition(api::Json &status, const std::string &type, const std::string &conditionStatus,
                  const std::string &reason, const std::string &message, engine::TimePoint now,
                  bool withUpdateTime = false);

/// Publishes what a controller saw and decided in one reconcile, before it acts, so
/// the API calls it then makes are traced as caused by the decision. `component` is
/// "kube-controller-manager/<controller>"; `code` e.g. "controller.replicaset.sync".
engine::TraceId traceReconcile(engine::TraceBus &trace, const std::string &component, const std::string &code,
                               const api::Json &object, const std::map<std::string, std::string> &params);

} // namespace k8slab::controllers
