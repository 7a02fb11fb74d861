// Type definitions of rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding and
// ClusterRoleBinding. Field names and shapes follow Kubernetes v1.32; the descriptions
// are the lab's own. (The lab stores these objects; it does not enforce them yet.)
#include "core/apiserver/schema_types.h"

namespace k8slab::apiserver::schema {

namespace {
constexpr std::string_view kPolicyRule = "io.k8s.api.rbac.v1.PolicyRule";
constexpr std::string_view kSubject = "io.k8s.api.rbac.v1.Subject";
constexpr std::string_view kRoleRef = "io.k8s.api.rbac.v1.RoleRef";
constexpr std::string_view kRbac = "rbac.authorization.k8s.io";
} // namespace

const std::vector<TypeDef> &rbacTypes()
{
    static const std::vector<TypeDef> types = {
        {"io.k8s.api.rbac.v1.Role",
         "A set of permissions in one namespace: which verbs on which resources. A RoleBinding grants it.",
         {apiVersionField(), kindField(), metadataField(), list("rules", kPolicyRule, "The permissions, added together.")},
         kRbac, "v1", "Role"},
        {"io.k8s.api.rbac.v1.ClusterRole",
         "A set of permissions cluster-wide (or, through a RoleBinding, in one namespace).",
         {apiVersionField(), kindField(), metadataField(),
          object("aggregationRule", "io.k8s.api.rbac.v1.AggregationRule",
                 "Builds the rules from other ClusterRoles chosen by label (the controller fills rules in)."),
          list("rules", kPolicyRule, "The permissions, added together.")},
         kRbac, "v1", "ClusterRole"},
        {"io.k8s.api.rbac.v1.AggregationRule",
         "Which ClusterRoles an aggregated ClusterRole combines.",
         {list("clusterRoleSelectors", kLabelSelector, "ClusterRoles matching any of these selectors are combined.")}},
        {kPolicyRule,
         "One permission: the verbs allowed on the resources (or non-resource URLs) it names.",
         {
             strings("apiGroups", "The API groups of the resources; \"\" is the core group, \"*\" any."),
             strings("nonResourceURLs", "URL paths such as /healthz (ClusterRoles only); \"*\" as a suffix matches a prefix."),
             strings("resourceNames", "Only these objects by name; empty for all."),
             strings("resources", "The resources, e.g. pods or pods/log; \"*\" for all."),
             strings("verbs", "get, list, watch, create, update, patch, delete, deletecollection; \"*\" for all."),
         }},
        {"io.k8s.api.rbac.v1.RoleBinding",
         "Grants a Role (or a ClusterRole, in this namespace only) to users, groups and service accounts.",
         {apiVersionField(), kindField(), metadataField(),
          object("roleRef", kRoleRef, "The role granted; it cannot change once the binding exists."),
          list("subjects", kSubject, "Who is granted the role.")},
         kRbac, "v1", "RoleBinding"},
        {"io.k8s.api.rbac.v1.ClusterRoleBinding",
         "Grants a ClusterRole cluster-wide to users, groups and service accounts.",
         {apiVersionField(), kindField(), metadataField(),
          object("roleRef", kRoleRef, "The ClusterRole granted; it cannot change once the binding exists."),
          list("subjects", kSubject, "Who is granted the role.")},
         kRbac, "v1", "ClusterRoleBinding"},
        {kRoleRef,
         "The role a binding grants.",
         {
             str("apiGroup", "rbac.authorization.k8s.io."),
             str("kind", "Role or ClusterRole."),
             str("name", "The role's name."),
         }},
        {kSubject,
         "Who a binding grants its role to.",
         {
             str("apiGroup", "rbac.authorization.k8s.io for users and groups; empty for service accounts."),
             str("kind", "User, Group or ServiceAccount."),
             str("name", "The user's, group's or service account's name."),
             str("namespace", "The service account's namespace."),
         }},
    };
    return types;
}

} // namespace k8slab::apiserver::schema
