#pragma once

#include "core/base/status.h"
#include "core/proxy/iptables_rule.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::proxy {

/// A model of a node's kernel iptables tables (mangle, filter, nat), changed only as
/// `iptables-restore --noflush` and `iptables -I` change them. The lab applies each
/// payload kube-proxy writes to it, so it holds exactly what the kernel would, renders
/// as `iptables-save` does and is what the packet tracer walks.
class IptablesState {
public:
    struct Chain {
        std::string name;
        bool builtin = false;
        std::string policy = "-"; ///< ACCEPT/DROP for built-ins
        std::vector<IptRule> rules;
        std::vector<std::string> saved; ///< each rule's saveText(), kept with it
    };
    struct Table {
        std::string name;
        std::vector<std::string> builtinOrder;
        std::map<std::string, Chain> chains;
    };

    /// Applies an `iptables-restore --noflush` input. All or nothing: on error nothing
    /// changes and the status says which line failed, as iptables-restore does.
    Status applyRestore(std::string_view payload);
    /// `iptables -t table -C chain args || iptables -t table -I chain 1 args`: true if
    /// the rule was inserted.
    Result<bool> ensureRule(const std::string &table, const std::string &chain, const std::string &args, bool prepend = true);
    /// Creates an empty chain (as the canary monitor does) if missing.
    void ensureChain(const std::string &table, const std::string &chain);

    /// `iptables-save` (all tables, or just `table`), headers stamped `when` (ctime form).
    [[nodiscard]] std::string save(const std::string &table = {}, const std::string &when = {}) const;
    /// The rules of every table as `-A …` lines (no headers): what a diff compares.
    [[nodiscard]] std::vector<std::string> ruleLines(const std::string &table = {}) const;
    /// The chains of `table` whose names are listed by iptables-save.
    [[nodiscard]] std::vector<std::string> chainNames(const std::string &table) const;
    [[nodiscard]] const Table *table(const std::string &name) const;
    [[nodiscard]] const Chain *chain(const std::string &table, const std::string &chain) const;
    /// How many rules `table` holds.
    [[nodiscard]] std::size_t ruleCount(const std::string &table) const;

private:
    Table &tableFor(const std::string &name);
    static std::vector<std::string> builtinChains(const std::string &table);

    std::map<std::string, Table> m_tables;
};

/// The order iptables-nft (Debian 12's iptables 1.8.9) lists tables in.
const std::vector<std::string> &iptablesTableOrder();

} // namespace k8slab::proxy
