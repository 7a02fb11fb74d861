#include "core/api/jsonpath.h"

#include <cctype>

namespace k8slab::api {

namespace {

Status bad(std::string_view text, std::size_t at, const std::string &what)
{
    return Status(StatusCode::BadRequest,
                  "JSONPath \"" + std::string(text) + "\" at " + std::to_string(at) + ": " + what);
}

bool fieldChar(char c)
{
    // kubectl's parser reads a field up to a terminator, so keys like "app.kubernetes.io/name" (dots escaped) work.
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/';
}

// A field that a filter tests, by a dotted path from @.
const Json *walk(const Json &value, const std::string &dotted)
{
    const Json *at = &value;
    std::size_t start = 0;
    while (start <= dotted.size()) {
        const std::size_t dot = dotted.find('.', start);
        const std::string key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!at->is_object())
            return nullptr;
        const auto it = at->find(key);
        if (it == at->end())
            return nullptr;
        at = &*it;
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return at;
}

} // namespace

JsonPath::Segment JsonPath::segment(Segment::Type type, std::string field, long index)
{
    Segment made;
    made.type = type;
    made.field = std::move(field);
    made.index = index;
    return made;
}

Result<JsonPath> JsonPath::parse(std::string_view text)
{
    JsonPath path;
    path.m_text = std::string(text);
    std::string_view s = text;
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    if (s.size() >= 2 && s.front() == '{' && s.back() == '}')
        s = s.substr(1, s.size() - 2);
    if (!s.empty() && s.front() == '$')
        s.remove_prefix(1);
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '.') {
            ++i;
            if (i < s.size() && s[i] == '*') {
                path.m_segments.push_back(segment(Segment::Type::All));
                ++i;
                continue;
            }
            // A field name; a backslash takes the next character as it is, as kubectl's
            // JSONPath reads {.metadata.annotations.kubernetes\.io/config\.mirror}.
            const std::size_t start = i;
            std::string name;
            while (i < s.size() && (fieldChar(s[i]) || s[i] == '\\')) {
                if (s[i] == '\\') {
                    if (i + 1 >= s.size())
                        return bad(text, i, "'\\' escapes nothing");
                    ++i;
                }
                name += s[i++];
            }
            if (i == start) {
                if (i == s.size() && path.m_segments.empty())
                    break; // "." alone: the whole document
                return bad(text, i, "a field name is expected after '.'");
            }
            path.m_segments.push_back(segment(Segment::Type::Field, name));
        } else if (s[i] == '[') {
            const std::size_t close = s.find(']', i);
            if (close == std::string_view::npos)
                return bad(text, i, "'[' is never closed");
            std::string_view inside = s.substr(i + 1, close - i - 1);
            if (inside == "*") {
                path.m_segments.push_back(segment(Segment::Type::All));
            } else if (inside.size() >= 2 && (inside.front() == '\'' || inside.front() == '"') &&
                       inside.back() == inside.front()) {
                path.m_segments.push_back(segment(Segment::Type::Field, std::string(inside.substr(1, inside.size() - 2))));
            } else if (inside.starts_with("?(@.") && inside.ends_with(")")) {
                std::string_view expr = inside.substr(4, inside.size() - 5);
                Segment filter = segment(Segment::Type::Filter);
                std::size_t op = expr.find("==");
                filter.filterEquals = true;
                if (op == std::string_view::npos) {
                    op = expr.find("!=");
                    filter.filterEquals = false;
                }
                if (op == std::string_view::npos) {
                    filter.filterExists = true;
                    filter.field = std::string(expr);
                } else {
                    filter.field = std::string(expr.substr(0, op));
                    std::string_view literal = expr.substr(op + 2);
                    while (!filter.field.empty() && filter.field.back() == ' ')
                        filter.field.pop_back();
                    while (!literal.empty() && literal.front() == ' ')
                        literal.remove_prefix(1);
                    if (literal.size() >= 2 && (literal.front() == '"' || literal.front() == '\'') &&
                        literal.back() == literal.front()) {
                        filter.filterValue = std::string(literal.substr(1, literal.size() - 2));
                    } else {
                        filter.filterValue = Json::parse(literal, nullptr, false);
                        if (filter.filterValue.is_discarded())
                            return bad(text, i, "the filter compares with \"" + std::string(literal) +
                                                    "\", which is neither a quoted string nor a number");
                    }
                }
                if (filter.field.empty())
                    return bad(text, i, "the filter names no field");
                path.m_segments.push_back(std::move(filter));
            } else {
                char *end = nullptr;
                const std::string number(inside);
                const long index = std::strtol(number.c_str(), &end, 10);
                if (number.empty() || !end || *end != '\0')
                    return bad(text, i, "'[" + number + "]' is not an index, '*', a quoted key or a filter");
                path.m_segments.push_back(segment(Segment::Type::Index, {}, index));
            }
            i = close + 1;
        } else {
            return bad(text, i, std::string("unexpected '") + s[i] + "'");
        }
    }
    return path;
}

std::vector<Json> JsonPath::select(const Json &document) const
{
    std::vector<const Json *> current = {&document};
    for (const Segment &segment : m_segments) {
        std::vector<const Json *> next;
        for (const Json *value : current) {
            switch (segment.type) {
            case Segment::Type::Field:
                if (value->is_object())
                    if (const auto it = value->find(segment.field); it != value->end())
                        next.push_back(&*it);
                break;
            case Segment::Type::Index:
                if (value->is_array()) {
                    const long size = static_cast<long>(value->size());
                    const long at = segment.index < 0 ? size + segment.index : segment.index;
                    if (at >= 0 && at < size)
                        next.push_back(&(*value)[static_cast<std::size_t>(at)]);
                }
                break;
            case Segment::Type::All:
                if (value->is_array() || value->is_object())
                    for (const Json &element : *value)
                        next.push_back(&element);
                break;
            case Segment::Type::Filter:
                if (value->is_array())
                    for (const Json &element : *value) {
                        const Json *field = walk(element, segment.field);
                        const bool keep = segment.filterExists ? field != nullptr
                                                               : (field && *field == segment.filterValue) == segment.filterEquals;
                        if (keep)
                            next.push_back(&element);
                    }
                break;
            }
        }
        current = std::move(next);
    }
    std::vector<Json> values;
    values.reserve(current.size());
    for (const Json *value : current)
        values.push_back(*value);
    return values;
}

std::string jsonPathText(const std::vector<Json> &values)
{
    std::string text;
    for (const Json &value : values) {
        if (!text.empty())
            text += ' ';
        text += value.is_string() ? value.get<std::string>() : value.dump();
    }
    return text;
}

} // namespace k8slab::api
