#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <string>
#include <vector>

namespace k8slab::apiserver {

struct ResourceInfo;

/// Who the lab's API server takes every caller to be. The lab has no authentication yet:
/// the kubeconfig it writes carries no credentials, and each request is served as this
/// cluster administrator (the user and groups a kubeadm cluster's admin.conf gives).
struct LabUser {
    std::string username;
    std::vector<std::string> groups;
};
const LabUser &labUser();

/// True for the create-only review kinds (SelfSubjectAccessReview, SelfSubjectRulesReview,
/// SelfSubjectReview): the API server answers them and stores nothing.
bool isAccessReview(const ResourceInfo &info);

/// The review `review` (the body the client posted, already checked to be of `info`'s kind)
/// answered as upstream's authorizer would answer the lab user, or Invalid with upstream's
/// field causes for a malformed spec. The lab has no RBAC yet: every access is allowed,
/// and the reason says so (kubectl prints only "yes"; the reason shows with -o yaml).
Result<api::Json> answerAccessReview(const ResourceInfo &info, api::Json review);

} // namespace k8slab::apiserver
