#pragma once

// The compiler behind compileProgram (sim_program.cpp), internal to runtime/sim: the
// text helpers, the small shell (sim_shell.cpp) and the tools it knows (sim_tools.cpp).
#include "runtime/sim/sim_program.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace k8slab::runtime::sim::detail {

using Kind = Instruction::Kind;
using Env = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::int64_t kKiB = 1024;
inline constexpr std::int64_t kMiB = 1024 * kKiB;

/// The last part of a path.
std::string basename(const std::string &path);
/// Without the blanks around.
std::string trim(const std::string &s);
/// $NAME and ${NAME} from the environment.
std::string expand(const std::string &text, const Env &env);
/// Words of a simple command, honouring single and double quotes.
std::vector<std::string> words(const std::string &line);
/// sleep's argument (N, Ns, Nm, Nh, Nd, infinity).
std::chrono::nanoseconds parseSleep(const std::string &arg, bool &forever);
/// A size as stress and stress-ng read it (B, K, M, G: powers of 1024).
std::int64_t parseToolSize(const std::string &text);
/// A Kubernetes quantity as vish/stress reads its sizes ("150Mi", "4Ki", "1G").
std::int64_t parseQuantitySize(const std::string &text);

// "--name value", "--name=value" and short aliases, as the stress tools accept them.
struct Options {
    std::map<std::string, std::string> values;
    Options(const std::vector<std::string> &argv, const std::map<std::string, std::string> &aliases)
    {
        for (std::size_t i = 1; i < argv.size(); ++i) {
            std::string name = argv[i];
            std::string value;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (i + 1 < argv.size() && !argv[i + 1].starts_with('-')) {
                value = argv[++i];
            }
            if (const auto alias = aliases.find(name); alias != aliases.end())
                name = alias->second;
            while (name.starts_with('-'))
                name.erase(0, 1);
            values[name] = value;
        }
    }
    [[nodiscard]] bool has(const std::string &name) const { return values.count(name) > 0; }
    [[nodiscard]] std::string get(const std::string &name, const std::string &fallback = {}) const
    {
        const auto it = values.find(name);
        return it == values.end() || it->second.empty() ? fallback : it->second;
    }
    [[nodiscard]] int number(const std::string &name) const { return std::atoi(get(name, "0").c_str()); }
};

/// Turns a command line or script into a Program's steps.
struct Compiler {
    Env env; // the container's environment, then the script's own variables
    const std::map<std::string, std::string> &files;
    Program program;

    /// The current command's output goes to stderr (`>&2`, `1>&2`).
    bool toStderr = false;

    void print(const std::string &text, bool err = false);
    void exit(int code);
    void push(Kind kind, std::int64_t amount = 0, std::chrono::nanoseconds duration = {});
    /// stress (polinux/stress, progrium/stress) and stress-ng: --cpu N workers spin (at
    /// --cpu-load percent for stress-ng), --vm N workers each keep --vm-bytes allocated
    /// (and spin too, unless stress's --vm-hang makes them sleep), --timeout ends the run.
    void stress(const std::vector<std::string> &argv, bool ng);
    /// vish/stress (the image of Kubernetes' "Assign CPU Resources" page): -cpus N threads
    /// spin; -mem-total grows in -mem-alloc-size chunks every -mem-alloc-sleep.
    void vishStress(const std::vector<std::string> &argv);
    /// busybox wget: one GET, the page to a file or (-O-) to stdout.
    void wget(const std::vector<std::string> &argv);
    void dd(const std::vector<std::string> &argv);
    /// One simple command of a script.
    void simple(const std::vector<std::string> &argv);
    /// Whether simple() knows the command (by its base name).
    static bool knows(const std::string &command);
    /// busybox ls: the files mounted into the container (ConfigMap, Secret and
    /// downward-API volumes), one name per line as when not on a terminal; "/" also
    /// shows the root folders of an image.
    void list(const std::vector<std::string> &argv);
    /// A variable of the script (NAME=value), replacing one of the same name.
    void setVariable(const std::string &name, const std::string &value);
    /// A statement made of assignments only (`A=1 B=two`): true when it was one.
    bool assignments(const std::vector<std::string> &argv);
    /// The `done` closing the loop whose `do` is at `doAt` (loops may nest).
    static std::size_t matchingDone(const std::string &s, std::size_t doAt);
    /// `for NAME in WORDS; do BODY; done`, unrolled: the body once per word, with NAME
    /// set (words are expanded and split; `$(seq A B)` and `seq` in backquotes give
    /// their numbers). At most 1000 passes.
    void forLoop(const std::string &header, const std::string &body);
    /// A script: statements separated by ';', '&&' or newlines, with
    /// `while COND; do …; done`, `for NAME in WORDS; do …; done` and assignments.
    void script(const std::string &text);
    /// Whether `kw` stands at `at` as a word of a script.
    static bool keywordAt(const std::string &s, const std::string &kw, std::size_t at);
    /// `kw` as a word of a script (after a separator, before a space or separator).
    static std::size_t keyword(const std::string &s, const std::string &kw, std::size_t from);
    /// `while COND; do BODY; done`: the condition's commands run before each pass (only
    /// commands that succeed are understood: true, :, sleep). A loop that sends requests
    /// faster than once a second is a load generator: one Client step at its rate (each
    /// pass also waits for the answer, about 5 ms). A loop that never waits would spin:
    /// it runs forever.
    void loop(const std::string &condition, const std::string &body);
};

} // namespace k8slab::runtime::sim::detail
