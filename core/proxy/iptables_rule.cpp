#include "core/proxy/iptables_rule.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace k8slab::proxy {

std::string IptMatch::option(std::string_view opt, bool *negated) const
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != opt)
            continue;
        if (negated)
            *negated = i > 0 && args[i - 1] == "!";
        if (i + 1 < args.size() && !args[i + 1].starts_with("--") && args[i + 1] != "!")
            return args[i + 1];
        return {};
    }
    if (negated)
        *negated = false;
    return {};
}

bool IptMatch::has(std::string_view opt) const
{
    for (const std::string &a : args)
        if (a == opt)
            return true;
    return false;
}

const IptMatch *IptRule::match(std::string_view name) const
{
    for (const IptMatch &m : matches)
        if (m.name == name)
            return &m;
    return nullptr;
}

std::string IptRule::comment() const
{
    const IptMatch *m = match("comment");
    return m ? m->option("--comment") : std::string();
}

std::vector<std::string> splitArgs(std::string_view line)
{
    std::vector<std::string> out;
    std::string current;
    bool inQuotes = false;
    bool any = false;
    for (char c : line) {
        if (c == '"') {
            inQuotes = !inQuotes;
            any = true;
        } else if ((c == ' ' || c == '\t') && !inQuotes) {
            if (any)
                out.push_back(std::move(current));
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any)
        out.push_back(std::move(current));
    return out;
}

Result<IptRule> parseRule(const std::string &chain, const std::vector<std::string> &args)
{
    IptRule rule;
    rule.chain = chain;
    bool negate = false;
    IptMatch *current = nullptr;
    const auto value = [&](std::size_t &i) -> Result<std::string> {
        if (i + 1 >= args.size())
            return Status(StatusCode::Invalid, "option \"" + args[i] + "\" requires an argument");
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "!") {
            negate = true;
            continue;
        }
        if (a == "-s" || a == "--source" || a == "-d" || a == "--destination" || a == "-p" || a == "--protocol" ||
            a == "-i" || a == "-o") {
            Result<std::string> v = value(i);
            if (!v.ok())
                return v.status();
            if (a == "-s" || a == "--source") {
                rule.source = *v;
                rule.notSource = negate;
            } else if (a == "-d" || a == "--destination") {
                rule.destination = *v;
                rule.notDestination = negate;
            } else if (a == "-p" || a == "--protocol") {
                rule.protocol = *v;
            } else if (a == "-i") {
                rule.inInterface = *v;
            } else {
                rule.outInterface = *v;
            }
            negate = false;
            continue;
        }
        if (a == "-m" || a == "--match") {
            Result<std::string> v = value(i);
            if (!v.ok())
                return v.status();
            rule.matches.push_back({*v, {}});
            current = &rule.matches.back();
            continue;
        }
        if (a == "-j" || a == "--jump") {
            Result<std::string> v = value(i);
            if (!v.ok())
                return v.status();
            rule.target = *v;
            rule.targetArgs.assign(args.begin() + std::ptrdiff_t(i) + 1, args.end());
            break;
        }
        if (!a.starts_with("--"))
            return Status(StatusCode::Invalid, "Bad argument `" + a + "'");
        // An option of a match: the most recent match that knows it. kube-proxy writes
        // "-m tcp -p tcp -d X --dport N", so --dport/--sport go to the protocol match.
        IptMatch *owner = current;
        if (a == "--dport" || a == "--sport")
            for (IptMatch &m : rule.matches)
                if (m.name == "tcp" || m.name == "udp" || m.name == "sctp")
                    owner = &m;
        if (!owner)
            return Status(StatusCode::Invalid, "unknown option \"" + a + "\"");
        if (negate)
            owner->args.push_back("!");
        negate = false;
        owner->args.push_back(a);
        while (i + 1 < args.size() && !args[i + 1].starts_with("-") && args[i + 1] != "!")
            owner->args.push_back(args[++i]);
    }
    return rule;
}

std::string savedProbability(double p)
{
    const double stored = double(std::lround(p * 2147483648.0));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.11f", stored / 2147483648.0);
    return buffer;
}

namespace {

std::string hostAddress(const std::string &address)
{
    return address.find('/') == std::string::npos ? address + "/32" : address;
}

/// "0x00004000" → "0x4000"; "0x00004000/0x00004000" → "0x4000/0x4000".
std::string minimalHex(const std::string &value)
{
    std::string out;
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t slash = value.find('/', start);
        const std::string part = value.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "0x%lx", std::strtoul(part.c_str(), nullptr, 0));
        if (!out.empty())
            out += '/';
        out += buffer;
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    return out;
}

void appendNegatable(std::string &out, const IptMatch &m, std::string_view opt)
{
    bool negated = false;
    if (!m.has(opt))
        return;
    const std::string v = m.option(opt, &negated);
    out += negated ? " ! " : " ";
    out += opt;
    if (!v.empty()) {
        out += ' ';
        out += opt == "--mark" ? minimalHex(v) : v;
    }
}

std::string renderMatch(const IptMatch &m)
{
    std::string out = " -m " + m.name;
    if (m.name == "comment") {
        out += " --comment \"" + m.option("--comment") + "\"";
    } else if (m.name == "statistic") {
        out += " --mode " + m.option("--mode");
        if (m.has("--probability"))
            out += " --probability " + savedProbability(std::atof(m.option("--probability").c_str()));
    } else if (m.name == "recent") {
        for (const char *action : {"--set", "--rcheck", "--update", "--remove"})
            if (m.has(action))
                out += std::string(" ") + action;
        if (m.has("--seconds"))
            out += " --seconds " + m.option("--seconds");
        if (m.has("--reap"))
            out += " --reap";
        out += " --name " + (m.has("--name") ? m.option("--name") : std::string("DEFAULT"));
        out += " --mask 255.255.255.255 --rsource";
    } else if (m.name == "nfacct") {
        out += " --nfacct-name  " + m.option("--nfacct-name");
    } else if (m.name == "tcp" || m.name == "udp" || m.name == "sctp") {
        appendNegatable(out, m, "--sport");
        appendNegatable(out, m, "--dport");
    } else if (m.name == "mark") {
        appendNegatable(out, m, "--mark");
    } else if (m.name == "conntrack") {
        appendNegatable(out, m, "--ctstate");
    } else if (m.name == "addrtype") {
        appendNegatable(out, m, "--src-type");
        appendNegatable(out, m, "--dst-type");
    } else {
        for (const std::string &a : m.args)
            out += " " + a;
    }
    return out;
}

std::string renderTarget(const IptRule &rule)
{
    if (rule.target.empty())
        return {};
    std::string out = " -j " + rule.target;
    const auto arg = [&](std::string_view opt) -> std::string {
        for (std::size_t i = 0; i + 1 < rule.targetArgs.size(); ++i)
            if (rule.targetArgs[i] == opt)
                return rule.targetArgs[i + 1];
        return {};
    };
    if (rule.target == "MARK") {
        if (const std::string v = arg("--or-mark"); !v.empty())
            return out + " --set-xmark " + minimalHex(v) + "/" + minimalHex(v);
        if (const std::string v = arg("--xor-mark"); !v.empty())
            return out + " --set-xmark " + minimalHex(v) + "/0x0";
        if (const std::string v = arg("--set-xmark"); !v.empty())
            return out + " --set-xmark " + minimalHex(v);
    }
    if (rule.target == "REJECT" && rule.targetArgs.empty())
        return out + " --reject-with icmp-port-unreachable";
    for (const std::string &a : rule.targetArgs)
        out += " " + a;
    return out;
}

} // namespace

std::string IptRule::saveText() const
{
    std::string out = "-A " + chain;
    if (!source.empty())
        out += (notSource ? " ! -s " : " -s ") + hostAddress(source);
    if (!destination.empty())
        out += (notDestination ? " ! -d " : " -d ") + hostAddress(destination);
    if (!inInterface.empty())
        out += " -i " + inInterface;
    if (!outInterface.empty())
        out += " -o " + outInterface;
    if (!protocol.empty())
        out += " -p " + protocol;
    for (const IptMatch &m : matches)
        out += renderMatch(m);
    out += renderTarget(*this);
    return out;
}

} // namespace k8slab::proxy
