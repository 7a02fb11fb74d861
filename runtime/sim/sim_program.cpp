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

struct Compiler {
    const Env &env;
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
        } else {
            print("sh: " + argv[0] + ": not found", true);
            exit(127);
        }
    }

    // A script: statements separated by ';', '&&' or newlines, with `while true; do …; done`.
    void script(const std::string &text)
    {
        std::string s = text;
        std::replace(s.begin(), s.end(), '\n', ';');
        std::size_t pos = 0;
        while (pos < s.size()) {
            const std::string rest = trim(s.substr(pos));
            if (rest.rfind("while true", 0) == 0 || rest.rfind("while :", 0) == 0) {
                const auto doAt = s.find("do", pos);
                const auto doneAt = s.find("done", doAt);
                if (doAt == std::string::npos || doneAt == std::string::npos)
                    break;
                const std::size_t loopStart = program.steps.size();
                script(s.substr(doAt + 2, doneAt - doAt - 2));
                const bool sleeps = std::any_of(program.steps.begin() + static_cast<long>(loopStart), program.steps.end(),
                                                [](const Instruction &i) { return i.kind != Kind::Print; });
                Instruction i;
                // A loop that never waits would spin: treat it as a process that runs forever.
                i.kind = sleeps ? Kind::Jump : Kind::Forever;
                i.target = loopStart;
                program.steps.push_back(i);
                pos = doneAt + 4;
                continue;
            }
            const auto semi = s.find(';', pos);
            const auto andAnd = s.find("&&", pos);
            std::size_t end = std::min(semi, andAnd);
            const std::string statement = trim(s.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
            simple(words(statement));
            if (end == std::string::npos)
                break;
            pos = end + (end == andAnd ? 2 : 1);
        }
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
    } else if (behaviour == "httpd") {
        c.print("AH00558: httpd: Could not reliably determine the server's fully qualified domain name");
        c.print("[mpm_event:notice] AH00489: Apache/2.4 configured -- resuming normal operations");
    }
}

} // namespace

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
    } else if (prog == "echo" || prog == "sleep" || prog == "exit" || prog == "true" || prog == "false" ||
               prog == "printenv" || prog == "env" || prog == "cat" || prog == "date") {
        c.simple(argv);
    } else {
        c.program.startError = "exec: \"" + argv[0] + "\": executable file not found in $PATH";
        return c.program;
    }
    // Falling off the end of a script exits 0.
    if (c.program.steps.empty() || (c.program.steps.back().kind != Kind::Exit && c.program.steps.back().kind != Kind::Forever &&
                                    c.program.steps.back().kind != Kind::Jump))
        c.exit(0);
    return c.program;
}

} // namespace k8slab::runtime::sim
