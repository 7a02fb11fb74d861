#pragma once

#include "core/apiserver/remote_command.h"
#include "core/base/result.h"
#include "core/kubelet/container_runtime.h"

#include <functional>
#include <string>
#include <vector>

namespace k8slab::kubelet {

/// One `kubectl exec` in a container, as the runtime's streaming server would run it.
///
/// Without stdin the command runs once (ExecSync) and the session ends with its exit
/// code. With stdin open and a shell as the command (sh, ash, bash without -c) the
/// session is an interactive shell: each line read runs as `sh -c LINE` in the container,
/// `exit [N]` or the end of input ends it with N (or the last command's code). `cat`
/// without arguments copies its input. With a terminal (tty) the session does what a
/// terminal's line discipline does: it echoes what is typed, edits the line on
/// backspace, interrupts on Ctrl-C, ends on Ctrl-D at an empty line, writes "\r\n" for
/// "\n", shows a prompt, sends stderr with stdout, and knows its size (`stty size`).
///
/// The simulated runtime runs every command at once (no virtual time passes), so a
/// `sleep` in an exec returns immediately.
class ExecSession {
public:
    /// Runs one command in the container.
    using Runner = std::function<Result<ExecResult>(const std::vector<std::string> &command)>;

    /// A session for `options` whose commands go to `run` and whose output goes to
    /// `output`; `prompt` is what an interactive shell shows before each line.
    ExecSession(apiserver::RemoteCommandOptions options, std::string prompt, Runner run,
                apiserver::RemoteCommandOutput output);

    /// Begins: runs a one-off command to its end, or shows the shell's first prompt.
    void start();
    /// Bytes from the client's stdin.
    void input(const std::string &bytes);
    /// The client's stdin reached its end.
    void closeInput();
    /// The client's terminal has a new size (`stty size` in the shell reports it).
    void resize(int width, int height);
    /// True once finish has been sent.
    [[nodiscard]] bool finished() const { return m_finished; }

private:
    enum class Mode { Once, Shell, Copy };

    void typed(char c);
    void submit();
    void runLine(const std::string &line);
    void write(const std::string &text, bool toStderr);
    void showPrompt();
    void finish(int exitCode, const std::string &message);

    apiserver::RemoteCommandOptions m_options;
    std::string m_prompt;
    Runner m_run;
    apiserver::RemoteCommandOutput m_output;
    Mode m_mode = Mode::Once;
    std::string m_line;
    int m_lastExit = 0;
    bool m_finished = false;
    int m_width = 80;  // the terminal's size, as the client last reported it
    int m_height = 24;
    int m_escape = 0; // 1: after ESC, 2: inside an ESC [ … sequence (arrow keys): swallowed
};

/// A command's words joined by spaces ("sh -c exit 3"), as the trace and messages show it.
std::string commandLine(const std::vector<std::string> &command);

/// True when `command` starts an interactive shell (sh, ash or bash, by path or name,
/// without -c).
bool isInteractiveShell(const std::vector<std::string> &command);

} // namespace k8slab::kubelet
