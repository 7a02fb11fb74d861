// The tools the simulated shell knows besides its builtins — stress, stress-ng,
// vish/stress, busybox wget and dd — and the text helpers of the compiler.
#include "runtime/sim/sim_compiler.h"

#include "core/api/time_format.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <sstream>

namespace k8slab::runtime::sim::detail {

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

// stress (polinux/stress, progrium/stress) and stress-ng: --cpu N workers spin (at
// --cpu-load percent for stress-ng), --vm N workers each keep --vm-bytes allocated
// (and spin too, unless stress's --vm-hang makes them sleep), --timeout ends the run.
void Compiler::stress(const std::vector<std::string> &argv, bool ng)
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
void Compiler::vishStress(const std::vector<std::string> &argv)
{
    const Options o(argv, {});
    const int cpus = o.number("cpus");
    const std::int64_t total = parseQuantitySize(o.get("mem-total", "0"));
    const std::int64_t chunk = std::max<std::int64_t>(parseQuantitySize(o.get("mem-alloc-size", "4Ki")), 1);
    // Go's flag package reads it with time.ParseDuration, and stops at a bad one.
    const Result<engine::Duration> pause = api::parseGoDuration(o.get("mem-alloc-sleep", "1ms"));
    if (!pause.ok()) {
        print("invalid value \"" + o.get("mem-alloc-sleep") + "\" for flag -mem-alloc-sleep: parse error", true);
        exit(2);
        return;
    }
    if (total > 0) {
        print("Allocating \"" + o.get("mem-total") + "\" memory, in \"" + o.get("mem-alloc-size", "4Ki") +
                  "\" chunks, with a " + o.get("mem-alloc-sleep", "1ms") + " sleep between allocations",
              true);
        push(Kind::Allocate, total, *pause * ((total + chunk - 1) / chunk));
    }
    if (cpus > 0) {
        print("Spawning a thread to consume CPU", true);
        push(Kind::Cpu, cpus * 1000LL);
    }
    push(Kind::Forever);
}

// busybox dd: count blocks of bs bytes from if= to of=. Written to a file, they fill the
// container's writable layer (what its ephemeral-storage limit counts); to /dev/null
// they go nowhere. It copies at 500 MB/s and says so on stderr, as busybox words it.
void Compiler::dd(const std::vector<std::string> &argv)
{
    std::map<std::string, std::string> operands;
    for (std::size_t a = 1; a < argv.size(); ++a)
        if (const std::size_t eq = argv[a].find('='); eq != std::string::npos)
            operands[argv[a].substr(0, eq)] = argv[a].substr(eq + 1);
    // busybox's suffixes: c 1, w 2, b 512, kB 1000, K/k 1024, MB 1e6, M 1 MiB, GB 1e9, G 1 GiB.
    const auto size = [](const std::string &text) -> std::int64_t {
        std::size_t end = 0;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
            ++end;
        if (end == 0)
            return -1;
        static const std::map<std::string, std::int64_t> suffixes = {
            {"", 1},       {"c", 1},         {"w", 2},           {"b", 512},          {"kB", 1000},        {"K", 1024},
            {"k", 1024},   {"MB", 1000000},  {"M", 1024 * 1024}, {"GB", 1000000000},  {"G", 1024LL * 1024 * 1024}};
        const auto it = suffixes.find(text.substr(end));
        return it == suffixes.end() ? -1 : std::stoll(text.substr(0, end)) * it->second;
    };
    const std::int64_t bs = operands.contains("bs") ? size(operands["bs"]) : 512;
    const std::int64_t count = operands.contains("count") ? size(operands["count"]) : 0;
    if (bs <= 0 || count < 0) {
        print("dd: invalid number '" + (bs <= 0 ? operands["bs"] : operands["count"]) + "'", true);
        exit(1);
        return;
    }
    const std::string in = operands.contains("if") ? operands["if"] : "-";
    if (in != "/dev/zero" && in != "/dev/urandom" && in != "/dev/random") {
        print("dd: can't open '" + in + "': No such file or directory", true);
        exit(1);
        return;
    }
    const std::int64_t bytes = bs * count;
    constexpr double kBytesPerSecond = 500e6;
    const double seconds = double(bytes) / kBytesPerSecond;
    push(Kind::Sleep, 0, std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9)));
    const std::string out = operands.contains("of") ? operands["of"] : "-";
    if (out != "/dev/null" && out != "-")
        push(Kind::Write, bytes);
    const auto human = [](double b) {
        char text[32];
        if (b >= 1e9)
            std::snprintf(text, sizeof text, "%.1fGB", b / 1e9);
        else if (b >= 1e6)
            std::snprintf(text, sizeof text, "%.1fMB", b / 1e6);
        else if (b >= 1e3)
            std::snprintf(text, sizeof text, "%.1fkB", b / 1e3);
        else
            std::snprintf(text, sizeof text, "%.0fB", b);
        return std::string(text);
    };
    print(std::to_string(count) + "+0 records in", true);
    print(std::to_string(count) + "+0 records out", true);
    char copied[128];
    std::snprintf(copied, sizeof copied, "%lld bytes (%s) copied, %f seconds, %s/s", static_cast<long long>(bytes),
                  human(double(bytes)).c_str(), seconds, human(kBytesPerSecond).c_str());
    print(copied, true);
}

// busybox wget: one GET, the page to a file or (-O-) to stdout.
void Compiler::wget(const std::vector<std::string> &argv)
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

} // namespace k8slab::runtime::sim::detail
