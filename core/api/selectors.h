#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::api {

/// One requirement of a label selector.
struct LabelRequirement {
    /// How the requirement compares.
    enum class Op { Exists, DoesNotExist, Equals, NotEquals, In, NotIn };
    /// The label key.
    std::string key;
    /// The comparison.
    Op op = Op::Exists;
    /// The values compared against (one for Equals/NotEquals).
    std::vector<std::string> values;
};

/// A Kubernetes label selector: requirements that must all hold.
class LabelSelector {
public:
    /// Parses the query syntax: "a=b,c!=d,e in (x,y),f notin (z),g,!h" (also "==").
    /// Errors are BadRequest with upstream's "unable to parse requirement" wording.
    static Result<LabelSelector> parse(std::string_view text);
    /// Builds one from a LabelSelector object (matchLabels and matchExpressions).
    static Result<LabelSelector> fromJson(const Json &selector);

    /// True when the labels (a JSON object, or null) satisfy every requirement.
    [[nodiscard]] bool matches(const Json &labels) const;
    /// True when there is no requirement (matches everything).
    [[nodiscard]] bool empty() const { return m_requirements.empty(); }
    /// The requirements.
    [[nodiscard]] const std::vector<LabelRequirement> &requirements() const { return m_requirements; }
    /// The selector in query syntax, as kubectl prints it ("app=web,tier in (a,b)").
    [[nodiscard]] std::string toString() const;

private:
    std::vector<LabelRequirement> m_requirements;
};

/// One requirement of a field selector.
struct FieldRequirement {
    /// The field path, e.g. "spec.nodeName".
    std::string field;
    /// True for "=" and "==", false for "!=".
    bool equals = true;
    /// The value compared against.
    std::string value;
};

/// A Kubernetes field selector: "metadata.name=web,status.phase!=Failed".
class FieldSelector {
public:
    /// Looks up a field's value in an object; nullopt when the kind does not support it.
    using FieldLookup = std::function<std::optional<std::string>(std::string_view field)>;

    /// Parses the query syntax. Errors are BadRequest.
    static Result<FieldSelector> parse(std::string_view text);
    /// Checks that every field is supported (lookup gives a value); BadRequest
    /// "field label not supported: <field>" otherwise.
    [[nodiscard]] Status checkSupported(const FieldLookup &lookup) const;
    /// True when every requirement holds for the object the lookup reads.
    [[nodiscard]] bool matches(const FieldLookup &lookup) const;
    /// True when there is no requirement.
    [[nodiscard]] bool empty() const { return m_requirements.empty(); }
    /// The value required for `field` with "=", if any (lets a list go straight to one key).
    [[nodiscard]] std::optional<std::string> equalityValue(std::string_view field) const;
    /// The requirements.
    [[nodiscard]] const std::vector<FieldRequirement> &requirements() const { return m_requirements; }

private:
    std::vector<FieldRequirement> m_requirements;
};

} // namespace k8slab::api
