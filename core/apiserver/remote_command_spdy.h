#pragma once

#include "core/apiserver/upgraded_connection.h"

#include <functional>

namespace k8slab::engine {
class EventLoop;
}

namespace k8slab::apiserver {

class ApiServer;

/// Serves one `kubectl exec` or `kubectl attach` over SPDY/3.1 (`Upgrade: SPDY/3.1`), the
/// remote command protocol of kubectl before 1.30 (and of 1.30+ with
/// KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false): sub-protocol v4.channel.k8s.io (the error
/// stream carries a JSON Status with the exit code), v3 or v2 (it carries the message
/// as text); the client opens one stream per channel (error, stdin, stdout, stderr,
/// resize), the command starts once all it asked for are there, and when it ends the
/// Status goes on the error stream and every stream is closed. `head` was already read
/// from `socket`.
void serveRemoteCommandOverSpdy(int socket, const UpgradeHead &head, ApiServer &api, engine::EventLoop &loop,
                                const std::function<bool()> &running);

} // namespace k8slab::apiserver
