#pragma once

// kubectl exec and attach, as the API server sees them: the options a request carries,
// the checks upstream makes before it hands the stream to the kubelet, the session the
// node agents run, and the v5.channel.k8s.io channels the stream is multiplexed on.

#include "core/api/json.h"
#include "core/apiserver/request.h"
#include "core/base/result.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace k8slab::apiserver {

/// The channels of the remote command sub-protocols (v4/v5.channel.k8s.io): the first
/// byte of every binary WebSocket message.
namespace channel {
inline constexpr std::uint8_t kStdin = 0;
inline constexpr std::uint8_t kStdout = 1;
inline constexpr std::uint8_t kStderr = 2;
/// The server's last word: a meta/v1 Status (Success, or NonZeroExitCode with the code).
inline constexpr std::uint8_t kError = 3;
/// Terminal size changes from the client: {"Width":W,"Height":H}.
inline constexpr std::uint8_t kResize = 4;
/// v5 only: the client closes one of its channels ([255, 0]: stdin reached EOF).
inline constexpr std::uint8_t kClose = 255;
} // namespace channel

/// What an exec (PodExecOptions) or attach (PodAttachOptions) asks for.
struct RemoteCommandOptions {
    /// True for pods/attach: the container's own process, not a new command.
    bool attach = false;
    /// The container; filled with the pod's only (or default) container when not given.
    std::string container;
    /// exec: the command and its arguments.
    std::vector<std::string> command;
    /// Which streams the client wants.
    bool stdinOpen = false;
    bool stdoutOpen = false;
    bool stderrOpen = false;
    /// A terminal: input is echoed and edited line by line, and stderr joins stdout.
    bool tty = false;
};

/// Where a session's output goes (called on the engine loop).
struct RemoteCommandOutput {
    /// Bytes for stdout (channel 1) or stderr (channel 2).
    std::function<void(std::uint8_t channel, std::string bytes)> write;
    /// The end: the command's exit code (0: success) and, for a failure, why. Called once.
    std::function<void(int exitCode, std::string message)> finish;
};

/// A running session, driven by the client (each called on the engine loop).
struct RemoteCommandSession {
    /// Bytes the client typed or piped in (channel 0).
    std::function<void(std::string bytes)> input;
    /// The client's stdin reached EOF (channel 255).
    std::function<void()> closeInput;
    /// The client's terminal changed size (channel 4).
    std::function<void(int width, int height)> resize;
    /// The client left: stop, and call nothing of the output any more.
    std::function<void()> stop;
};

/// The node agents' side: starts `options` for `pod` (already checked to be bound to a
/// node), or says why it cannot (the container is not running, ...).
using PodCommandRunner = std::function<Result<RemoteCommandSession>(const api::Json &pod, const RemoteCommandOptions &options,
                                                                     RemoteCommandOutput output)>;

/// The options of an exec or attach request, checked as upstream checks them (at least
/// one stream; exec needs a command; stdin and tty need each other's rules). The
/// container is not resolved here (see resolveContainer()).
Result<RemoteCommandOptions> parseRemoteCommand(const ApiRequest &request, bool attach);

/// The container an exec or attach of `pod` goes to: the one asked for, which must be
/// one of the pod's, or the only one, or BadRequest with upstream's words.
Result<std::string> resolveContainer(const api::Json &pod, const std::string &requested);

/// The Status the server sends on the error channel when the command ends: Success for
/// exit code 0, else Failure with reason NonZeroExitCode and the code as the ExitCode
/// cause (kubectl exits with it). A message with exit code -1 is an internal error.
api::Json remoteCommandStatus(int exitCode, const std::string &message);

} // namespace k8slab::apiserver
