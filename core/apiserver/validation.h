#pragma once

#include "core/api/json.h"
#include "core/base/status.h"

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver {

/// Why a name is not a DNS-1123 subdomain, in upstream's words; empty when it is one.
std::string dnsSubdomainError(std::string_view name);
/// Why a name is not a DNS-1123 label, in upstream's words; empty when it is one.
std::string dnsLabelError(std::string_view name);

/// Validates an object of a kind the way upstream's validation does, returning the
/// field causes (field path, reason, "Required value" / "Invalid value: ..." message).
/// An empty result means valid.
std::vector<StatusCause> validateObject(std::string_view kind, const api::Json &object);

/// What upstream's update validation adds for a kind: fields that may not change once
/// set (a binding's roleRef). Empty when `next` may replace `old`.
std::vector<StatusCause> validateUpdate(std::string_view kind, const api::Json &old, const api::Json &next);

} // namespace k8slab::apiserver
