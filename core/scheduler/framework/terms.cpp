#include "core/scheduler/framework/terms.h"

#include <charconv>

namespace k8slab::scheduler {

using api::Json;

namespace {

std::string str(const Json &o, const char *key)
{
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::int64_t> toInt(const std::string &s)
{
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

NodeSelectorRequirement parseRequirement(const Json &r)
{
    NodeSelectorRequirement req;
    if (!r.is_object())
        return req;
    req.key = str(r, "key");
    const std::string op = str(r, "operator");
    using Op = NodeSelectorRequirement::Op;
    req.op = op == "In" ? Op::In
           : op == "NotIn" ? Op::NotIn
           : op == "Exists" ? Op::Exists
           : op == "DoesNotExist" ? Op::DoesNotExist
           : op == "Gt" ? Op::Gt
           : op == "Lt" ? Op::Lt
                        : Op::Invalid;
    if (auto it = r.find("values"); it != r.end() && it->is_array())
        for (const Json &v : *it)
            if (v.is_string())
                req.values.push_back(v.get<std::string>());
    return req;
}

std::optional<api::LabelSelector> parseSelector(const Json &o, const char *key)
{
    auto it = o.find(key);
    if (it == o.end() || it->is_null())
        return std::nullopt;
    Result<api::LabelSelector> s = api::LabelSelector::fromJson(*it);
    if (!s.ok())
        return std::nullopt;
    return *s;
}

} // namespace

bool Toleration::tolerates(const Taint &taint) const
{
    if (!effect.empty() && effect != taint.effect)
        return false;
    if (!key.empty() && key != taint.key)
        return false;
    if (op == "Exists")
        return true;
    if (op.empty() || op == "Equal")
        return value == taint.value;
    return false;
}

std::vector<Taint> parseTaints(const Json &list)
{
    std::vector<Taint> out;
    if (!list.is_array())
        return out;
    for (const Json &t : list)
        if (t.is_object())
            out.push_back({str(t, "key"), str(t, "value"), str(t, "effect")});
    return out;
}

std::vector<Toleration> parseTolerations(const Json &list)
{
    std::vector<Toleration> out;
    if (!list.is_array())
        return out;
    for (const Json &t : list)
        if (t.is_object())
            out.push_back({str(t, "key"), str(t, "operator"), str(t, "value"), str(t, "effect")});
    return out;
}

bool tolerated(const std::vector<Toleration> &tolerations, const Taint &taint)
{
    for (const Toleration &t : tolerations)
        if (t.tolerates(taint))
            return true;
    return false;
}

bool NodeSelectorRequirement::matches(const std::optional<std::string> &value) const
{
    switch (op) {
    case Op::In:
        return value && std::find(values.begin(), values.end(), *value) != values.end();
    case Op::NotIn:
        return !value || std::find(values.begin(), values.end(), *value) == values.end();
    case Op::Exists:
        return value.has_value();
    case Op::DoesNotExist:
        return !value.has_value();
    case Op::Gt:
    case Op::Lt: {
        if (!value || values.size() != 1)
            return false;
        auto have = toInt(*value);
        auto want = toInt(values.front());
        if (!have || !want)
            return false;
        return op == Op::Gt ? *have > *want : *have < *want;
    }
    case Op::Invalid:
        return false;
    }
    return false;
}

bool NodeSelectorTerm::matches(const Json &labels, const std::string &nodeName) const
{
    if (expressions.empty() && fields.empty())
        return false;
    for (const NodeSelectorRequirement &r : expressions) {
        std::optional<std::string> v;
        if (labels.is_object())
            if (auto it = labels.find(r.key); it != labels.end() && it->is_string())
                v = it->get<std::string>();
        if (!r.matches(v))
            return false;
    }
    for (const NodeSelectorRequirement &r : fields) {
        // metadata.name is the only field upstream supports in node selector terms.
        if (r.key != "metadata.name" || !r.matches(nodeName))
            return false;
    }
    return true;
}

bool NodeSelector::matches(const Json &labels, const std::string &nodeName) const
{
    for (const NodeSelectorTerm &t : terms)
        if (t.matches(labels, nodeName))
            return true;
    return false;
}

NodeSelectorTerm parseNodeSelectorTerm(const Json &term)
{
    NodeSelectorTerm t;
    if (!term.is_object())
        return t;
    if (auto it = term.find("matchExpressions"); it != term.end() && it->is_array())
        for (const Json &r : *it)
            t.expressions.push_back(parseRequirement(r));
    if (auto it = term.find("matchFields"); it != term.end() && it->is_array())
        for (const Json &r : *it)
            t.fields.push_back(parseRequirement(r));
    return t;
}

NodeSelector parseNodeSelector(const Json &selector)
{
    NodeSelector s;
    if (!selector.is_object())
        return s;
    if (auto it = selector.find("nodeSelectorTerms"); it != selector.end() && it->is_array())
        for (const Json &t : *it)
            s.terms.push_back(parseNodeSelectorTerm(t));
    return s;
}

bool AffinityTerm::matches(const std::string &ns, const Json &labels, const NamespaceLabels &nsLabels) const
{
    bool inNamespace = namespaces.count(ns) > 0;
    if (!inNamespace && nsSelector) {
        if (nsSelector->empty()) {
            inNamespace = true; // {} selects every namespace
        } else if (nsLabels) {
            const Json *l = nsLabels(ns);
            inNamespace = nsSelector->matches(l ? *l : Json());
        }
    }
    return inNamespace && selector && selector->matches(labels);
}

AffinityTerm parseAffinityTerm(const Json &term, const std::string &podNamespace)
{
    AffinityTerm t;
    if (!term.is_object())
        return t;
    t.selector = parseSelector(term, "labelSelector");
    t.nsSelector = parseSelector(term, "namespaceSelector");
    t.topologyKey = str(term, "topologyKey");
    if (auto it = term.find("namespaces"); it != term.end() && it->is_array())
        for (const Json &n : *it)
            if (n.is_string())
                t.namespaces.insert(n.get<std::string>());
    if (t.namespaces.empty() && !t.nsSelector)
        t.namespaces.insert(podNamespace);
    return t;
}

bool HostPort::conflicts(const HostPort &other) const
{
    if (port != other.port || protocol != other.protocol)
        return false;
    return ip == other.ip || ip == "0.0.0.0" || other.ip == "0.0.0.0";
}

} // namespace k8slab::scheduler
