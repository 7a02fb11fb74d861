#pragma once

#include "core/api/json.h"
#include "core/client/informer.h"
#include "core/client/work_queue.h"

#include <optional>
#include <string>
#include <vector>

namespace k8slab::controllers {

/// What the Endpoints and EndpointSlice controllers share: which pods a Service
/// selects and which port of each pod a Service port reaches.

/// The Service's selector as a label selector; nullopt when it has none (such a
/// Service's endpoints are managed by hand, not by the controllers).
std::optional<api::LabelSelector> serviceSelector(const api::Json &service);

/// The keys of the Services in the pod's namespace that select it (by its labels).
std::vector<std::string> servicesSelecting(const client::Informer &services, const api::Json &pod);

/// The pod port a Service port reaches: targetPort as a number, or the named
/// container port (nullopt when the pod has no port of that name). An unset
/// targetPort means the Service port itself.
std::optional<std::int64_t> resolveTargetPort(const api::Json &servicePort, const api::Json &pod);

/// A pod that may be an endpoint at all: it has an IP and is not Succeeded or Failed.
bool podCanBeEndpoint(const api::Json &pod);

/// The hostname an endpoint gets: spec.hostname when spec.subdomain is the Service's name.
std::string endpointHostname(const api::Json &pod, const api::Json &service);

/// Queues the key of every Service selecting a pod whenever the pod is added, changes
/// (before and after, as its labels may have changed) or goes.
void queueServicesOfPods(client::Informer &pods, const client::Informer &services, client::WorkQueue &queue);

/// A targetRef to a pod.
api::Json podReference(const api::Json &pod);

} // namespace k8slab::controllers
