#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace k8slab::kubelet {

/// What a container is given besides its image: the files of its configMap, secret and
/// downwardAPI volumes (at their mount paths) and its environment (value, valueFrom,
/// envFrom), as the kubelet resolves them when it creates the container.
struct ContainerInputs {
    /// Mounted files: absolute path → content.
    std::map<std::string, std::string> files;
    /// The environment, in the order upstream builds it (envFrom first, then env).
    std::vector<std::pair<std::string, std::string>> env;
};

/// Reads a ConfigMap or Secret ("configmaps" / "secrets") of a namespace; nullopt when
/// it does not exist.
using ObjectReader =
    std::function<std::optional<api::Json>(const std::string &resource, const std::string &ns, const std::string &name)>;

/// Resolves the inputs of `container` (an entry of the pod's containers or
/// initContainers) of `pod`, on the node whose pod IP is `podIP`. A missing
/// ConfigMap, Secret or key that is not optional is an error with upstream's message
/// (`configmap "app-config" not found`): the kubelet's CreateContainerConfigError.
Result<ContainerInputs> containerInputs(const api::Json &pod, const api::Json &container, const std::string &podIP,
                                        const ObjectReader &read);

} // namespace k8slab::kubelet
