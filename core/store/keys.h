#pragma once

#include "core/base/status.h"

#include <string>
#include <string_view>

namespace k8slab::store {

/// The root every key lives under: /registry/<resource>/<namespace>/<name>.
inline constexpr std::string_view kKeyRoot = "/registry/";

/// Checks that `key` names one object inside the keyspace: it starts with /registry/,
/// has non-empty segments without "." or "..", no trailing slash, and only printable
/// characters. Returns an Invalid status with a field cause "key" otherwise.
Status validateKey(std::string_view key);
/// Checks that `prefix` selects a part of the keyspace: starts with /registry/ and
/// ends with a slash (so "/registry/pods/" never matches "/registry/podsecurity/...").
Status validatePrefix(std::string_view prefix);
/// The smallest string greater than every string starting with `prefix`.
std::string prefixEnd(std::string_view prefix);

} // namespace k8slab::store
