#pragma once

#include "runtime/sim/image_catalog.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace k8slab::runtime::sim {

/// One step of a simulated process.
struct Instruction {
    /// What the step does.
    enum class Kind {
        Print,   ///< Write `text` to stdout (or stderr) now.
        Sleep,   ///< Wait `duration`.
        Exit,    ///< Exit with `code`.
        Forever, ///< Run until stopped (a server, `sleep infinity`).
        Jump,    ///< Continue at step `target` (loops).
    };
    Kind kind = Kind::Print;       ///< The kind.
    std::string text;              ///< Print: the line.
    bool toStderr = false;         ///< Print: on stderr.
    std::chrono::nanoseconds duration{}; ///< Sleep: how long.
    int code = 0;                  ///< Exit: the exit code.
    std::size_t target = 0;        ///< Jump: where to.
};

/// What a container runs: its steps, whether it exits on SIGTERM (servers do; a shell
/// or `sleep` as PID 1 does not, so it is killed after the grace period), and a start
/// error when the binary does not exist.
struct Program {
    std::vector<Instruction> steps;  ///< The steps, from the first.
    bool exitsOnTerm = false;        ///< Handles SIGTERM (exits 0).
    std::string startError;          ///< Non-empty: the container cannot start (exit 128).
    std::string server;              ///< The server it runs ("nginx", "httpd", "redis"), if any.
};

/// Builds the program of a container from its image's defaults and the pod's
/// command/args (Kubernetes' rules: command replaces ENTRYPOINT, args replace CMD),
/// interpreting a small shell: `sh -c` scripts with `;`, `&&`, newlines, `echo`,
/// `sleep N|infinity`, `exit N`, `true`, `false`, `printenv`/`env`, `cat FILE` of mounted
/// files, `while true; do …; done`; and the behaviour of well-known images (nginx,
/// redis, httpd, pause).
Program compileProgram(const CatalogImage &image, const std::vector<std::string> &command,
                       const std::vector<std::string> &args, const std::vector<std::pair<std::string, std::string>> &env,
                       const std::map<std::string, std::string> &files);

} // namespace k8slab::runtime::sim
