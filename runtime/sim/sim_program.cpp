#include "runtime/sim/sim_program.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace k8slab::runtime::sim {

namespace {

using Kind = Instruction::Kind;
using Env = std::vector<std::pair<std::string, std::string>>;

std::string basename(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// $NAME and ${NAME} from the container's environment.
std::string expand(const std::string &text, const Env &env)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        std::size_t start = i + 1;
        bool braced = text[start] == '{';
        if (braced)
            ++start;
        std::size_t end = start;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
            ++end;
        if (end == start) {
            out += text[i];
            continue;
        }
        const std::string name = text.substr(start, end - start);
        for (const auto &[k, v] : env)
            if (k == name)
                out += v;
        i = (braced && end < text.size() && text[end] == '}') ? end : end - 1;
    }
    return out;
}

// Words of a simple command, honouring single and double quotes.
std::vector<std::string> words(const std::string &line)
{
    std::vector<std::string> out;
    std::string cur;
    bool any = false;
    char quote = 0;
    for (char c : line) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else
                cur += c;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            any = true;
        } else if (c == ' ' || c == '\t') {
            if (any || !cur.empty())
                out.push_back(cur);
            cur.clear();
            any = false;
        } else {
            cur += c;
        }
    }
    if (any || !cur.empty())
        out.push_back(cur);
    return out;
}

std::chrono::nanoseconds parseSleep(const std::string &arg, bool &forever)
{
    forever = arg == "infinity" || arg == "inf";
    if (forever)
        return {};
    double value = 0;
    std::string unit;
    std::istringstream in(arg);
    in >> value >> unit;
    double seconds = value;
    if (unit == "m")
        seconds *= 60;
    else if (unit == "h")
        seconds *= 3600;
    else if (unit == "d")
        seconds *= 86400;
    return std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9));
}

constexpr std::int64_t kKiB = 1024;
constexpr std::int64_t kMiB = 1024 * kKiB;

// A size as stress and stress-ng read it: a number with an optional B, K, M or G
// (powers of 1024).
std::int64_t parseToolSize(const std::string &text)
{
    double value = 0;
    std::string unit;
    std::istringstream in(text);
    in >> value >> unit;
    const char u = unit.empty() ? 'b' : char(std::tolower(static_cast<unsigned char>(unit[0])));
    const std::int64_t scale = u == 'k' ? kKiB : u == 'm' ? kMiB : u == 'g' ? 1024 * kMiB : 1;
    return static_cast<std::int64_t>(value * double(scale));
}

// A Kubernetes quantity as vish/stress reads its sizes ("150Mi", "4Ki", "1G").
std::int64_t parseQuantitySize(const std::string &text)
{
    double value = 0;
    std::string unit;
    std::istringstream in(text);
    in >> value >> unit;
    static const std::map<std::string, double> scales = {{"", 1},     {"Ki", 1024.0}, {"Mi", 1024.0 * 1024},
                                                        {"Gi", 1024.0 * 1024 * 1024}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}};
    const auto it = scales.find(unit);
    return static_cast<std::int64_t>(value * (it == scales.end() ? 1 : it->second));
}

// A Go duration ("1ms", "2s", "1m30s"), as vish/stress's flags take it.
std::chrono::nanoseconds parseGoDuration(const std::string &text)
{
    static const std::vector<std::pair<std::string, double>> units = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9},
                                                                      {"m", 60e9}, {"h", 3600e9}};
    double total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i;
        while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.'))
            ++end;
        const double value = end > i ? std::stod(text.substr(i, end - i)) : 0;
        std::size_t unitEnd = end;
        while (unitEnd < text.size() && std::isalpha(static_cast<unsigned char>(text[unitEnd])))
            ++unitEnd;
        const std::string unit = text.substr(end, unitEnd - end);
        double scale = 1e9; // a bare number: seconds
        for (const auto &[name, ns] : units)
            if (unit == name)
                scale = ns;
        total += value * scale;
        if (unitEnd == i)
            break;
        i = unitEnd;
    }
    return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

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

struct Compiler {
    Env env; // the container's environment, then the script's own variables
    const std::map<std::string, std::string> &files;
    Program program;

    void print(const std::string &text, bool err = false)
    {
        Instruction i;
        i.kind = Kind::Print;
        i.text = text;
        i.toStderr = err;
        program.steps.push_back(i);
    }
    void exit(int code)
    {
        Instruction i;
        i.kind = Kind::Exit;
        i.code = code;
        program.steps.push_back(i);
    }

    void push(Kind kind, std::int64_t amount = 0, std::chrono::nanoseconds duration = {})
    {
        Instruction i;
        i.kind = kind;
        i.amount = amount;
        i.duration = duration;
        program.steps.push_back(i);
    }

    // stress (polinux/stress, progrium/stress) and stress-ng: --cpu N workers spin (at
    // --cpu-load percent for stress-ng), --vm N workers each keep --vm-bytes allocated
    // (and spin too, unless stress's --vm-hang makes them sleep), --timeout ends the run.
    void stress(const std::vector<std::string> &argv, bool ng)
    {
        const Options o(argv, {{"-c", "cpu"}, {"-m", "vm"}, {"-t", "timeout"}, {"-i", "io"}, {"-d", "hdd"}});
        const int cpu = o.number("cpu");
        const int vm = o.number("vm");
        const std::int64_t vmBytes = o.has("vm-bytes") ? parseToolSize(o.get("vm-bytes")) : 256 * kMiB;
        const double load = ng && o.has("cpu-load") ? std::clamp(std::atof(o.get("cpu-load").c_str()), 0.0, 100.0) : 100.0;
        const bool hang = !ng && o.has("vm-hang");
        if (cpu == 0 && vm == 0) {
            print(ng ? "stress-ng: error: [1] no stress workers invoked" : "stress: FAIL: [1] (244) <-- no hogs specified", true);
            exit(1);
            return;
        }
        if (ng)
            print("stress-ng: info:  [1] dispatching hogs: " + std::to_string(cpu) + " cpu, " + std::to_string(vm) + " vm");
        else
            print("stress: info: [1] dispatching hogs: " + std::to_string(cpu) + " cpu, 0 io, " + std::to_string(vm) + " vm, 0 hdd");
        push(Kind::Cpu, static_cast<std::int64_t>(cpu * load * 10) + (hang ? 0 : vm * 1000LL));
        if (vm > 0)
            push(Kind::Allocate, vm * vmBytes, std::chrono::milliseconds(500));
        if (!o.has("timeout")) {
            push(Kind::Forever);
            return;
        }
        bool forever = false;
        const auto timeout = parseSleep(o.get("timeout"), forever);
        push(Kind::Sleep, 0, timeout);
        push(Kind::Cpu, 0);
        const std::string secs = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
        print(ng ? "stress-ng: info:  [1] successful run completed in " + secs + ".00s"
                 : "stress: info: [1] successful run completed in " + secs + "s");
        exit(0);
    }

    // vish/stress (the image of Kubernetes' "Assign CPU Resources" page): -cpus N threads
    // spin; -mem-total grows in -mem-alloc-size chunks every -mem-alloc-sleep.
    void vishStress(const std::vector<std::string> &argv)
    {
        const Options o(argv, {});
        const int cpus = o.number("cpus");
        const std::int64_t total = parseQuantitySize(o.get("mem-total", "0"));
        const std::int64_t chunk = std::max<std::int64_t>(parseQuantitySize(o.get("mem-alloc-size", "4Ki")), 1);
        const auto pause = parseGoDuration(o.get("mem-alloc-sleep", "1ms"));
        if (total > 0) {
            print("Allocating \"" + o.get("mem-total") + "\" memory, in \"" + o.get("mem-alloc-size", "4Ki") +
                      "\" chunks, with a " + o.get("mem-alloc-sleep", "1ms") + " sleep between allocations",
                  true);
            push(Kind::Allocate, total, pause * ((total + chunk - 1) / chunk));
        }
        if (cpus > 0) {
            print("Spawning a thread to consume CPU", true);
            push(Kind::Cpu, cpus * 1000LL);
        }
        push(Kind::Forever);
    }

    // busybox wget: one GET, the page to a file or (-O-) to stdout.
    void wget(const std::vector<std::string> &argv)
    {
        Instruction i;
        i.kind = Kind::Request;
        for (std::size_t a = 1; a < argv.size(); ++a) {
            const std::string &w = argv[a];
            if (w == "-O" && a + 1 < argv.size())
                i.bodyToStdout = argv[++a] == "-";
            else if (w.starts_with("-") && w.find('O') != std::string::npos && w.ends_with("O-"))
                i.bodyToStdout = true, i.quiet = i.quiet || w.find('q') != std::string::npos;
            else if (w == "-q")
                i.quiet = true;
            else if (w == "-T" || w == "-U" || w == "--header")
                ++a;
            else if (!w.starts_with("-"))
                i.text = expand(w, env);
        }
        if (i.text.empty()) {
            print("BusyBox v1.37.0 multi-call binary.", true);
            print("Usage: wget [-cqS] [-O FILE] URL...", true);
            exit(1);
            return;
        }
        program.steps.push_back(i);
    }

    // One simple command of a script. Returns false when the script cannot go on
    // (exit, a failed command under &&, a command that never returns).
    void simple(const std::vector<std::string> &argv)
    {
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
        } else if (cmd == "wget") {
            wget(argv);
        } else if (cmd == "stress" || cmd == "stress-ng") {
            stress(argv, cmd == "stress-ng");
        } else {
            print("sh: " + argv[0] + ": not found", true);
            exit(127);
        }
    }

    // A variable of the script (NAME=value), replacing one of the same name.
    void setVariable(const std::string &name, const std::string &value)
    {
        for (auto &[k, v] : env)
            if (k == name) {
                v = value;
                return;
            }
        env.emplace_back(name, value);
    }

    // A statement made of assignments only (`A=1 B=two`): true when it was one.
    bool assignments(const std::vector<std::string> &argv)
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
    static std::size_t matchingDone(const std::string &s, std::size_t doAt)
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
    void forLoop(const std::string &header, const std::string &body)
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
    void script(const std::string &text)
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
    static bool keywordAt(const std::string &s, const std::string &kw, std::size_t at)
    {
        if (s.compare(at, kw.size(), kw) != 0)
            return false;
        const bool before = at == 0 || s[at - 1] == ';' || s[at - 1] == ' ' || s[at - 1] == '\t';
        const std::size_t after = at + kw.size();
        return before && (after >= s.size() || s[after] == ';' || s[after] == ' ' || s[after] == '\t');
    }

    // `kw` as a word of a script (after a separator, before a space or separator).
    static std::size_t keyword(const std::string &s, const std::string &kw, std::size_t from)
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
    void loop(const std::string &condition, const std::string &body)
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
};

void serverBanner(Compiler &c, const std::string &behaviour)
{
    c.program.server = behaviour;
    if (behaviour == "nginx") {
        for (const char *line : {"/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
                                 "/docker-entrypoint.sh: Configuration complete; ready for start up",
                                 "nginx: [notice] using the \"epoll\" event method", "nginx: [notice] start worker processes"})
            c.print(line);
    } else if (behaviour == "redis") {
        c.print("1:M * Server initialized");
        c.print("1:M * Ready to accept connections tcp");
    } else if (behaviour == "httpd" || behaviour == "hpa-example") {
        c.print("AH00558: httpd: Could not reliably determine the server's fully qualified domain name");
        c.print("[mpm_event:notice] AH00489: Apache/2.4 configured -- resuming normal operations");
    }
}

} // namespace

const ServerProfile &serverProfile(const std::string &behaviour)
{
    static const std::vector<std::string> nginxPage = {
        "<!DOCTYPE html>", "<html>", "<head>", "<title>Welcome to nginx!</title>", "</head>", "<body>",
        "<h1>Welcome to nginx!</h1>", "<p>If you see this page, the nginx web server is successfully installed and",
        "working. Further configuration is required.</p>", "</body>", "</html>"};
    static const std::map<std::string, ServerProfile> profiles = {
        {"nginx", {{80}, true, 0.05, nginxPage}},
        {"httpd", {{80}, true, 0.1, {"<html><body><h1>It works!</h1></body></html>"}}},
        // registry.k8s.io/hpa-example: php-apache whose index.php loops a million
        // square roots per request (about 10 ms of CPU here), answering "OK!".
        {"hpa-example", {{80}, true, 10.0, {"OK!"}}},
        {"redis", {{6379}, false, 0.02, {}}},
    };
    static const ServerProfile none;
    const auto it = profiles.find(behaviour);
    return it == profiles.end() ? none : it->second;
}

IdleUsage idleUsage(const Program &program)
{
    // Round figures of what these processes keep when idle (what `kubectl top` shows
    // on a quiet cluster).
    static const std::map<std::string, IdleUsage> servers = {{"nginx", {1, 3 * kMiB}},
                                                             {"httpd", {1, 8 * kMiB}},
                                                             {"hpa-example", {1, 10 * kMiB}},
                                                             {"redis", {2, 3 * kMiB}},
                                                             {"pause", {0, kMiB / 4}}};
    if (const auto it = servers.find(program.server); it != servers.end())
        return it->second;
    if (program.command == "python3")
        return {0, 9 * kMiB};
    return {0, kMiB / 2}; // a shell, sleep, the stress tools before they allocate
}

Program compileProgram(const CatalogImage &image, const std::vector<std::string> &command,
                       const std::vector<std::string> &args, const Env &env,
                       const std::map<std::string, std::string> &files)
{
    // Kubernetes: command replaces ENTRYPOINT (and drops CMD); args replace CMD.
    std::vector<std::string> argv = command.empty() ? image.entrypoint : command;
    const std::vector<std::string> &tail = !args.empty() ? args : (command.empty() ? image.cmd : std::vector<std::string>{});
    argv.insert(argv.end(), tail.begin(), tail.end());
    Compiler c{env, files, {}};
    const bool defaults = command.empty() && args.empty();
    c.program.command = argv.empty() ? std::string() : basename(argv[0]);
    if (defaults && !image.behaviour.empty()) {
        serverBanner(c, image.behaviour);
        c.program.steps.push_back({Kind::Forever, {}, false, {}, 0, 0});
        c.program.exitsOnTerm = true;
        return c.program;
    }
    if (argv.empty()) {
        c.program.startError = "no command specified";
        return c.program;
    }
    const std::string prog = basename(argv[0]);
    c.program.command = prog;
    if (prog == "pause" || prog == "agnhost") {
        c.program.steps.push_back({Kind::Forever, {}, false, {}, 0, 0});
        c.program.exitsOnTerm = true;
    } else if (prog == "nginx" || prog == "redis-server" || prog == "httpd-foreground" || prog == "docker-entrypoint.sh" ||
               prog == "apache2-foreground" || prog == "docker-php-entrypoint") {
        serverBanner(c, image.behaviour.empty() ? "nginx" : image.behaviour);
        c.program.steps.push_back({Kind::Forever, {}, false, {}, 0, 0});
        c.program.exitsOnTerm = true;
    } else if ((prog == "sh" || prog == "bash" || prog == "ash") && argv.size() >= 3 && argv[1] == "-c") {
        c.script(argv[2]);
    } else if (prog == "sh" || prog == "bash" || prog == "ash" || prog == "python3") {
        // An interactive shell without a terminal reads EOF and exits at once.
    } else if (prog == "stress" && std::any_of(argv.begin() + 1, argv.end(), [](const std::string &a) {
                   return a.starts_with("-cpus") || a.starts_with("-mem-");
               })) {
        c.vishStress(argv);
    } else if (prog == "echo" || prog == "sleep" || prog == "exit" || prog == "true" || prog == "false" ||
               prog == "printenv" || prog == "env" || prog == "cat" || prog == "date" || prog == "wget" ||
               prog == "stress" || prog == "stress-ng") {
        c.simple(argv);
    } else {
        c.program.startError = "exec: \"" + argv[0] + "\": executable file not found in $PATH";
        return c.program;
    }
    // Falling off the end of a script exits with the last command's status.
    if (c.program.steps.empty() || (c.program.steps.back().kind != Kind::Exit && c.program.steps.back().kind != Kind::Forever &&
                                    c.program.steps.back().kind != Kind::Jump))
        c.exit(-1);
    return c.program;
}

} // namespace k8slab::runtime::sim
