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
        Exit,    ///< Exit with `code` (-1: with the status of the last command).
        Forever, ///< Run until stopped (a server, `sleep infinity`).
        Jump,    ///< Continue at step `target` (loops).
        Cpu,     ///< From now on the process keeps `amount` millicores busy (a CPU burner).
        Allocate, ///< The process's memory grows by `amount` bytes, spread over `duration` (a memory hog).
        Request, ///< One HTTP GET of `text` (a URL); prints the answer as wget does.
        Client,  ///< From now on, `rate` HTTP GETs of `text` per second (a load generator's loop).
        Write,   ///< `amount` bytes written to the container's writable layer (dd of=FILE).
    };
    Kind kind = Kind::Print;       ///< The kind.
    std::string text;              ///< Print: the line.
    bool toStderr = false;         ///< Print: on stderr.
    std::chrono::nanoseconds duration{}; ///< Sleep: how long.
    int code = 0;                  ///< Exit: the exit code.
    std::size_t target = 0;        ///< Jump: where to.
    std::int64_t amount = 0;       ///< Cpu: millicores; Allocate, Write: bytes.
    double rate = 0;               ///< Client: requests per second.
    bool quiet = false;            ///< Request: no progress lines (wget -q).
    bool bodyToStdout = false;     ///< Request: the page goes to stdout (wget -O-), not to a file.
};

/// How a well-known server behaves: where it listens, what one request costs it, and
/// what it uses when idle.
struct ServerProfile {
    std::vector<int> ports;            ///< Ports it listens on.
    bool http = true;                  ///< Speaks HTTP on them.
    double cpuMilliSecondsPerRequest = 0; ///< CPU time one request costs.
    std::vector<std::string> body;     ///< The page it serves at "/".
};
/// The profile of a server behaviour ("nginx", "httpd", "redis", "hpa-example"); empty
/// ports for anything else.
const ServerProfile &serverProfile(const std::string &behaviour);

/// What a container runs: its steps, whether it exits on SIGTERM (servers do; a shell
/// or `sleep` as PID 1 does not, so it is killed after the grace period), and a start
/// error when the binary does not exist.
struct Program {
    std::vector<Instruction> steps;  ///< The steps, from the first.
    bool exitsOnTerm = false;        ///< Handles SIGTERM (exits 0).
    std::string startError;          ///< Non-empty: the container cannot start (exit 128).
    std::string server;              ///< The server it runs ("nginx", "httpd", "redis", "hpa-example"), if any.
    std::string command;             ///< The program's name (argv[0]'s basename).
};

/// What a process uses when it only waits (the baseline before any load).
struct IdleUsage {
    double cpuMilli = 0;       ///< millicores
    std::int64_t memoryBytes = 0; ///< working set
};
/// The idle usage of a container running `program`.
IdleUsage idleUsage(const Program &program);

/// Builds the program of a container from its image's defaults and the pod's
/// command/args (Kubernetes' rules: command replaces ENTRYPOINT, args replace CMD),
/// interpreting a small shell: `sh -c` scripts with `;`, `&&`, newlines, `echo`,
/// `sleep N|infinity`, `exit N`, `true`, `false`, `printenv`/`env`, `cat FILE` of mounted
/// files, `wget URL`, `NAME=value`, `for NAME in WORDS|$(seq A B); do …; done`
/// (unrolled), `while COND; do …; done` (a fast loop of requests becomes a load
/// generator); the stress tools (`stress`, `stress-ng`, vish/stress's `/stress`) as CPU
/// burners and memory hogs; and the behaviour of well-known images (nginx, redis,
/// httpd, pause, the HPA walkthrough's php-apache).
Program compileProgram(const CatalogImage &image, const std::vector<std::string> &command,
                       const std::vector<std::string> &args, const std::vector<std::pair<std::string, std::string>> &env,
                       const std::map<std::string, std::string> &files);

} // namespace k8slab::runtime::sim
