// Strict field checking and OpenAPI v3 schemas, both derived from the lab's type
// definitions (schema_*.cpp), so that what `kubectl explain` shows and what the server
// accepts can never disagree.
#include "core/apiserver/schema.h"

#include "core/api/quantity.h"
#include "core/apiserver/resource_registry.h"
#include "core/apiserver/schema_lookup.h"
#include "core/apiserver/schema_types.h"

#include <cstdlib>
#include <optional>
#include <set>

namespace k8slab::apiserver {

using api::Json;
using schema::FieldDef;
using schema::Type;
using schema::TypeDef;
using schema::findField;
using schema::findKind;
using schema::findType;

namespace {

// The leaf types upstream names as schemas of their own; they hold no fields.
constexpr std::string_view kTime = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
constexpr std::string_view kMicroTime = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
constexpr std::string_view kQuantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
constexpr std::string_view kIntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

// ---- strict field checking --------------------------------------------------------

void walkObject(const TypeDef &type, const Json &object, const std::string &path, std::vector<std::string> &unknown);

// Descends into a known field's value when it holds structures. Values of the wrong JSON
// type are left for decoding to reject: this only looks for unknown names.
void walkValue(const FieldDef &field, const Json &value, const std::string &path, std::vector<std::string> &unknown)
{
    const bool holdsStructures = field.type == Type::Object || field.item == Type::Object;
    if (!holdsStructures || field.ref.empty())
        return; // scalars, maps of scalars and free-form objects accept anything below
    const TypeDef *type = findType(field.ref);
    if (!type)
        return;
    if (field.type == Type::Object) {
        if (value.is_object())
            walkObject(*type, value, path, unknown);
    } else if (field.type == Type::Array) {
        if (!value.is_array())
            return;
        for (std::size_t i = 0; i < value.size(); ++i)
            if (value[i].is_object())
                walkObject(*type, value[i], path + "[" + std::to_string(i) + "]", unknown);
    } else if (field.type == Type::Map && value.is_object()) {
        for (const auto &[key, element] : value.items())
            if (element.is_object())
                walkObject(*type, element, path + "[" + key + "]", unknown);
    }
}

void walkObject(const TypeDef &type, const Json &object, const std::string &path, std::vector<std::string> &unknown)
{
    for (const auto &[key, value] : object.items()) {
        std::string at = path.empty() ? key : path + "." + key;
        if (const FieldDef *field = findField(type, key))
            walkValue(*field, value, at, unknown);
        else
            unknown.push_back(std::move(at));
    }
}

// ---- type checking, as Go's decoder does ---------------------------------------------

// The Go type a field decodes into, as encoding/json names it in its errors.
std::string goType(Type type, std::string_view ref)
{
    switch (type) {
    case Type::String: return "string";
    case Type::Integer: return "int64";
    case Type::Number: return "float64";
    case Type::Boolean: return "bool";
    case Type::IntOrString: return "intstr.IntOrString";
    case Type::Quantity: return "resource.Quantity";
    case Type::Time:
    case Type::MicroTime: return "v1.Time";
    case Type::Object: {
        if (ref.empty())
            return "map[string]interface {}";
        // "io.k8s.api.core.v1.PodSpec" -> "v1.PodSpec"
        const auto last = ref.rfind('.');
        const auto previous = ref.rfind('.', last - 1);
        return std::string(ref.substr(previous + 1));
    }
    case Type::Array:
    case Type::Map: break;
    }
    return "interface {}";
}

std::string goType(const FieldDef &field)
{
    if (field.type == Type::Array)
        return "[]" + goType(field.item, field.ref);
    if (field.type == Type::Map)
        return "map[string]" + goType(field.item, field.ref);
    return goType(field.type, field.ref);
}

const char *jsonKind(const Json &value)
{
    return value.is_string() ? "string" : value.is_boolean() ? "bool" : value.is_array() ? "array"
                                       : value.is_object()    ? "object" : "number";
}

// Whether a value (not null) fits a scalar or structure type.
bool fits(Type type, std::string_view ref, const Json &value)
{
    switch (type) {
    case Type::String:
    case Type::Time:
    case Type::MicroTime: return value.is_string();
    case Type::Integer: return value.is_number_integer();
    case Type::Number: return value.is_number();
    case Type::Boolean: return value.is_boolean();
    case Type::IntOrString: return value.is_number_integer() || value.is_string();
    case Type::Quantity: return value.is_string() || value.is_number();
    case Type::Object: return value.is_object() || (ref.empty() && !value.is_null());
    case Type::Array: return value.is_array();
    case Type::Map: return value.is_object();
    }
    return false;
}

struct TypeProblem {
    std::string message;
};

std::optional<TypeProblem> checkObject(const TypeDef &type, std::string_view goName, Json &object, const std::string &path);

// One value of a field (an element when `type` is the field's item type). Null is a
// Go zero value and fits anything.
std::optional<TypeProblem> checkValue(const FieldDef &field, Type type, Json &value, const std::string &path,
                                      std::string_view structName)
{
    if (value.is_null())
        return std::nullopt;
    if (type == Type::Quantity && value.is_string() && !api::Quantity::parse(value.get<std::string>()).ok())
        return TypeProblem{"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"};
    if (!fits(type, field.ref, value)) {
        const std::string what = value.is_number() ? std::string("number ") + value.dump() : jsonKind(value);
        const std::string into = type == field.type ? goType(field) : goType(type, field.ref);
        return TypeProblem{"json: cannot unmarshal " + what + " into Go struct field " + std::string(structName) + "."
                           + path + " of type " + into};
    }
    if (type == Type::Object && !field.ref.empty())
        if (const TypeDef *inner = findType(field.ref))
            return checkObject(*inner, field.ref.substr(field.ref.rfind('.') + 1), value, path);
    return std::nullopt;
}

std::optional<TypeProblem> checkObject(const TypeDef &type, std::string_view goName, Json &object, const std::string &path)
{
    for (auto it = object.begin(); it != object.end();) {
        const FieldDef *field = findField(type, it.key());
        const std::string at = path.empty() ? it.key() : path + "." + it.key();
        if (!field) { // unknown fields are strict validation's business
            ++it;
            continue;
        }
        if (it.value().is_null()) {
            // A null structure, list or map decodes to nothing and is left out again; a null
            // scalar or Time stays (Go writes a zero Time back as null).
            const bool container = (field->type == Type::Object && !field->ref.empty()) || field->type == Type::Array
                                || field->type == Type::Map;
            if (container)
                it = object.erase(it);
            else
                ++it;
            continue;
        }
        if (auto problem = checkValue(*field, field->type, it.value(), at, goName))
            return problem;
        if (field->type == Type::Array || field->type == Type::Map)
            for (auto &element : it.value())
                if (auto problem = checkValue(*field, field->item, element, at, goName))
                    return problem;
        ++it;
    }
    return std::nullopt;
}

// ---- OpenAPI v3 -------------------------------------------------------------------

/// Collects the schema names a document needs, each once, in the order first reached.
class SchemaQueue {
public:
    void add(std::string_view name)
    {
        if (m_seen.insert(name).second)
            m_names.push_back(name);
    }
    [[nodiscard]] std::size_t size() const { return m_names.size(); }
    [[nodiscard]] std::string_view at(std::size_t i) const { return m_names[i]; }

private:
    std::set<std::string_view> m_seen;
    std::vector<std::string_view> m_names;
};

// Upstream wraps references in allOf so that the property keeps its own description
// (OpenAPI 3.0 ignores siblings of a bare $ref); kubectl explain follows both forms.
Json reference(std::string_view name, SchemaQueue &queue)
{
    queue.add(name);
    return {{"allOf", Json::array({{{"$ref", "#/components/schemas/" + std::string(name)}}})}};
}

Json valueSchema(Type type, std::string_view ref, SchemaQueue &queue)
{
    switch (type) {
    case Type::String:
        return {{"type", "string"}};
    case Type::Integer:
        return {{"type", "integer"}, {"format", "int64"}};
    case Type::Number:
        return {{"type", "number"}, {"format", "double"}};
    case Type::Boolean:
        return {{"type", "boolean"}};
    case Type::IntOrString:
        return reference(kIntOrString, queue);
    case Type::Quantity:
        return reference(kQuantity, queue);
    case Type::Time:
        return reference(kTime, queue);
    case Type::MicroTime:
        return reference(kMicroTime, queue);
    case Type::Object:
        if (ref.empty())
            return {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
        return reference(ref, queue);
    case Type::Array:
    case Type::Map:
        break; // the tables hold no lists of lists or maps of maps
    }
    return {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
}

Json fieldSchema(const FieldDef &field, SchemaQueue &queue)
{
    Json out;
    if (field.type == Type::Array)
        out = {{"type", "array"}, {"items", valueSchema(field.item, field.ref, queue)}};
    else if (field.type == Type::Map)
        out = {{"type", "object"}, {"additionalProperties", valueSchema(field.item, field.ref, queue)}};
    else
        out = valueSchema(field.type, field.ref, queue);
    out["description"] = field.description;
    return out;
}

Json typeSchema(const TypeDef &type, SchemaQueue &queue)
{
    Json properties = Json::object();
    for (const FieldDef &field : type.fields)
        properties[std::string(field.name)] = fieldSchema(field, queue);
    Json out = {{"description", type.description}, {"type", "object"}, {"properties", properties}};
    if (!type.kind.empty())
        out["x-kubernetes-group-version-kind"] =
            Json::array({{{"group", type.group}, {"kind", type.kind}, {"version", type.version}}});
    return out;
}

Json leafSchema(std::string_view name)
{
    if (name == kTime)
        return {{"type", "string"}, {"format", "date-time"},
                {"description", "A point in time, written in RFC 3339 form in UTC to the second, e.g. "
                                "\"2025-01-31T12:00:00Z\"."}};
    if (name == kMicroTime)
        return {{"type", "string"}, {"format", "date-time"},
                {"description", "A point in time to the microsecond, in RFC 3339 form, e.g. "
                                "\"2025-01-31T12:00:00.123456Z\"."}};
    if (name == kQuantity)
        return {{"oneOf", Json::array({{{"type", "string"}}, {{"type", "number"}}})},
                {"description", "An amount of a resource: a number, optionally with a suffix. \"m\" means "
                                "thousandths (500m CPU is half a core); k, M, G are powers of 1000 and Ki, Mi, Gi "
                                "powers of 1024 (256Mi of memory)."}};
    if (name == kIntOrString)
        return {{"format", "int-or-string"},
                {"oneOf", Json::array({{{"type", "integer"}}, {{"type", "string"}}})},
                {"description", "Either a whole number or a string: a port number or a port name, a count or a "
                                "percentage such as \"25%\"."}};
    return nullptr;
}

} // namespace

std::vector<std::string> unknownFields(std::string_view apiVersion, std::string_view kind, const Json &object)
{
    std::vector<std::string> unknown;
    if (const TypeDef *type = schema::findKind(apiVersion, kind); type && object.is_object())
        walkObject(*type, object, "", unknown);
    return unknown;
}

Status checkTypes(std::string_view apiVersion, std::string_view kind, Json &object)
{
    const std::size_t slash = apiVersion.find('/');
    const std::string_view version = slash == std::string_view::npos ? apiVersion : apiVersion.substr(slash + 1);
    const TypeDef *type = schema::findKind(apiVersion, kind);
    if (!type || !object.is_object())
        return {};
    if (std::optional<TypeProblem> problem = checkObject(*type, kind, object, ""))
        return Status(StatusCode::BadRequest, std::string(kind) + " in version \"" + std::string(version)
                                                  + "\" cannot be handled as a " + std::string(kind) + ": "
                                                  + problem->message);
    return {};
}

Json openApiSchemas(std::string_view group, std::string_view version)
{
    SchemaQueue queue;
    for (const TypeDef *type : schema::allKinds())
        if (type->group == group && type->version == version)
            queue.add(type->name);
    // Subresources may take a kind of another group (deployments/scale takes autoscaling/v1
    // Scale); upstream's document for the group/version holds that schema too.
    for (const ResourceInfo *info : builtinResources().resources(group, version)) {
        for (const SubresourceInfo &sub : info->subresources) {
            const std::string &subGroup = sub.group.empty() && sub.version.empty() ? info->group : sub.group;
            const std::string &subVersion = sub.version.empty() ? info->version : sub.version;
            if (const TypeDef *type = findKind(subGroup, subVersion, sub.kind.empty() ? info->kind : sub.kind))
                queue.add(type->name);
        }
    }
    Json schemas = Json::object();
    for (std::size_t i = 0; i < queue.size(); ++i) { // the queue grows as schemas reference others
        const std::string_view name = queue.at(i);
        if (const TypeDef *type = findType(name))
            schemas[std::string(name)] = typeSchema(*type, queue);
        else if (Json leaf = leafSchema(name); !leaf.is_null())
            schemas[std::string(name)] = std::move(leaf);
    }
    return schemas;
}

} // namespace k8slab::apiserver
