// Type definitions of the review kinds (authorization.k8s.io/v1 SelfSubjectAccessReview and
// SelfSubjectRulesReview, authentication.k8s.io/v1 SelfSubjectReview): questions a client
// posts about itself, answered in `status` and never stored. Field names and shapes follow
// Kubernetes v1.32; the descriptions are the lab's own.
#include "core/apiserver/schema_types.h"

namespace k8slab::apiserver::schema {

namespace {
constexpr std::string_view kLabelSelectorRequirement = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement";
constexpr std::string_view kResourceAttributes = "io.k8s.api.authorization.v1.ResourceAttributes";
constexpr std::string_view kNonResourceAttributes = "io.k8s.api.authorization.v1.NonResourceAttributes";
constexpr std::string_view kFieldSelectorAttributes = "io.k8s.api.authorization.v1.FieldSelectorAttributes";
constexpr std::string_view kFieldSelectorRequirement = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement";
constexpr std::string_view kLabelSelectorAttributes = "io.k8s.api.authorization.v1.LabelSelectorAttributes";
constexpr std::string_view kAccessStatus = "io.k8s.api.authorization.v1.SubjectAccessReviewStatus";
constexpr std::string_view kRulesStatus = "io.k8s.api.authorization.v1.SubjectRulesReviewStatus";
constexpr std::string_view kUserInfo = "io.k8s.api.authentication.v1.UserInfo";
} // namespace

const std::vector<TypeDef> &authTypes()
{
    static const std::vector<TypeDef> types = {
        // ---- authorization.k8s.io/v1 SelfSubjectAccessReview ----
        {"io.k8s.api.authorization.v1.SelfSubjectAccessReview",
         "Asks whether the caller may perform one action; the answer comes back in status. What `kubectl auth "
         "can-i` sends.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec", "The action asked about."),
             object("status", kAccessStatus, "The answer, filled in by the server."),
         },
         "authorization.k8s.io", "v1", "SelfSubjectAccessReview"},
        {"io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec",
         "The action asked about: set exactly one of the two.",
         {
             object("nonResourceAttributes", kNonResourceAttributes, "An action on a URL that is not an API object."),
             object("resourceAttributes", kResourceAttributes, "An action on API objects."),
         }},
        {kResourceAttributes,
         "An action on API objects; \"*\" stands for all, an empty namespace or name for any.",
         {
             object("fieldSelector", kFieldSelectorAttributes, "Only objects matching this field selector."),
             str("group", "The API group (\"\" for core)."),
             object("labelSelector", kLabelSelectorAttributes, "Only objects matching this label selector."),
             str("name", "One object's name; empty for any."),
             str("namespace", "The namespace; empty for all namespaces or a cluster-scoped resource."),
             str("resource", "The resource, e.g. pods."),
             str("subresource", "The subresource, e.g. log; empty for none."),
             str("verb", "The verb, e.g. get, list, create, delete."),
             str("version", "The API version."),
         }},
        {kFieldSelectorAttributes,
         "A field selector limiting the objects the action applies to.",
         {
             str("rawSelector", "The selector as text, e.g. spec.nodeName=n1."),
             list("requirements", kFieldSelectorRequirement, "The selector already split into requirements."),
         }},
        {kFieldSelectorRequirement,
         "One condition on a field.",
         {
             str("key", "The field path."),
             str("operator", "In, NotIn, Exists or DoesNotExist."),
             strings("values", "The values for In and NotIn."),
         }},
        {kLabelSelectorAttributes,
         "A label selector limiting the objects the action applies to.",
         {
             str("rawSelector", "The selector as text, e.g. app=web."),
             list("requirements", kLabelSelectorRequirement, "The selector already split into requirements."),
         }},
        {kNonResourceAttributes,
         "An action on a URL that is not an API object (/healthz, /metrics).",
         {
             str("path", "The URL path."),
             str("verb", "The HTTP verb in lower case, e.g. get."),
         }},
        {kAccessStatus,
         "Whether the action is allowed, and why.",
         {
             boolean("allowed", "True when the action is allowed."),
             boolean("denied", "True when an authorizer refused outright (allowed is then false)."),
             str("evaluationError", "What went wrong while deciding, if anything."),
             str("reason", "Why the authorizer decided as it did."),
         }},
        // ---- authorization.k8s.io/v1 SelfSubjectRulesReview ----
        {"io.k8s.api.authorization.v1.SelfSubjectRulesReview",
         "Asks for everything the caller may do in a namespace. What `kubectl auth can-i --list` sends.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.authorization.v1.SelfSubjectRulesReviewSpec", "The namespace asked about."),
             object("status", kRulesStatus, "The rules, filled in by the server."),
         },
         "authorization.k8s.io", "v1", "SelfSubjectRulesReview"},
        {"io.k8s.api.authorization.v1.SelfSubjectRulesReviewSpec",
         "The namespace asked about.",
         {
             str("namespace", "The namespace whose rules to list."),
         }},
        {kRulesStatus,
         "What the caller may do.",
         {
             str("evaluationError", "What went wrong while listing, if anything."),
             boolean("incomplete", "True when some authorizer could not list its rules."),
             list("nonResourceRules", "io.k8s.api.authorization.v1.NonResourceRule", "Allowed actions on URLs."),
             list("resourceRules", "io.k8s.api.authorization.v1.ResourceRule", "Allowed actions on API objects."),
         }},
        {"io.k8s.api.authorization.v1.ResourceRule",
         "Verbs allowed on some resources.",
         {
             strings("apiGroups", "The API groups (\"*\" for all)."),
             strings("resourceNames", "Only these objects; empty for all."),
             strings("resources", "The resources (\"*\" for all)."),
             strings("verbs", "The verbs (\"*\" for all)."),
         }},
        {"io.k8s.api.authorization.v1.NonResourceRule",
         "Verbs allowed on some URLs.",
         {
             strings("nonResourceURLs", "The URL paths; a trailing * matches a prefix."),
             strings("verbs", "The verbs (\"*\" for all)."),
         }},
        // ---- authentication.k8s.io/v1 SelfSubjectReview ----
        {"io.k8s.api.authentication.v1.SelfSubjectReview",
         "Asks who the server takes the caller to be. What `kubectl auth whoami` sends.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("status", "io.k8s.api.authentication.v1.SelfSubjectReviewStatus", "The answer, filled in by the server."),
         },
         "authentication.k8s.io", "v1", "SelfSubjectReview"},
        {"io.k8s.api.authentication.v1.SelfSubjectReviewStatus",
         "Who the caller is.",
         {
             object("userInfo", kUserInfo, "The user and groups the request was authenticated as."),
         }},
        // ---- authentication.k8s.io/v1 TokenRequest (serviceaccounts/<name>/token) ----
        {"io.k8s.api.authentication.v1.TokenRequest",
         "Asks for a token of a service account: what `kubectl create token` sends to serviceaccounts/<name>/token.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.authentication.v1.TokenRequestSpec", "What the token is for and how long it lasts."),
             object("status", "io.k8s.api.authentication.v1.TokenRequestStatus", "The token, filled in by the server."),
         },
         "authentication.k8s.io", "v1", "TokenRequest"},
        {"io.k8s.api.authentication.v1.TokenRequestSpec",
         "What a requested token is for.",
         {
             strings("audiences", "Who the token is meant for (its aud claim); the API server's own when empty."),
             object("boundObjectRef", "io.k8s.api.authentication.v1.BoundObjectReference",
                    "A Pod or Secret the token is tied to: it is valid only while that object exists."),
             integer("expirationSeconds", "How long the token is valid: at least 600 seconds, 3600 unless asked."),
         }},
        {"io.k8s.api.authentication.v1.BoundObjectReference",
         "The object a token is bound to.",
         {
             str("apiVersion", "The object's API group and version."),
             str("kind", "Pod or Secret."),
             str("name", "The object's name, in the service account's namespace."),
             str("uid", "The object's uid, so a new object of the same name does not keep the token alive."),
         }},
        {"io.k8s.api.authentication.v1.TokenRequestStatus",
         "The token the server issued.",
         {
             timestamp("expirationTimestamp", "When the token stops being valid."),
             str("token", "The token: a JSON Web Token signed by the API server (its key set is at /openid/v1/jwks)."),
         }},
        {kUserInfo,
         "An authenticated user.",
         {
             freeForm("extra", "Further attributes from the authenticator, each a list of strings."),
             strings("groups", "The groups the user belongs to."),
             str("uid", "A unique id for the user, if the authenticator gives one."),
             str("username", "The user's name."),
         }},
    };
    return types;
}

} // namespace k8slab::apiserver::schema
