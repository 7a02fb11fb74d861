#pragma once

#include "core/api/json.h"
#include "core/apiserver/resource_registry.h"

namespace k8slab::apiserver {

/// The autoscaling/v1 Scale of a scalable object (Deployment, ReplicaSet,
/// StatefulSet, ReplicationController): spec.replicas, status.replicas and the
/// selector string.
api::Json scaleOf(const ResourceInfo &info, const api::Json &object);

} // namespace k8slab::apiserver
