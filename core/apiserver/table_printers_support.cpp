#include "core/apiserver/table_printers_support.h"

#include "core/api/time_format.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace k8slab::apiserver::printers {

const char *const kNameDescription =
    "Name must be unique within a namespace. Is required when creating resources, although some resources may "
    "allow a client to request the generation of a name automatically. Name is primarily intended for creation "
    "idempotence and configuration definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const char *const kAgeDescription =
    "CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
    "guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It "
    "is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More "
    "info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const char *const kContainersDescription = "Names of each container in the template.";
const char *const kImagesDescription = "Images referenced by each container in the template.";

const api::Json *find(const api::Json &object, Path path)
{
    const api::Json *current = &object;
    for (std::string_view key : path) {
        if (!current->is_object())
            return nullptr;
        const auto it = current->find(key); // heterogeneous lookup: no string built per step
        if (it == current->end() || it->is_null())
            return nullptr;
        current = &*it;
    }
    return current;
}

std::string text(const api::Json &object, Path path)
{
    const api::Json *value = find(object, path);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

std::int64_t integer(const api::Json &object, Path path, std::int64_t fallback)
{
    const api::Json *value = find(object, path);
    if (!value)
        return fallback;
    if (value->is_number_integer())
        return value->get<std::int64_t>();
    if (value->is_number_float())
        return static_cast<std::int64_t>(value->get<double>());
    return fallback;
}

bool flag(const api::Json &object, Path path)
{
    const api::Json *value = find(object, path);
    return value && value->is_boolean() && value->get<bool>();
}

const api::Json &list(const api::Json &object, Path path)
{
    static const api::Json kEmpty = api::Json::array();
    const api::Json *value = find(object, path);
    return value && value->is_array() ? *value : kEmpty;
}

std::size_t count(const api::Json &object, Path path)
{
    const api::Json *value = find(object, path);
    return value && (value->is_object() || value->is_array()) ? value->size() : 0;
}

std::optional<engine::TimePoint> timestamp(const api::Json &object, Path path)
{
    const api::Json *value = find(object, path);
    if (!value || !value->is_string())
        return std::nullopt;
    return api::parseTime(value->get_ref<const std::string &>());
}

std::string objectName(const api::Json &object)
{
    return text(object, {"metadata", "name"});
}

std::string age(const api::Json &object, engine::TimePoint now)
{
    return ageCell(timestamp(object, {"metadata", "creationTimestamp"}), now);
}

namespace {

std::string marker(char kind, engine::TimePoint t)
{
    return std::string("\x01") + kind + std::to_string(engine::toNanos(t)) + '\x01';
}

} // namespace

std::string ageCell(std::optional<engine::TimePoint> t, engine::TimePoint now)
{
    if (now == kTemplateNow && t)
        return marker('A', *t);
    return api::ageCell(t, now);
}

std::string durationSince(engine::TimePoint start, engine::TimePoint now)
{
    if (now == kTemplateNow)
        return marker('D', start);
    return api::humanDuration(now - start);
}

std::optional<std::string> fillTimeMarker(std::string_view body, engine::TimePoint now)
{
    // A kind letter, an optional sign and the nanoseconds (19 digits today).
    if (body.size() < 2 || (body[0] != 'A' && body[0] != 'D') || body.size() > 21)
        return std::nullopt;
    std::int64_t nanos = 0;
    bool negative = false;
    for (std::size_t i = 1; i < body.size(); ++i) {
        if (i == 1 && body[i] == '-') {
            negative = true;
            continue;
        }
        const int digit = body[i] - '0';
        if (digit < 0 || digit > 9 || nanos > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
            return std::nullopt; // not a digit, or more than a time point holds
        nanos = nanos * 10 + digit;
    }
    const engine::TimePoint t{engine::Duration(negative ? -nanos : nanos)};
    return body[0] == 'A' ? api::ageCell(t, now) : api::humanDuration(now - t);
}

api::Json integerCell(std::int64_t value)
{
    return api::Json(value);
}

std::string quantity(const api::Json *value, std::string_view absent)
{
    if (!value)
        return std::string(absent);
    if (value->is_string())
        return value->get<std::string>();
    if (value->is_number_integer())
        return std::to_string(value->get<std::int64_t>());
    if (value->is_number_float()) {
        // A bare JSON number is a quantity in base units; Go canonicalises fractions to milli-units.
        const double d = value->get<double>();
        if (d == std::floor(d))
            return std::to_string(static_cast<std::int64_t>(d));
        return std::to_string(static_cast<std::int64_t>(std::llround(d * 1000))) + "m";
    }
    return std::string(absent);
}

std::string formatLabels(const api::Json *labels)
{
    // nlohmann::json keeps object members sorted by key, as labels.Set.String() sorts them.
    std::string out;
    if (labels && labels->is_object()) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
            if (!out.empty())
                out += ',';
            out += it.key();
            out += '=';
            out += it->is_string() ? it->get<std::string>() : std::string();
        }
    }
    return out.empty() ? "<none>" : out;
}

namespace {

struct Requirement {
    std::string key;
    std::string op; // "=", " in ", " notin ", "" (exists), "!" (does not exist)
    std::vector<std::string> values;

    std::string toString() const
    {
        if (op == "!")
            return "!" + key;
        if (op.empty())
            return key;
        std::vector<std::string> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        const bool set = op != "=";
        return key + op + (set ? "(" : "") + join(sorted, ",") + (set ? ")" : "");
    }
};

} // namespace

std::optional<std::string> selectorString(const api::Json *selector)
{
    if (!selector || !selector->is_object())
        return std::string(); // nil selects nothing, empty selects everything: both print as ""
    std::vector<Requirement> requirements;
    if (const api::Json *matchLabels = find(*selector, {"matchLabels"}); matchLabels && matchLabels->is_object()) {
        for (auto it = matchLabels->begin(); it != matchLabels->end(); ++it)
            requirements.push_back({it.key(), "=", {it->is_string() ? it->get<std::string>() : std::string()}});
    }
    for (const api::Json &expression : list(*selector, {"matchExpressions"})) {
        Requirement r;
        r.key = text(expression, {"key"});
        for (const api::Json &v : list(expression, {"values"}))
            r.values.push_back(v.is_string() ? v.get<std::string>() : std::string());
        const std::string op = text(expression, {"operator"});
        if (op == "In" || op == "NotIn") {
            if (r.values.empty())
                return std::nullopt;
            r.op = op == "In" ? " in " : " notin ";
        } else if (op == "Exists" || op == "DoesNotExist") {
            if (!r.values.empty())
                return std::nullopt;
            r.op = op == "Exists" ? "" : "!";
        } else {
            return std::nullopt;
        }
        requirements.push_back(std::move(r));
    }
    // labels.Selector.Add sorts requirements by key.
    std::stable_sort(requirements.begin(), requirements.end(),
                     [](const Requirement &a, const Requirement &b) { return a.key < b.key; });
    std::vector<std::string> parts;
    parts.reserve(requirements.size());
    for (const Requirement &r : requirements)
        parts.push_back(r.toString());
    return join(parts, ",");
}

std::string formatLabelSelector(const api::Json *selector)
{
    const std::optional<std::string> s = selectorString(selector);
    if (!s)
        return "<error>";
    return s->empty() ? "<none>" : *s;
}

ContainerCells containerCells(const api::Json &containers)
{
    ContainerCells cells;
    if (!containers.is_array())
        return cells;
    bool first = true;
    for (const api::Json &container : containers) {
        if (!first) {
            cells.names += ',';
            cells.images += ',';
        }
        first = false;
        cells.names += text(container, {"name"});
        cells.images += text(container, {"image"});
    }
    return cells;
}

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string join(const std::vector<std::string> &parts, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            out += separator;
        out += parts[i];
    }
    return out;
}

ColumnDefinition column(std::string name, std::string type, std::string description, int priority)
{
    return ColumnDefinition{std::move(name), std::move(type), std::string(), std::move(description), priority};
}

ColumnDefinition nameColumn()
{
    return ColumnDefinition{"Name", "string", "name", kNameDescription, 0};
}

ColumnDefinition ageColumn()
{
    return column("Age", "string", kAgeDescription);
}

// Upstream prints "<none>" for absent values.
std::string orNone(std::string s)
{
    return s.empty() ? "<none>" : s;
}

const api::Json &orEmpty(const api::Json *value)
{
    static const api::Json kEmpty = api::Json::object();
    return value ? *value : kEmpty;
}

} // namespace k8slab::apiserver::printers
