#include "core/proxy/nftables_backend.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>

// What `nft list table ip kube-proxy` prints for the model, and a packet's walk through it.
namespace k8slab::proxy {

namespace {

std::string priorityText(const std::string &hook, int priority)
{
    if (hook == "prerouting" && priority >= -110 && priority <= -90) {
        if (priority == -100)
            return "dstnat";
        return priority < -100 ? "dstnat - " + std::to_string(-100 - priority) : "dstnat + " + std::to_string(priority + 100);
    }
    if (hook == "postrouting" && priority == 100)
        return "srcnat";
    return std::to_string(priority);
}

} // namespace

std::string NftablesBackend::render(const std::string &) const
{
    std::vector<std::string> blocks;
    for (const std::string &name : m_containerOrder) {
        const Container &c = m_containers.at(name);
        std::string b = std::string("\t") + (c.map ? "map " : "set ") + name + " {\n\t\ttype " + c.type + "\n";
        if (!c.extra.empty()) {
            // "flags dynamic,timeout ; timeout 10800s ;" as nft prints it.
            const std::size_t t = c.extra.find("timeout ", c.extra.find(';'));
            const long seconds = std::atol(c.extra.c_str() + t + 8);
            const std::string timeout = seconds % 3600 == 0   ? std::to_string(seconds / 3600) + "h"
                                        : seconds % 60 == 0   ? std::to_string(seconds / 60) + "m"
                                                              : std::to_string(seconds) + "s";
            b += "\t\tsize 65535\n\t\tflags dynamic,timeout\n\t\ttimeout " + timeout + "\n";
        }
        if (!c.comment.empty())
            b += "\t\tcomment \"" + c.comment + "\"\n";
        if (!c.elements.empty()) {
            b += "\t\telements = { ";
            bool first = true;
            for (const auto &[key, e] : c.elements) {
                if (!first)
                    b += ",\n\t\t\t     ";
                first = false;
                b += e.key;
                if (!e.comment.empty())
                    b += " comment \"" + e.comment + "\"";
                if (!e.value.empty())
                    b += " : " + e.value;
            }
            b += " }\n";
        }
        blocks.push_back(b + "\t}\n");
    }
    for (const std::string &name : m_chainOrder) {
        const Chain &c = m_chains.at(name);
        std::string b = "\tchain " + name + " {\n";
        if (!c.comment.empty())
            b += "\t\tcomment \"" + c.comment + "\"\n";
        if (!c.hook.empty())
            b += "\t\ttype " + c.type + " hook " + c.hook + " priority " + priorityText(c.hook, c.priority) +
                 "; policy accept;\n";
        for (const NftRule &r : c.rules)
            b += "\t\t" + r.listed + "\n";
        blocks.push_back(b + "\t}\n");
    }
    std::string out = "table ip kube-proxy {\n\tcomment \"rules for kube-proxy\"\n";
    for (std::size_t i = 0; i < blocks.size(); ++i)
        out += (i ? "\n" : "") + blocks[i];
    return out + "}\n";
}

std::vector<std::string> NftablesBackend::ruleLines() const
{
    std::vector<std::string> out;
    for (const std::string &name : m_chainOrder)
        for (const NftRule &r : m_chains.at(name).rules)
            out.push_back("chain " + name + ": " + r.listed);
    for (const std::string &name : m_containerOrder)
        for (const auto &[key, e] : m_containers.at(name).elements)
            out.push_back("element " + name + ": " + key + (e.value.empty() ? "" : " : " + e.value));
    return out;
}

namespace {

enum class Verdict { Continue, Accept, Drop, Reject, Nat };

} // namespace

PacketPath NftablesBackend::trace(const Packet &input, engine::Random &random)
{
    PacketPath path;
    std::uint32_t scratch = 0;
    if (!parseIPv4(input.source, scratch) || !parseIPv4(input.destination, scratch) || input.port <= 0 || input.port > 65535) {
        path.error = "a packet needs IPv4 source and destination addresses and a port in 1-65535";
        return path;
    }
    Packet packet = input;
    std::uint32_t mark = 0;
    std::string hook;
    const std::uint32_t masqMark = 1u << m_config.masqueradeBit;
    const auto isLocal = [&](const std::string &ip) {
        return cidrContains("127.0.0.0/8", ip) ||
               std::find(m_config.nodeIPs.begin(), m_config.nodeIPs.end(), ip) != m_config.nodeIPs.end();
    };
    const auto holds = [&](const std::string &set, const std::string &key) {
        const Container *c = container(set);
        return c && c->elements.count(key) > 0;
    };
    std::function<Verdict(const std::string &, int)> run;
    const auto verdictOf = [&](const std::string &value, int depth) -> Verdict {
        if (value == "drop")
            return Verdict::Drop;
        if (value.starts_with("goto ") || value.starts_with("jump "))
            return run(value.substr(5), depth + 1);
        return Verdict::Continue;
    };
    run = [&](const std::string &chainName, int depth) -> Verdict {
        const Chain *c = chain(chainName);
        if (!c || depth > 32)
            return Verdict::Continue;
        for (std::size_t i = 0; i < c->rules.size(); ++i) {
            const NftRule &r = c->rules[i];
            ++path.rulesEvaluated;
            TraceStep step{hook, "ip kube-proxy", chainName, int(i) + 1, r.listed, false, {}};
            bool ok = true;
            for (const NftCondition &cond : r.conditions) {
                switch (cond.kind) {
                case NftCondition::CtStateNew:
                    break;
                case NftCondition::DaddrIs:
                case NftCondition::DaddrInCidr:
                    ok = ok && cidrContains(cond.value, packet.destination);
                    break;
                case NftCondition::SaddrIs:
                    ok = ok && cidrContains(cond.value, packet.source);
                    break;
                case NftCondition::SaddrNot: {
                    bool inside = false;
                    std::size_t start = 0;
                    while (start < cond.value.size()) {
                        std::size_t comma = cond.value.find(',', start);
                        if (comma == std::string::npos)
                            comma = cond.value.size();
                        std::string item = cond.value.substr(start, comma - start);
                        item.erase(0, item.find_first_not_of(' '));
                        inside = inside || cidrContains(item, packet.source);
                        start = comma + 1;
                    }
                    ok = ok && !inside;
                    break;
                }
                case NftCondition::Dport:
                    ok = ok && cond.value == packet.protocol + ":" + std::to_string(packet.port);
                    break;
                case NftCondition::DaddrInSet:
                    ok = ok && holds(cond.value, packet.destination);
                    break;
                case NftCondition::SaddrInSet:
                    ok = ok && m_affinity[cond.value].count(packet.source) > 0;
                    break;
                case NftCondition::FibSaddrLocal:
                    ok = ok && (packet.origin == PacketOrigin::Node || isLocal(packet.source));
                    break;
                case NftCondition::MarkClear:
                    ok = ok && (mark & masqMark) == 0;
                    break;
                case NftCondition::L4Proto:
                    ok = ok && cond.value == packet.protocol;
                    break;
                }
            }
            if (!ok) {
                path.steps.push_back(std::move(step));
                continue;
            }
            step.matched = true;
            switch (r.action) {
            case NftRule::Jump:
            case NftRule::Goto: {
                step.effect = (r.action == NftRule::Jump ? "jump " : "goto ") + r.target;
                path.steps.push_back(std::move(step));
                const Verdict v = run(r.target, depth + 1);
                if (v != Verdict::Continue || r.action == NftRule::Goto)
                    return v;
                break;
            }
            case NftRule::Return:
                step.effect = "return";
                path.steps.push_back(std::move(step));
                return Verdict::Continue;
            case NftRule::Drop:
            case NftRule::Reject:
                step.effect = r.action == NftRule::Drop ? "drop" : "reject";
                path.steps.push_back(std::move(step));
                return r.action == NftRule::Drop ? Verdict::Drop : Verdict::Reject;
            case NftRule::Masquerade:
                packet.source = m_config.nodeIPs.empty() ? packet.source : m_config.nodeIPs.front();
                path.masqueraded = true;
                step.effect = "masquerade to " + packet.source;
                path.steps.push_back(std::move(step));
                return Verdict::Nat;
            case NftRule::MarkOr:
            case NftRule::MarkXor: {
                mark = r.action == NftRule::MarkOr ? mark | masqMark : mark ^ masqMark;
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, "mark 0x%x", mark);
                step.effect = buffer;
                path.steps.push_back(std::move(step));
                break;
            }
            case NftRule::Dnat: {
                const std::size_t colon = r.target.rfind(':');
                packet.destination = r.target.substr(0, colon);
                packet.port = std::atoi(r.target.c_str() + colon + 1);
                path.dnatTo = r.target;
                step.effect = "dnat to " + r.target;
                path.steps.push_back(std::move(step));
                return Verdict::Nat;
            }
            case NftRule::VmapAddrProtoPort:
            case NftRule::VmapProtoPort: {
                const std::string key = r.action == NftRule::VmapAddrProtoPort
                                            ? packet.destination + " . " + packet.protocol + " . " + std::to_string(packet.port)
                                            : packet.protocol + " . " + std::to_string(packet.port);
                const Container *map = container(r.target);
                const auto found = map ? map->elements.find(key) : decltype(map->elements)::const_iterator{};
                if (!map || found == map->elements.end()) {
                    step.effect = "no element " + key + " in @" + r.target;
                    path.steps.push_back(std::move(step));
                    break;
                }
                step.effect = "@" + r.target + "[" + key + "] → " + found->second.value;
                path.steps.push_back(std::move(step));
                const Verdict v = verdictOf(found->second.value, depth);
                if (v != Verdict::Continue || found->second.value.starts_with("goto "))
                    return v;
                break;
            }
            case NftRule::Numgen: {
                const std::size_t pick = std::size_t(random.below(r.targets.size()));
                step.effect = "numgen " + std::to_string(pick) + " → goto " + r.targets[pick];
                path.steps.push_back(std::move(step));
                return run(r.targets[pick], depth + 1);
            }
            case NftRule::UpdateSet:
                m_affinity[r.target][packet.source] = "";
                step.effect = "remember " + packet.source + " in @" + r.target;
                path.steps.push_back(std::move(step));
                break;
            }
        }
        return Verdict::Continue;
    };
    // The base chains of each hook, by priority.
    const auto hookChains = [&](const std::string &hookName, const std::string &nftHook) {
        hook = hookName;
        std::vector<const Chain *> chains;
        for (const std::string &name : m_baseChains)
            if (const Chain *c = chain(name); c && c->hook == nftHook)
                chains.push_back(c);
        std::stable_sort(chains.begin(), chains.end(), [](const Chain *a, const Chain *b) { return a->priority < b->priority; });
        for (const Chain *c : chains) {
            const Verdict v = run(c->name, 0);
            if (v == Verdict::Drop || v == Verdict::Reject) {
                path.verdict = v == Verdict::Drop ? "DROP" : "REJECT";
                return false;
            }
        }
        return true;
    };
    const auto finish = [&](const std::string &delivered) {
        path.verdict = "ACCEPT";
        path.delivered = delivered;
        path.finalSource = packet.source;
        path.finalDestination = packet.destination;
        path.finalPort = packet.port;
        return path;
    };
    if (packet.origin == PacketOrigin::Node) {
        if (!hookChains("OUTPUT", "output"))
            return path;
        if (isLocal(packet.destination))
            return finish("local");
    } else {
        if (!hookChains("PREROUTING", "prerouting"))
            return path;
        if (isLocal(packet.destination))
            return hookChains("INPUT", "input") ? finish("local") : path;
        if (!hookChains("FORWARD", "forward"))
            return path;
    }
    if (!hookChains("POSTROUTING", "postrouting"))
        return path;
    return finish("forwarded");
}

} // namespace k8slab::proxy
