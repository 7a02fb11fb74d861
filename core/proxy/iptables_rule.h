#pragma once

#include "core/base/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::proxy {

/// One `-m` match of a rule: its module name and its options as given ("!" kept as a
/// token before the option it negates).
struct IptMatch {
    std::string name;
    std::vector<std::string> args;

    /// The value after option `opt` ("" if absent); `negated` tells whether "!" preceded it.
    [[nodiscard]] std::string option(std::string_view opt, bool *negated = nullptr) const;
    [[nodiscard]] bool has(std::string_view opt) const;
};

/// One iptables rule, parsed from kube-proxy's argument form or iptables-save's: the
/// generic fields, the matches in order, the target. What the model's tables hold, what
/// the packet tracer evaluates and what renders as `iptables-save` prints it.
struct IptRule {
    std::string chain;
    std::string source;      ///< -s, as given (no /32 added)
    bool notSource = false;
    std::string destination; ///< -d
    bool notDestination = false;
    std::string inInterface, outInterface;
    std::string protocol;    ///< -p
    std::vector<IptMatch> matches;
    std::string target;      ///< -j (empty for a rule that only counts or comments)
    std::vector<std::string> targetArgs;

    [[nodiscard]] const IptMatch *match(std::string_view name) const;
    /// The rule's comment ("" if none).
    [[nodiscard]] std::string comment() const;
    /// `-A <chain> …` as iptables-save prints it (iptables 1.8.9; see reference §6.2 and
    /// docs/proxy.md): generic fields first, /32 on host addresses, comments always
    /// quoted, marks in minimal hex, --or-mark/--xor-mark as --set-xmark, probabilities
    /// as the kernel stores them, recent's defaults spelled out, REJECT's default shown.
    [[nodiscard]] std::string saveText() const;
};

/// Splits a rule line into arguments (double quotes group words and are removed).
std::vector<std::string> splitArgs(std::string_view line);

/// Parses the arguments of a rule that goes into `chain` (everything after "-A <chain>").
Result<IptRule> parseRule(const std::string &chain, const std::vector<std::string> &args);

/// What iptables-save prints for a probability kube-proxy wrote: the kernel keeps
/// lround(p * 2^31) and iptables prints that over 2^31 with 11 decimals.
std::string savedProbability(double p);

} // namespace k8slab::proxy
