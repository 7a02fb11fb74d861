#pragma once

// Small blocking-socket helpers shared by the parts of the HTTP front-end that own a
// connection themselves (upgrading_server.cpp, remote_command_stream.cpp). Internal.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace k8slab::apiserver::socketio {

/// Waits up to `timeout` for `events` (POLLIN, POLLOUT) on the socket; true when they
/// (or a hang-up or error) came.
bool waitFor(int sock, short events, std::chrono::milliseconds timeout);
/// Writes all of `bytes`, waiting up to 10 s each time the socket is full; false when
/// the peer is gone or does not read.
bool sendAll(int sock, std::string_view bytes);
/// Reads what has arrived (the socket was reported readable) into `buffer`: the bytes
/// (empty when a signal interrupted the read), or nothing when the peer is gone.
std::optional<std::string_view> receiveSome(int sock, char *buffer, std::size_t size);
/// `text` in lower case (ASCII), for HTTP header names and tokens.
std::string lowered(std::string text);

} // namespace k8slab::apiserver::socketio
