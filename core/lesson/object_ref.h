#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <string>

namespace k8slab::apiserver {
struct ResourceInfo;
}

namespace k8slab::lesson {

/// The resource a lesson's {kind, apiVersion?} names: the kind ("Deployment"), its plural
/// or a short name ("deploy") in the served version (apiVersion picks another one).
Result<const apiserver::ResourceInfo *> resolveKind(const api::Json &spec);

/// The namespace a lesson's reference means: its `namespace`, else "default" for a
/// namespaced resource, else none.
std::string namespaceOf(const api::Json &spec, const apiserver::ResourceInfo &resource);

/// "Deployment default/web": an object as messages name it.
std::string describeRef(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name);

} // namespace k8slab::lesson
