#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::api {

/// The part of kubectl's JSONPath that names fields: `{.status.phase}`, `.spec.containers[0].image`,
/// `.items[*].metadata.name`, `.metadata.labels['app.kubernetes.io/name']`,
/// `.status.conditions[?(@.type=="Ready")].status` (filters compare with == or !=, or test
/// that a field exists). Braces and a leading `$` are optional.
class JsonPath {
public:
    /// Parses a path; BadRequest names the position of what is wrong.
    static Result<JsonPath> parse(std::string_view text);

    /// The values the path selects in `document`, in document order (none when a field is missing).
    [[nodiscard]] std::vector<Json> select(const Json &document) const;

    /// The path as written.
    [[nodiscard]] const std::string &text() const { return m_text; }

private:
    struct Segment {
        enum class Type { Field, Index, All, Filter } type = Type::Field;
        std::string field;            // Field; the filter's field path (dotted) for Filter
        long index = 0;               // Index (negative counts from the end)
        bool filterEquals = true;     // Filter: == (true) or != (false)
        bool filterExists = false;    // Filter: only tests that the field exists
        Json filterValue;             // Filter: the value compared with
    };

    static Segment segment(Segment::Type type, std::string field = {}, long index = 0);

    std::string m_text;
    std::vector<Segment> m_segments;
};

/// A selected value as kubectl prints it: strings bare, everything else as JSON; several
/// values separated by spaces.
std::string jsonPathText(const std::vector<Json> &values);

} // namespace k8slab::api
