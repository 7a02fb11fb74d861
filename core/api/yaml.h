#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <string_view>
#include <vector>

namespace k8slab::api {

/// Parses one YAML document into JSON (plain scalars typed by YAML 1.2's core schema:
/// null, booleans, integers, floats; quoted scalars stay strings). Errors are
/// BadRequest naming the line and column.
Result<Json> parseYaml(std::string_view text);

/// Parses every document of a YAML stream ("---" separated); empty documents are skipped.
Result<std::vector<Json>> parseYamlDocuments(std::string_view text);

/// YAML of `value` as kubectl prints it: block style, keys sorted, empty maps and lists
/// as {} and [], strings quoted only where they would read back as another type (or
/// where YAML's syntax needs it), multi-line strings as literal blocks.
std::string toYaml(const Json &value);

} // namespace k8slab::api
