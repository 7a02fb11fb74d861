#pragma once

#include <functional>
#include <string>

namespace k8slab::engine {
class EventLoop;
}

namespace k8slab::apiserver {

class ApiServer;

/// Serves one `kubectl exec` or `kubectl attach` connection: the WebSocket handshake
/// (RFC 6455, sub-protocol v5.channel.k8s.io, or v4 for older clients), then the
/// session's channels until the command ends, the client leaves or `running()` turns
/// false. `head` is the request's line and headers, still unread on `socket`. Checks and
/// the session itself run on `loop` (ApiServer::startRemoteCommand); a request that fails
/// them is answered with its Status as a plain HTTP error, as upstream does, so kubectl
/// prints the server's words.
void serveRemoteCommand(int socket, const std::string &head, ApiServer &api, engine::EventLoop &loop,
                        const std::function<bool()> &running);

} // namespace k8slab::apiserver
