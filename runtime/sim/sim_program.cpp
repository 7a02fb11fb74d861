#include "runtime/sim/sim_program.h"

#include "runtime/sim/sim_compiler.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace k8slab::runtime::sim {

namespace {

using namespace detail;

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
    } else if (Compiler::knows(prog)) {
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
