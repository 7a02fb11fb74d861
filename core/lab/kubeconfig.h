#pragma once

#include "core/base/status.h"

#include <string>

namespace k8slab::lab {

/// The kubeconfig that points kubectl at a lab served on plain HTTP on loopback:
/// cluster, user and context all named "k8slab", namespace "default".
std::string kubeconfigYaml(const std::string &serverUrl);
/// Writes kubeconfigYaml(serverUrl) to `path` (creating its folder), readable only by
/// the user, as kubectl expects of a kubeconfig.
Status writeKubeconfig(const std::string &path, const std::string &serverUrl);

} // namespace k8slab::lab
