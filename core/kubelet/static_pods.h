#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <string>

namespace k8slab::kubelet {

/// The annotations of static and mirror pods (kubelet/types).
struct StaticPodAnnotations {
    static constexpr const char *kHash = "kubernetes.io/config.hash";     ///< the static pod's UID
    static constexpr const char *kSource = "kubernetes.io/config.source"; ///< "file"
    static constexpr const char *kSeen = "kubernetes.io/config.seen";     ///< when the kubelet read it
    static constexpr const char *kMirror = "kubernetes.io/config.mirror"; ///< on the mirror pod: the hash
};

/// A pod read from a manifest file in a node's static pod folder, defaulted as the
/// kubelet's file source does: kind Pod required; name suffixed with "-<node>"
/// (lowercase); namespace "default" unless set; the UID (unless the file sets one) a
/// 128-bit FNV-1a hash of the file, the node and the path (32 hex digits), also the
/// config.hash annotation; config.source "file" and config.seen `seen`; spec.nodeName
/// the node; a toleration of every NoExecute taint; then the API's own pod defaults.
/// An error names the file and what is wrong with it.
Result<api::Json> readStaticPod(const std::string &path, const std::string &content, const std::string &nodeName,
                                const std::string &seen);

/// The mirror pod the kubelet writes to the API for a static pod: the same object (its
/// own UID is the API server's) with config.mirror set to the static pod's hash and the
/// Node as its owner.
api::Json mirrorPodOf(const api::Json &staticPod, const api::Json &node);

/// True for a mirror pod (it has the config.mirror annotation).
bool isMirrorPod(const api::Json &pod);

} // namespace k8slab::kubelet
