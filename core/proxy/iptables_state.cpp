#include "core/proxy/iptables_state.h"

#include <set>

namespace k8slab::proxy {

namespace {

bool isBuiltinTarget(const std::string &target)
{
    static const std::set<std::string> targets = {"ACCEPT", "DROP", "RETURN", "REJECT", "DNAT", "SNAT",
                                                  "MASQUERADE", "MARK", "LOG", "CONNMARK", "REDIRECT", "NOTRACK"};
    return target.empty() || targets.count(target) > 0;
}

Status lineError(int line, const std::string &what)
{
    return Status(StatusCode::Invalid, "iptables-restore: line " + std::to_string(line) + " failed: " + what);
}

} // namespace

const std::vector<std::string> &iptablesTableOrder()
{
    static const std::vector<std::string> order = {"mangle", "raw", "filter", "nat"};
    return order;
}

std::vector<std::string> IptablesState::builtinChains(const std::string &table)
{
    if (table == "filter")
        return {"INPUT", "FORWARD", "OUTPUT"};
    if (table == "nat")
        return {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"};
    if (table == "raw")
        return {"PREROUTING", "OUTPUT"};
    return {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"};
}

IptablesState::Table &IptablesState::tableFor(const std::string &name)
{
    auto it = m_tables.find(name);
    if (it != m_tables.end())
        return it->second;
    Table t;
    t.name = name;
    t.builtinOrder = builtinChains(name);
    for (const std::string &c : t.builtinOrder)
        t.chains[c] = Chain{c, true, "ACCEPT", {}, {}};
    return m_tables.emplace(name, std::move(t)).first->second;
}

void IptablesState::ensureChain(const std::string &table, const std::string &chain)
{
    Table &t = tableFor(table);
    if (!t.chains.count(chain))
        t.chains[chain] = Chain{chain, false, "-", {}, {}};
}

Status IptablesState::applyRestore(std::string_view payload)
{
    std::map<std::string, Table> backup = m_tables;
    Table *current = nullptr;
    int lineNo = 0;
    std::size_t pos = 0;
    const auto fail = [&](Status s) {
        m_tables = std::move(backup);
        return s;
    };
    while (pos < payload.size()) {
        std::size_t end = payload.find('\n', pos);
        if (end == std::string_view::npos)
            end = payload.size();
        const std::string_view line = payload.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (line.empty() || line.front() == '#')
            continue;
        if (line.front() == '*') {
            current = &tableFor(std::string(line.substr(1)));
            continue;
        }
        if (line == "COMMIT") {
            current = nullptr;
            continue;
        }
        if (!current)
            return fail(lineError(lineNo, "no table given"));
        if (line.front() == ':') {
            const std::size_t space = line.find(' ');
            const std::string name(line.substr(1, space == std::string_view::npos ? std::string_view::npos : space - 1));
            auto it = current->chains.find(name);
            if (it == current->chains.end()) {
                current->chains[name] = Chain{name, false, "-", {}, {}};
            } else {
                it->second.rules.clear(); // --noflush: a declared chain is flushed
                it->second.saved.clear();
            }
            continue;
        }
        std::vector<std::string> args = splitArgs(line);
        if (args.size() < 2)
            return fail(lineError(lineNo, "Bad argument"));
        const std::string op = args[0];
        const std::string chainName = args[1];
        auto chainIt = current->chains.find(chainName);
        if (op == "-X") {
            if (chainIt == current->chains.end())
                return fail(lineError(lineNo, "No chain/target/match by that name."));
            for (const auto &[name, c] : current->chains)
                for (const IptRule &r : c.rules)
                    if (r.target == chainName)
                        return fail(lineError(lineNo, "CHAIN_DEL failed (Device or resource busy): chain " + chainName));
            current->chains.erase(chainIt);
            continue;
        }
        if (op == "-F") {
            if (chainIt == current->chains.end())
                return fail(lineError(lineNo, "No chain/target/match by that name."));
            chainIt->second.rules.clear();
            chainIt->second.saved.clear();
            continue;
        }
        if (op != "-A" && op != "-I")
            return fail(lineError(lineNo, "unknown command \"" + op + "\""));
        if (chainIt == current->chains.end())
            return fail(lineError(lineNo, "No chain/target/match by that name."));
        std::size_t first = 2;
        std::size_t position = chainIt->second.rules.size();
        if (op == "-I") {
            position = 0;
            if (args.size() > 2 && !args[2].empty() && std::isdigit(static_cast<unsigned char>(args[2][0]))) {
                position = std::size_t(std::max(1, std::atoi(args[2].c_str())) - 1);
                first = 3;
            }
            position = std::min(position, chainIt->second.rules.size());
        }
        Result<IptRule> rule = parseRule(chainName, std::vector<std::string>(args.begin() + std::ptrdiff_t(first), args.end()));
        if (!rule.ok())
            return fail(lineError(lineNo, rule.status().message()));
        if (!isBuiltinTarget(rule->target) && !current->chains.count(rule->target))
            return fail(lineError(lineNo, "Couldn't load target `" + rule->target + "':No such file or directory"));
        Chain &c = chainIt->second;
        c.saved.insert(c.saved.begin() + std::ptrdiff_t(position), rule->saveText());
        c.rules.insert(c.rules.begin() + std::ptrdiff_t(position), std::move(*rule));
    }
    return {};
}

Result<bool> IptablesState::ensureRule(const std::string &table, const std::string &chain, const std::string &args,
                                       bool prepend)
{
    Table &t = tableFor(table);
    auto it = t.chains.find(chain);
    if (it == t.chains.end())
        return Status(StatusCode::NotFound, "iptables: No chain/target/match by that name.");
    Result<IptRule> rule = parseRule(chain, splitArgs(args));
    if (!rule.ok())
        return rule.status();
    const std::string text = rule->saveText();
    for (const std::string &existing : it->second.saved)
        if (existing == text)
            return false;
    if (!isBuiltinTarget(rule->target) && !t.chains.count(rule->target))
        return Status(StatusCode::NotFound, "iptables: No chain/target/match by that name.");
    Chain &c = it->second;
    const std::size_t at = prepend ? 0 : c.rules.size();
    c.saved.insert(c.saved.begin() + std::ptrdiff_t(at), text);
    c.rules.insert(c.rules.begin() + std::ptrdiff_t(at), std::move(*rule));
    return true;
}

const IptablesState::Table *IptablesState::table(const std::string &name) const
{
    auto it = m_tables.find(name);
    return it == m_tables.end() ? nullptr : &it->second;
}

const IptablesState::Chain *IptablesState::chain(const std::string &tableName, const std::string &chainName) const
{
    const Table *t = table(tableName);
    if (!t)
        return nullptr;
    auto it = t->chains.find(chainName);
    return it == t->chains.end() ? nullptr : &it->second;
}

std::vector<std::string> IptablesState::chainNames(const std::string &tableName) const
{
    std::vector<std::string> out;
    const Table *t = table(tableName);
    if (!t)
        return out;
    for (const std::string &b : t->builtinOrder)
        out.push_back(b);
    for (const auto &[name, c] : t->chains)
        if (!c.builtin)
            out.push_back(name);
    return out;
}

std::size_t IptablesState::ruleCount(const std::string &tableName) const
{
    std::size_t n = 0;
    if (const Table *t = table(tableName))
        for (const auto &[name, c] : t->chains)
            n += c.rules.size();
    return n;
}

std::vector<std::string> IptablesState::ruleLines(const std::string &only) const
{
    std::vector<std::string> out;
    for (const std::string &tableName : iptablesTableOrder()) {
        if (!only.empty() && only != tableName)
            continue;
        const Table *t = table(tableName);
        if (!t)
            continue;
        for (const std::string &chainName : chainNames(tableName))
            for (const std::string &line : t->chains.at(chainName).saved)
                out.push_back(only.empty() ? "[" + tableName + "] " + line : line);
    }
    return out;
}

std::string IptablesState::save(const std::string &only, const std::string &when) const
{
    std::string out;
    for (const std::string &tableName : iptablesTableOrder()) {
        if (!only.empty() && only != tableName)
            continue;
        const Table *t = table(tableName);
        if (!t)
            continue;
        out += "# Generated by iptables-save v1.8.9 (nf_tables) on " + when + "\n";
        out += "*" + tableName + "\n";
        const std::vector<std::string> names = chainNames(tableName);
        for (const std::string &name : names) {
            const Chain &c = t->chains.at(name);
            out += ":" + name + " " + c.policy + " [0:0]\n";
        }
        for (const std::string &name : names)
            for (const std::string &line : t->chains.at(name).saved) {
                out += line;
                out += '\n';
            }
        out += "COMMIT\n# Completed on " + when + "\n";
    }
    return out;
}

} // namespace k8slab::proxy
