#pragma once

#include "core/apiserver/api_server.h"
#include "core/kubelet/container_runtime.h"

namespace k8slab::lab {

/// How a pod's connections find their way in the lab, from the cluster's objects: a
/// name resolves as cluster DNS resolves it ("web", "web.shop", "web.shop.svc",
/// "web.shop.svc.cluster.local" to the Service's ClusterIP), and a Service's address and
/// port lead — as kube-proxy's rules lead — to the ready endpoints of its EndpointSlices
/// at their target ports. Pod IPs are reached directly. Names outside the cluster do
/// not resolve (the lab has no Internet).
kubelet::ServiceResolver serviceResolver(apiserver::ApiServer &api);

} // namespace k8slab::lab
