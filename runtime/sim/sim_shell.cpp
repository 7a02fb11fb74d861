// The simulated shell: builtins (echo, sleep, exit, env, cat, ls, …), assignments,
// `;`/`&&` sequences, `for` (unrolled) and `while` loops (a fast request loop becomes a
// load generator), compiled into a Program's steps.
#include "runtime/sim/sim_compiler.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

namespace k8slab::runtime::sim::detail {

void Compiler::print(const std::string &text, bool err)
{
    Instruction i;
    i.kind = Kind::Print;
    i.text = text;
    i.toStderr = err || toStderr;
    program.steps.push_back(i);
}

void Compiler::exit(int code)
{
    Instruction i;
    i.kind = Kind::Exit;
    i.code = code;
    program.steps.push_back(i);
}

void Compiler::push(Kind kind, std::int64_t amount, std::chrono::nanoseconds duration)
{
    Instruction i;
    i.kind = kind;
    i.amount = amount;
    i.duration = duration;
    program.steps.push_back(i);
}

// One simple command of a script. Returns false when the script cannot go on
// (exit, a failed command under &&, a command that never returns).
bool Compiler::knows(const std::string &command)
{
    static const std::set<std::string, std::less<>> known = {"echo", "sleep", "exit", "true", ":", "false", "printenv",
                                                             "env", "cat", "date", "wget", "stress", "stress-ng", "ls",
                                                             "hostname", "pwd", "dd"};
    return known.contains(basename(command));
}

void Compiler::simple(const std::vector<std::string> &words)
{
    // `>&2` sends the command's output to stderr; other redirections are not understood.
    std::vector<std::string> argv;
    toStderr = false;
    for (const std::string &w : words) {
        if (w == ">&2" || w == "1>&2")
            toStderr = true;
        else
            argv.push_back(w);
    }
    if (argv.empty())
        return;
    const std::string cmd = basename(argv[0]);
    if (cmd == "echo") {
        std::string line;
        std::size_t from = 1;
        if (argv.size() > 1 && argv[1] == "-n")
            from = 2;
        for (std::size_t i = from; i < argv.size(); ++i)
            line += (i > from ? " " : "") + expand(argv[i], env);
        print(line);
    } else if (cmd == "sleep") {
        bool forever = false;
        const auto d = parseSleep(argv.size() > 1 ? argv[1] : "0", forever);
        Instruction i;
        i.kind = forever ? Kind::Forever : Kind::Sleep;
        i.duration = d;
        program.steps.push_back(i);
    } else if (cmd == "exit") {
        int code = 0;
        if (argv.size() > 1)
            std::from_chars(argv[1].data(), argv[1].data() + argv[1].size(), code);
        exit(code);
    } else if (cmd == "true" || cmd == ":") {
    } else if (cmd == "false") {
        exit(1);
    } else if (cmd == "printenv" || cmd == "env") {
        if (argv.size() > 1) {
            for (const auto &[k, v] : env)
                if (k == argv[1])
                    print(v);
        } else {
            for (const auto &[k, v] : env)
                print(k + "=" + v);
        }
    } else if (cmd == "cat") {
        for (std::size_t a = 1; a < argv.size(); ++a) {
            auto f = files.find(argv[a]);
            if (f == files.end()) {
                print("cat: can't open '" + argv[a] + "': No such file or directory", true);
                exit(1);
                return;
            }
            std::istringstream lines(f->second);
            std::string l;
            while (std::getline(lines, l))
                print(l);
        }
    } else if (cmd == "date") {
        print("(the lab's clock)");
    } else if (cmd == "ls") {
        list(argv);
    } else if (cmd == "hostname") {
        for (const auto &[k, v] : env)
            if (k == "HOSTNAME")
                print(v);
    } else if (cmd == "pwd") {
        print("/");
    } else if (cmd == "wget") {
        wget(argv);
    } else if (cmd == "stress" || cmd == "stress-ng") {
        stress(argv, cmd == "stress-ng");
    } else if (cmd == "dd") {
        dd(argv);
    } else {
        print("sh: " + argv[0] + ": not found", true);
        exit(127);
    }
    toStderr = false;
}

void Compiler::list(const std::vector<std::string> &argv)
{
    static const std::set<std::string> rootFolders = {"bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"};
    std::vector<std::string> paths;
    for (std::size_t i = 1; i < argv.size(); ++i)
        if (!argv[i].starts_with("-"))
            paths.push_back(argv[i]);
    if (paths.empty())
        paths.push_back("/");
    int status = 0;
    for (std::string path : paths) {
        while (path.size() > 1 && path.back() == '/')
            path.pop_back();
        if (files.contains(path)) {
            print(path);
            continue;
        }
        const std::string prefix = path == "/" ? "/" : path + "/";
        std::set<std::string> names = path == "/" ? rootFolders : std::set<std::string>{};
        for (const auto &[file, content] : files) {
            if (!file.starts_with(prefix))
                continue;
            const std::string rest = file.substr(prefix.size());
            if (!rest.empty() && !rest.starts_with("."))
                names.insert(rest.substr(0, rest.find('/')));
        }
        const bool folder = !names.empty() || (path.size() > 1 && rootFolders.contains(path.substr(1)));
        if (!folder) {
            print("ls: " + path + ": No such file or directory", true);
            status = 1;
            continue;
        }
        if (paths.size() > 1)
            print(path + ":");
        for (const std::string &name : names)
            print(name);
    }
    if (status != 0)
        exit(status);
}

// A variable of the script (NAME=value), replacing one of the same name.
void Compiler::setVariable(const std::string &name, const std::string &value)
{
    for (auto &[k, v] : env)
        if (k == name) {
            v = value;
            return;
        }
    env.emplace_back(name, value);
}

// A statement made of assignments only (`A=1 B=two`): true when it was one.
bool Compiler::assignments(const std::vector<std::string> &argv)
{
    const auto isAssignment = [](const std::string &w) {
        const auto eq = w.find('=');
        if (eq == std::string::npos || eq == 0 || std::isdigit(static_cast<unsigned char>(w[0])))
            return false;
        return std::all_of(w.begin(), w.begin() + static_cast<long>(eq),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    };
    if (argv.empty() || !std::all_of(argv.begin(), argv.end(), isAssignment))
        return false;
    for (const std::string &w : argv)
        setVariable(w.substr(0, w.find('=')), expand(w.substr(w.find('=') + 1), env));
    return true;
}

// The `done` closing the loop whose `do` is at `doAt` (loops may nest).
std::size_t Compiler::matchingDone(const std::string &s, std::size_t doAt)
{
    int depth = 1;
    for (std::size_t at = doAt + 2; at < s.size(); ++at) {
        if (keywordAt(s, "done", at)) {
            if (--depth == 0)
                return at;
            at += 3;
        } else if (keywordAt(s, "do", at)) {
            ++depth;
            at += 1;
        }
    }
    return std::string::npos;
}

// `for NAME in WORDS; do BODY; done`, unrolled: the body once per word, with NAME
// set (words are expanded and split; `$(seq A B)` and `seq` in backquotes give
// their numbers). At most 1000 passes.
void Compiler::forLoop(const std::string &header, const std::string &body)
{
    const std::vector<std::string> head = words(header);
    if (head.size() < 2 || head[1] != "in") {
        print("sh: syntax error: bad for loop variable", true);
        exit(2);
        return;
    }
    std::vector<std::string> items;
    for (std::size_t i = 2; i < head.size(); ++i) {
        std::string w = head[i];
        if (w.starts_with("$(seq") || w.starts_with("`seq")) {
            // words() split "$(seq 1 5)" into "$(seq", "1", "5)": gather the numbers.
            std::vector<long> n;
            for (++i; i < head.size(); ++i) {
                std::string a = head[i];
                const bool last = a.ends_with(")") || a.ends_with("`");
                if (last)
                    a.pop_back();
                n.push_back(std::atol(expand(a, env).c_str()));
                if (last)
                    break;
            }
            const long from = n.size() >= 2 ? n[0] : 1;
            const long to = n.empty() ? 0 : n.back();
            for (long k = from; k <= to && items.size() < 1000; ++k)
                items.push_back(std::to_string(k));
            continue;
        }
        std::istringstream split(expand(w, env));
        for (std::string item; split >> item;)
            items.push_back(item);
    }
    const Env saved = env;
    for (std::size_t k = 0; k < items.size() && k < 1000; ++k) {
        setVariable(head[0], items[k]);
        script(body);
    }
    env = saved;
    setVariable(head[0], items.empty() ? std::string() : items.back());
}

// A script: statements separated by ';', '&&' or newlines, with
// `while COND; do …; done`, `for NAME in WORDS; do …; done` and assignments.
void Compiler::script(const std::string &text)
{
    std::string s = text;
    std::replace(s.begin(), s.end(), '\n', ';');
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::string rest = trim(s.substr(pos));
        const bool isWhile = rest.starts_with("while ");
        if (isWhile || rest.starts_with("for ")) {
            const auto doAt = keyword(s, "do", pos);
            const auto doneAt = doAt == std::string::npos ? doAt : matchingDone(s, doAt);
            if (doAt == std::string::npos || doneAt == std::string::npos) {
                print("sh: syntax error: unexpected end of file (expecting \"done\")", true);
                exit(2);
                return;
            }
            const auto at = s.find(isWhile ? "while" : "for", pos);
            const std::size_t head = at + (isWhile ? 5 : 3);
            std::string header = trim(s.substr(head, doAt - head));
            while (header.ends_with(';'))
                header = trim(header.substr(0, header.size() - 1));
            if (isWhile)
                loop(header, s.substr(doAt + 2, doneAt - doAt - 2));
            else
                forLoop(header, s.substr(doAt + 2, doneAt - doAt - 2));
            pos = doneAt + 4;
            continue;
        }
        const auto semi = s.find(';', pos);
        const auto andAnd = s.find("&&", pos);
        std::size_t end = std::min(semi, andAnd);
        const std::string statement = trim(s.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        const std::vector<std::string> argv = words(statement);
        if (!assignments(argv))
            simple(argv);
        if (end == std::string::npos)
            break;
        pos = end + (end == andAnd ? 2 : 1);
    }
}

// Whether `kw` stands at `at` as a word of a script.
bool Compiler::keywordAt(const std::string &s, const std::string &kw, std::size_t at)
{
    if (s.compare(at, kw.size(), kw) != 0)
        return false;
    const bool before = at == 0 || s[at - 1] == ';' || s[at - 1] == ' ' || s[at - 1] == '\t';
    const std::size_t after = at + kw.size();
    return before && (after >= s.size() || s[after] == ';' || s[after] == ' ' || s[after] == '\t');
}

// `kw` as a word of a script (after a separator, before a space or separator).
std::size_t Compiler::keyword(const std::string &s, const std::string &kw, std::size_t from)
{
    if (from == std::string::npos)
        return from;
    for (std::size_t at = s.find(kw, from); at != std::string::npos; at = s.find(kw, at + 1))
        if (keywordAt(s, kw, at))
            return at;
    return std::string::npos;
}

// `while COND; do BODY; done`: the condition's commands run before each pass (only
// commands that succeed are understood: true, :, sleep). A loop that sends requests
// faster than once a second is a load generator: one Client step at its rate (each
// pass also waits for the answer, about 5 ms). A loop that never waits would spin:
// it runs forever.
void Compiler::loop(const std::string &condition, const std::string &body)
{
    const std::size_t loopStart = program.steps.size();
    script(condition);
    script(body);
    std::chrono::nanoseconds period{};
    const Instruction *request = nullptr;
    bool exits = false;
    for (std::size_t i = loopStart; i < program.steps.size(); ++i) {
        const Instruction &step = program.steps[i];
        if (step.kind == Kind::Sleep)
            period += step.duration;
        else if (step.kind == Kind::Request && !request)
            request = &step;
        else if (step.kind == Kind::Exit || step.kind == Kind::Forever)
            exits = true;
    }
    if (request && !exits) {
        const auto pass = period + std::chrono::milliseconds(5);
        if (pass < std::chrono::seconds(1)) {
            Instruction client = *request;
            client.kind = Kind::Client;
            client.rate = 1e9 / double(pass.count());
            program.steps.resize(loopStart);
            program.steps.push_back(client);
            push(Kind::Forever);
            return;
        }
    }
    const bool waits = std::any_of(program.steps.begin() + static_cast<long>(loopStart), program.steps.end(),
                                   [](const Instruction &i) {
                                       return i.kind != Kind::Print && i.kind != Kind::Cpu && i.kind != Kind::Allocate;
                                   });
    Instruction i;
    i.kind = waits ? Kind::Jump : Kind::Forever;
    i.target = loopStart;
    program.steps.push_back(i);
}

} // namespace k8slab::runtime::sim::detail
