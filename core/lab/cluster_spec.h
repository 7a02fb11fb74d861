#pragma once

#include "core/api/json.h"
#include "core/base/result.h"
#include "core/kubelet/kubelet.h"

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::lab {

/// The most nodes a lab runs.
inline constexpr int kMaxNodes = 5000;

/// Reads a list of node entries (a cluster spec's `nodes`, a lesson's `cluster.nodes`)
/// into the nodes the lab starts with. Each entry: `name` (with `count` N: name-1 …
/// name-N), `capacity` (cpu, memory, pods, ephemeral-storage as quantities),
/// `architecture` (amd64 or arm64), `labels`, `taints` ({key, value, effect}) and
/// preloaded `images` ({name, size}). Errors are Invalid and name the field as
/// "<where>[i].capacity.memory"; unknown fields are errors (a typo must not pass).
Result<std::vector<kubelet::NodeSpec>> readNodeEntries(const api::Json &nodes, const std::string &where);

/// Parses a cluster spec (docs/cluster-spec.md): `kind: Cluster`,
/// `apiVersion: k8slab.io/v1alpha1`, `nodes: [...]`. Errors name `source`, the line
/// and the field.
Result<std::vector<kubelet::NodeSpec>> parseClusterSpec(std::string_view yaml, const std::string &source);

/// Reads and parses the cluster spec file at `path`.
Result<std::vector<kubelet::NodeSpec>> readClusterSpec(const std::string &path);

} // namespace k8slab::lab
