#pragma once

#include <httplib.h>

#include <functional>
#include <string>

namespace k8slab::apiserver {

/// cpp-httplib's server, taught to hand protocol upgrades to someone else.
///
/// cpp-httplib (0.11, Debian 12) serves HTTP/1.1 requests only: a handler cannot keep
/// the connection after its response. kubectl exec and attach need the connection
/// itself (RFC 6455), and port-forward too (SPDY/3.1). This server looks at the head of
/// each new connection's first request without consuming it (MSG_PEEK); a `GET` with
/// `Upgrade: websocket`, or a pod's exec, attach or portforward with `Upgrade: SPDY/3.1`,
/// goes to the upgrade handler, which owns the socket until it returns; anything else is served
/// by cpp-httplib's own request processing, with the keep-alive loop its default
/// connection handling runs (that loop lives in the library's sources, not its header).
class UpgradingServer : public httplib::Server {
public:
    /// Serves an upgrade: `head` is the request line and headers (through the empty
    /// line), still unread on `socket`. Runs on a worker thread; closing is done after.
    using UpgradeHandler = std::function<void(socket_t socket, const std::string &head)>;

    explicit UpgradingServer(UpgradeHandler onUpgrade) : m_onUpgrade(std::move(onUpgrade)) {}

    /// Ends the connection after the answer being written on this thread: for errors in
    /// the request's framing (a body over the limit left unread, a malformed header),
    /// after which the bytes that follow cannot be trusted to start a request.
    static void closeAfterThisAnswer();

private:
    bool process_and_close_socket(socket_t sock) override;

    UpgradeHandler m_onUpgrade;
};

} // namespace k8slab::apiserver
