// Validation of rbac.authorization.k8s.io/v1 objects, in upstream's words.
#include "core/apiserver/validation.h"
#include "core/apiserver/validation_causes.h"

#include <algorithm>

namespace k8slab::apiserver {

using api::Json;

namespace {

constexpr const char *kRbacGroup = "rbac.authorization.k8s.io";

bool emptyList(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it == object.end() || !it->is_array() || it->empty();
}

} // namespace

void validateRules(const Json &role, bool namespaced, std::vector<StatusCause> &causes)
{
    const auto rules = role.find("rules");
    if (rules == role.end() || !rules->is_array())
        return;
    for (std::size_t i = 0; i < rules->size(); ++i) {
        const Json &rule = (*rules)[i];
        const std::string at = "rules[" + std::to_string(i) + "]";
        if (!rule.is_object())
            continue;
        if (emptyList(rule, "verbs"))
            causes.push_back(required(at + ".verbs", "verbs must contain at least one value"));
        if (!emptyList(rule, "nonResourceURLs")) {
            if (namespaced)
                causes.push_back(invalid(at + ".nonResourceURLs", rule["nonResourceURLs"],
                                         "namespaced rules cannot apply to non-resource URLs"));
            if (!emptyList(rule, "apiGroups") || !emptyList(rule, "resources"))
                causes.push_back(invalid(at + ".nonResourceURLs", rule["nonResourceURLs"],
                                         "rules cannot apply to both regular resources and non-resource URLs"));
            continue;
        }
        if (emptyList(rule, "apiGroups"))
            causes.push_back(required(at + ".apiGroups", "resource rules must supply at least one api group"));
        if (emptyList(rule, "resources"))
            causes.push_back(required(at + ".resources", "resource rules must supply at least one resource"));
    }
}

void validateBinding(const Json &binding, bool namespaced, std::vector<StatusCause> &causes)
{
    const Json ref = binding.value("roleRef", Json::object());
    if (ref.value("apiGroup", "") != kRbacGroup)
        causes.push_back(notSupported("roleRef.apiGroup", ref.value("apiGroup", ""), {kRbacGroup}));
    const std::string kind = ref.value("kind", "");
    const std::vector<std::string> kinds = namespaced ? std::vector<std::string>{"Role", "ClusterRole"}
                                                      : std::vector<std::string>{"ClusterRole"};
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
        causes.push_back(notSupported("roleRef.kind", kind, kinds));
    if (ref.value("name", "").empty())
        causes.push_back(required("roleRef.name"));
    const auto subjects = binding.find("subjects");
    if (subjects == binding.end() || !subjects->is_array())
        return;
    for (std::size_t i = 0; i < subjects->size(); ++i) {
        const Json &subject = (*subjects)[i];
        const std::string at = "subjects[" + std::to_string(i) + "]";
        if (!subject.is_object())
            continue;
        const std::string subjectKind = subject.value("kind", "");
        if (subject.value("name", "").empty())
            causes.push_back(required(at + ".name"));
        if (subjectKind == "ServiceAccount") {
            if (!subject.value("apiGroup", "").empty())
                causes.push_back(notSupported(at + ".apiGroup", subject["apiGroup"], {""}));
            if (!namespaced && subject.value("namespace", "").empty())
                causes.push_back(required(at + ".namespace"));
        } else if (subjectKind == "User" || subjectKind == "Group") {
            if (subject.value("apiGroup", "") != kRbacGroup)
                causes.push_back(notSupported(at + ".apiGroup", subject.value("apiGroup", ""), {kRbacGroup}));
        } else {
            causes.push_back(notSupported(at + ".kind", subjectKind, {"ServiceAccount", "User", "Group"}));
        }
    }
}

std::vector<StatusCause> validateUpdate(std::string_view kind, const Json &old, const Json &next)
{
    std::vector<StatusCause> causes;
    if (kind == "RoleBinding" || kind == "ClusterRoleBinding") {
        const Json before = old.value("roleRef", Json::object());
        if (next.value("roleRef", Json::object()) != before)
            causes.push_back({"roleRef", "FieldValueInvalid",
                              "Invalid value: rbac.RoleRef{APIGroup:" + Json(before.value("apiGroup", "")).dump()
                                  + ", Kind:" + Json(before.value("kind", "")).dump() + ", Name:"
                                  + Json(before.value("name", "")).dump() + "}: cannot change roleRef"});
    }
    return causes;
}

} // namespace k8slab::apiserver
