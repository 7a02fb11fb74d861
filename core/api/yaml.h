#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <optional>
#include <string_view>
#include <vector>

namespace k8slab::api {

/// Parses one YAML document into JSON (plain scalars typed by YAML 1.2's core schema:
/// null, booleans, integers, floats; quoted scalars stay strings). Errors are
/// BadRequest naming the line and column.
Result<Json> parseYaml(std::string_view text);

/// Parses every document of a YAML stream ("---" separated); empty documents are skipped.
Result<std::vector<Json>> parseYamlDocuments(std::string_view text);

/// The line (0-based, in the whole stream) where field `fieldPath` ("spec.containers[0].image",
/// as the API's field causes name it) is written in document `document` (0-based, empty
/// documents not counted) of `text`; the deepest part of the path that exists when the
/// field itself is missing (so a "Required value" points at its parent); nullopt when the
/// text does not parse.
std::optional<int> yamlLineOf(std::string_view text, std::size_t document, std::string_view fieldPath);

/// YAML of `value` as kubectl prints it: block style, keys sorted, empty maps and lists
/// as {} and [], strings quoted only where they would read back as another type (or
/// where YAML's syntax needs it), multi-line strings as literal blocks.
std::string toYaml(const Json &value);

} // namespace k8slab::api
