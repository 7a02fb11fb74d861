#pragma once

#include <functional>
#include <string>

namespace k8slab::engine {
class EventLoop;
}

namespace k8slab::apiserver {

class ApiServer;

/// Serves one `kubectl port-forward` connection: the upgrade — to a WebSocket whose
/// binary messages carry SPDY/3.1 (sub-protocol `SPDY/3.1+portforward.k8s.io`, what
/// kubectl 1.31 and newer try first) or to SPDY/3.1 itself (`Upgrade: SPDY/3.1`,
/// `X-Stream-Protocol-Version: portforward.k8s.io`, the fallback and older kubectl's
/// only way) — then the session: for each local connection the client opens an error
/// stream and a data stream with the same `requestID` and the remote `port`; once both
/// are there, a connection to that port inside the pod is opened on `loop` and bytes flow
/// both ways until either side closes; a connection that cannot be made is reported on
/// the error stream, as the kubelet does. `head` is the request's line and headers,
/// still unread on `socket`; the session ends when the client goes away or `running()`
/// turns false.
void servePortForward(int socket, const std::string &head, ApiServer &api, engine::EventLoop &loop,
                      const std::function<bool()> &running);

} // namespace k8slab::apiserver
