#pragma once

// The field causes validation reports, worded as upstream's field.Error values print,
// and the per-kind checks validation.cpp's table calls from other files
// (validation_rbac.cpp). Internal to core/apiserver.

#include "core/api/json.h"
#include "core/base/status.h"

#include <string>
#include <vector>

namespace k8slab::apiserver {

/// "Required value" at `field`, with upstream's detail when it gives one.
inline StatusCause required(std::string field, const std::string &detail = {})
{
    return {std::move(field), "FieldValueRequired", detail.empty() ? "Required value" : "Required value: " + detail};
}

/// "Invalid value: <value>: <why>" at `field`.
inline StatusCause invalid(std::string field, const api::Json &value, const std::string &why)
{
    return {std::move(field), "FieldValueInvalid", "Invalid value: " + value.dump() + ": " + why};
}

/// "Unsupported value: <value>: supported values: "a", "b"" at `field`.
inline StatusCause notSupported(std::string field, const api::Json &value, const std::vector<std::string> &allowed)
{
    std::string list;
    for (std::size_t i = 0; i < allowed.size(); ++i)
        list += (i ? ", " : "") + ("\"" + allowed[i] + "\"");
    return {std::move(field), "FieldValueNotSupported", "Unsupported value: " + value.dump() + ": supported values: " + list};
}

/// A Role's or ClusterRole's rules (`namespaced`: a Role, which may not name URLs).
void validateRules(const api::Json &role, bool namespaced, std::vector<StatusCause> &causes);
/// A Deployment's (or, with `daemonSet`, a DaemonSet's) maxSurge and maxUnavailable.
void validateRollingUpdate(const api::Json &object, bool daemonSet, std::vector<StatusCause> &causes);
/// A Job's counts and restart policy (OnFailure or Never).
void validateJob(const api::Json &job, std::vector<StatusCause> &causes);
/// A CronJob's name length, schedule, time zone, policies and Job template.
void validateCronJob(const api::Json &cronJob, std::vector<StatusCause> &causes);
/// A RoleBinding's or ClusterRoleBinding's roleRef and subjects.
void validateBinding(const api::Json &binding, bool namespaced, std::vector<StatusCause> &causes);

} // namespace k8slab::apiserver
