#include "core/apiserver/access_review.h"

#include "core/apiserver/object_io.h"
#include "core/apiserver/resource_registry.h"
#include "core/apiserver/status_response.h"

#include <utility>

namespace k8slab::apiserver {

namespace {

using api::Json;

constexpr const char *kAllowedReason =
    "allowed: the lab has no authorization yet, so its administrator may do everything";

// Upstream's ValidateSelfSubjectAccessReviewSpec: exactly one of the two attribute sets.
Result<Json> answerSelfAccess(Json review)
{
    const Json &spec = jsonAt(review, "spec");
    const bool resource = jsonAt(spec, "resourceAttributes").is_object();
    const bool nonResource = jsonAt(spec, "nonResourceAttributes").is_object();
    std::vector<StatusCause> causes;
    if (resource && nonResource)
        causes.push_back({"spec.nonResourceAttributes", "FieldValueInvalid",
                          "Invalid value: " + jsonAt(spec, "nonResourceAttributes").dump()
                              + ": cannot be specified in combination with resourceAttributes"});
    if (!resource && !nonResource)
        causes.push_back({"spec.resourceAttributes", "FieldValueInvalid",
                          "Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified"});
    if (!causes.empty())
        return invalidStatus("SelfSubjectAccessReview", "authorization.k8s.io", "", std::move(causes));
    review["status"] = {{"allowed", true}, {"reason", kAllowedReason}};
    return review;
}

// What an administrator bound to cluster-admin sees: every verb on everything.
Result<Json> answerSelfRules(Json review)
{
    review["status"] = {
        {"resourceRules", Json::array({{{"verbs", {"*"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}}})},
        {"nonResourceRules", Json::array({{{"verbs", {"*"}}, {"nonResourceURLs", {"*"}}}})},
        {"incomplete", false}};
    return review;
}

Result<Json> answerWhoAmI(Json review)
{
    const LabUser &user = labUser();
    review["status"] = {{"userInfo", {{"username", user.username}, {"groups", user.groups}}}};
    return review;
}

} // namespace

const LabUser &labUser()
{
    static const LabUser user{"kubernetes-admin", {"kubeadm:cluster-admins", "system:authenticated"}};
    return user;
}

bool isAccessReview(const ResourceInfo &info)
{
    return (info.group == "authorization.k8s.io"
            && (info.kind == "SelfSubjectAccessReview" || info.kind == "SelfSubjectRulesReview"))
        || (info.group == "authentication.k8s.io" && info.kind == "SelfSubjectReview");
}

Result<Json> answerAccessReview(const ResourceInfo &info, Json review)
{
    // Reviews are never stored: no name, uid or resourceVersion, as upstream answers.
    Json &meta = review["metadata"];
    if (!meta.is_object())
        meta = Json::object();
    meta["creationTimestamp"] = nullptr;
    if (info.kind == "SelfSubjectAccessReview")
        return answerSelfAccess(std::move(review));
    if (info.kind == "SelfSubjectRulesReview")
        return answerSelfRules(std::move(review));
    return answerWhoAmI(std::move(review));
}

} // namespace k8slab::apiserver
