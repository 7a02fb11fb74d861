#pragma once

#include "core/api/json.h"
#include "core/api/selectors.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace k8slab::scheduler {

/// A node taint.
struct Taint {
    std::string key;    ///< Taint key.
    std::string value;  ///< Taint value (may be empty).
    std::string effect; ///< NoSchedule, PreferNoSchedule or NoExecute.
};

/// A pod toleration, matched as upstream's Toleration.ToleratesTaint.
struct Toleration {
    std::string key;      ///< Empty with Exists: every key.
    std::string op;       ///< "Exists" or "Equal" (empty means Equal).
    std::string value;    ///< Compared with Equal.
    std::string effect;   ///< Empty: every effect.

    /// True when this toleration tolerates `taint`.
    [[nodiscard]] bool tolerates(const Taint &taint) const;
};

/// Reads spec.taints / spec.tolerations.
std::vector<Taint> parseTaints(const api::Json &list);
std::vector<Toleration> parseTolerations(const api::Json &list);
/// True when some toleration tolerates the taint.
bool tolerated(const std::vector<Toleration> &tolerations, const Taint &taint);

/// One node selector requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt).
struct NodeSelectorRequirement {
    /// The operator.
    enum class Op { In, NotIn, Exists, DoesNotExist, Gt, Lt, Invalid };
    std::string key;                 ///< Label key (or field name for matchFields).
    Op op = Op::Invalid;             ///< The operator.
    std::vector<std::string> values; ///< Values to compare with.

    /// True when the value (nullopt: the label is absent) satisfies the requirement.
    [[nodiscard]] bool matches(const std::optional<std::string> &value) const;
};

/// A node selector term: every expression (labels) and field (metadata.name) must hold;
/// a term with neither matches no node.
struct NodeSelectorTerm {
    std::vector<NodeSelectorRequirement> expressions; ///< matchExpressions.
    std::vector<NodeSelectorRequirement> fields;      ///< matchFields.

    /// True when the node with `labels` and `nodeName` satisfies the term.
    [[nodiscard]] bool matches(const api::Json &labels, const std::string &nodeName) const;
};

/// Terms ORed together (requiredDuringSchedulingIgnoredDuringExecution).
struct NodeSelector {
    std::vector<NodeSelectorTerm> terms; ///< Any term may match.

    /// True when some term matches.
    [[nodiscard]] bool matches(const api::Json &labels, const std::string &nodeName) const;
};

/// A weighted preferred node term.
struct PreferredSchedulingTerm {
    std::int32_t weight = 0;  ///< 1-100.
    NodeSelectorTerm term;    ///< The preference.
};

/// Parses a NodeSelector object.
NodeSelector parseNodeSelector(const api::Json &selector);
/// Parses one NodeSelectorTerm object.
NodeSelectorTerm parseNodeSelectorTerm(const api::Json &term);

/// Namespace labels by namespace name (for namespaceSelector); null when unknown.
using NamespaceLabels = std::function<const api::Json *(const std::string &ns)>;

/// A pod (anti-)affinity term with its namespaces resolved as upstream's AffinityTerm:
/// the term's namespaces, plus those its namespaceSelector selects, or the pod's own
/// namespace when both are absent.
struct AffinityTerm {
    std::optional<api::LabelSelector> selector;   ///< nullopt: the selector is absent (matches nothing).
    std::set<std::string> namespaces;             ///< Explicit namespaces.
    std::optional<api::LabelSelector> nsSelector; ///< namespaceSelector; nullopt when absent.
    std::string topologyKey;                      ///< The domain key.

    /// True when the term selects a pod in `ns` with `labels`.
    [[nodiscard]] bool matches(const std::string &ns, const api::Json &labels, const NamespaceLabels &nsLabels) const;
};

/// A weighted preferred pod (anti-)affinity term.
struct WeightedAffinityTerm {
    std::int32_t weight = 0; ///< 1-100.
    AffinityTerm term;       ///< The term.
};

/// Parses a PodAffinityTerm for a pod in `podNamespace`.
AffinityTerm parseAffinityTerm(const api::Json &term, const std::string &podNamespace);

/// A topology spread constraint.
struct SpreadConstraint {
    std::int32_t maxSkew = 1;                    ///< Largest allowed skew.
    std::string topologyKey;                     ///< The domain key.
    bool hard = true;                            ///< DoNotSchedule (true) or ScheduleAnyway.
    std::optional<api::LabelSelector> selector;  ///< nullopt: matches nothing.
    std::int32_t minDomains = 1;                 ///< Domains below this count make the minimum 0.
    bool honorNodeAffinity = true;               ///< nodeAffinityPolicy Honor (default).
    bool honorNodeTaints = false;                ///< nodeTaintsPolicy Honor (default Ignore).
};

/// A host port a container wants.
struct HostPort {
    std::string ip;        ///< "0.0.0.0" when empty.
    std::string protocol;  ///< "TCP" when empty.
    std::int32_t port = 0; ///< The host port.

    /// True when the two cannot share a node (same protocol and port, and an IP that
    /// is equal or a wildcard).
    [[nodiscard]] bool conflicts(const HostPort &other) const;
};

} // namespace k8slab::scheduler
