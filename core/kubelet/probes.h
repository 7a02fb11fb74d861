#pragma once

#include "core/api/json.h"
#include "core/kubelet/container_runtime.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::kubelet {

/// The three probes a container may have.
enum class ProbeKind { Startup, Liveness, Readiness };

/// "Startup", "Liveness", "Readiness" (as upstream's events name them).
const char *probeKindName(ProbeKind kind);

/// One probe of a container, with upstream's defaults filled in.
struct ProbeSpec {
    enum class Handler { Exec, HttpGet, TcpSocket, Grpc } handler = Handler::Exec;
    std::vector<std::string> command; ///< exec
    int port = 0;                     ///< httpGet, tcpSocket, grpc (named ports resolved)
    std::string path = "/";           ///< httpGet
    std::string scheme = "HTTP";      ///< httpGet
    std::chrono::seconds initialDelay{0};
    std::chrono::seconds period{10};
    std::chrono::seconds timeout{1};
    int successThreshold = 1;
    int failureThreshold = 3;
    /// The probe's own terminationGracePeriodSeconds, if set (else the pod's).
    std::optional<std::chrono::seconds> terminationGrace;
};

/// The container's probe of `kind` ("startupProbe" …), or nullopt when it has none.
std::optional<ProbeSpec> probeOf(const api::Json &container, ProbeKind kind);

/// What one probe saw.
struct ProbeOutcome {
    bool success = false;
    /// Upstream's wording of a failure ("HTTP probe failed with statuscode: 404", the exec
    /// command's output, "dial tcp …: connect: connection refused").
    std::string message;
};

/// Runs `probe` once against the running container `containerId` of the pod at `podIP`,
/// as the kubelet's prober does: exec through the runtime, HTTP and TCP over the pod network.
ProbeOutcome runProbe(ContainerRuntime &runtime, const std::string &containerId, const std::string &podIP,
                      const ProbeSpec &probe);

} // namespace k8slab::kubelet
