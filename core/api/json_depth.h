#pragma once

#include <cstddef>
#include <string_view>

namespace k8slab::api {

/// The deepest nesting Kubernetes' JSON decoder accepts (Go's encoding/json and
/// sigs.k8s.io/json stop at 10000 levels of arrays and objects).
inline constexpr std::size_t kMaxJsonDepth = 10000;

/// How deeply arrays and objects nest in JSON text (0 for a scalar), counted without
/// parsing, so that text too deep for the recursive code that walks objects can be
/// refused before it is parsed. Brackets inside strings do not count; the text need not
/// be valid JSON.
std::size_t jsonNestingDepth(std::string_view text);

} // namespace k8slab::api
