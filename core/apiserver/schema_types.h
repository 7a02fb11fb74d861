#pragma once

// The lab's type definitions of the built-in kinds, as data: one TypeDef per structure,
// named like upstream's OpenAPI schemas, each field with its JSON name, shape and a short
// description of our own. schema.cpp walks them (strict field validation) and turns them
// into OpenAPI v3 schemas (kubectl explain). Internal to core/apiserver.

#include <string_view>
#include <vector>

namespace k8slab::apiserver::schema {

/// The shape of a field's value.
enum class Type : unsigned char {
    String,      ///< text
    Integer,     ///< a whole number
    Number,      ///< a number with a fraction
    Boolean,     ///< true or false
    IntOrString, ///< 8080 or "http", 1 or "25%" (intstr.IntOrString)
    Quantity,    ///< "500m", "1Gi" or a plain number (resource.Quantity)
    Time,        ///< an RFC 3339 timestamp with seconds (meta/v1 Time)
    MicroTime,   ///< an RFC 3339 timestamp with microseconds (meta/v1 MicroTime)
    Object,      ///< the structure named by `ref`; free-form (anything goes) when `ref` is empty
    Array,       ///< a list of `item`
    Map,         ///< any string keys, each to an `item`
};

/// One field of a structure.
struct FieldDef {
    /// The JSON name, e.g. "containers".
    std::string_view name;
    /// The shape of the value.
    Type type;
    /// The element type of an Array or Map (unused otherwise).
    Type item;
    /// The schema name of the structure when `type` (or, for Array/Map, `item`) is Object.
    std::string_view ref;
    /// What the field means, for learners.
    std::string_view description;
};

/// A structure, or a top-level kind when `kind` is set.
struct TypeDef {
    /// The schema name, e.g. "io.k8s.api.core.v1.PodSpec".
    std::string_view name;
    /// What the structure is for.
    std::string_view description;
    /// Its fields.
    std::vector<FieldDef> fields;
    /// The API group of a top-level kind ("" for core).
    std::string_view group = {};
    /// The version of a top-level kind.
    std::string_view version = {};
    /// The kind, e.g. "Deployment"; empty for a structure that only appears inside others.
    std::string_view kind = {};
};

// Names of structures referenced from more than one file.
inline constexpr std::string_view kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
inline constexpr std::string_view kListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
inline constexpr std::string_view kLabelSelector = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector";
inline constexpr std::string_view kCondition = "io.k8s.apimachinery.pkg.apis.meta.v1.Condition";
inline constexpr std::string_view kObjectReference = "io.k8s.api.core.v1.ObjectReference";
inline constexpr std::string_view kLocalObjectReference = "io.k8s.api.core.v1.LocalObjectReference";
inline constexpr std::string_view kPodTemplateSpec = "io.k8s.api.core.v1.PodTemplateSpec";
inline constexpr std::string_view kPersistentVolumeClaim = "io.k8s.api.core.v1.PersistentVolumeClaim";
inline constexpr std::string_view kPersistentVolumeClaimSpec = "io.k8s.api.core.v1.PersistentVolumeClaimSpec";
inline constexpr std::string_view kResourceRequirements = "io.k8s.api.core.v1.ResourceRequirements";

// Field builders, so the tables read as one line per field.

/// A text field.
constexpr FieldDef str(std::string_view name, std::string_view description)
{
    return {name, Type::String, Type::String, {}, description};
}
/// A whole-number field.
constexpr FieldDef integer(std::string_view name, std::string_view description)
{
    return {name, Type::Integer, Type::Integer, {}, description};
}
/// A fractional-number field.
constexpr FieldDef number(std::string_view name, std::string_view description)
{
    return {name, Type::Number, Type::Number, {}, description};
}
/// A true/false field.
constexpr FieldDef boolean(std::string_view name, std::string_view description)
{
    return {name, Type::Boolean, Type::Boolean, {}, description};
}
/// A number-or-string field (ports, surge counts or percentages).
constexpr FieldDef intOrString(std::string_view name, std::string_view description)
{
    return {name, Type::IntOrString, Type::IntOrString, {}, description};
}
/// A resource quantity field.
constexpr FieldDef quantity(std::string_view name, std::string_view description)
{
    return {name, Type::Quantity, Type::Quantity, {}, description};
}
/// A timestamp field (seconds).
constexpr FieldDef timestamp(std::string_view name, std::string_view description)
{
    return {name, Type::Time, Type::Time, {}, description};
}
/// A timestamp field (microseconds).
constexpr FieldDef microTime(std::string_view name, std::string_view description)
{
    return {name, Type::MicroTime, Type::MicroTime, {}, description};
}
/// A field holding the named structure.
constexpr FieldDef object(std::string_view name, std::string_view ref, std::string_view description)
{
    return {name, Type::Object, Type::Object, ref, description};
}
/// A field that holds any JSON object; nothing below it is checked.
constexpr FieldDef freeForm(std::string_view name, std::string_view description)
{
    return {name, Type::Object, Type::Object, {}, description};
}
/// A list of the named structure.
constexpr FieldDef list(std::string_view name, std::string_view ref, std::string_view description)
{
    return {name, Type::Array, Type::Object, ref, description};
}
/// A list of scalars of one type.
constexpr FieldDef listOf(std::string_view name, Type item, std::string_view description)
{
    return {name, Type::Array, item, {}, description};
}
/// A list of strings.
constexpr FieldDef strings(std::string_view name, std::string_view description)
{
    return listOf(name, Type::String, description);
}
/// A map from any key to scalars of one type.
constexpr FieldDef mapOf(std::string_view name, Type item, std::string_view description)
{
    return {name, Type::Map, item, {}, description};
}
/// A map from any key to strings (labels, annotations, data, nodeSelector).
constexpr FieldDef stringMap(std::string_view name, std::string_view description)
{
    return mapOf(name, Type::String, description);
}
/// A map from resource names to quantities (requests, limits, capacity).
constexpr FieldDef quantityMap(std::string_view name, std::string_view description)
{
    return mapOf(name, Type::Quantity, description);
}

/// The apiVersion field every kind has.
constexpr FieldDef apiVersionField()
{
    return str("apiVersion", "The group and version of this object's schema, e.g. \"v1\" or \"apps/v1\".");
}
/// The kind field every kind has.
constexpr FieldDef kindField()
{
    return str("kind", "The type of this object, e.g. \"Pod\"; it selects the schema with apiVersion.");
}
/// The metadata field every persisted kind has.
constexpr FieldDef metadataField()
{
    return object("metadata", kObjectMeta, "Name, namespace, labels, annotations and server bookkeeping.");
}

/// apimachinery meta/v1: ObjectMeta, OwnerReference, ManagedFieldsEntry, LabelSelector, Condition, Status.
const std::vector<TypeDef> &metaTypes();
/// core/v1 Pod: its status, PodSpec and what it holds (affinity, tolerations, DNS, security).
const std::vector<TypeDef> &podTypes();
/// core/v1 containers: Container, probes, lifecycle hooks, env, ports, resources, SecurityContext.
const std::vector<TypeDef> &containerTypes();
/// core/v1 volumes and persistent volume claims.
const std::vector<TypeDef> &volumeTypes();
/// core/v1 kinds other than Pod: Service, Endpoints, ConfigMap, Secret, Node, Event, ...
const std::vector<TypeDef> &coreTypes();
/// apps/v1 and batch/v1 kinds.
const std::vector<TypeDef> &appsTypes();
/// autoscaling, policy, discovery.k8s.io, coordination.k8s.io and scheduling.k8s.io kinds.
const std::vector<TypeDef> &clusterTypes();
/// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding.
const std::vector<TypeDef> &rbacTypes();
/// The review kinds of authorization.k8s.io and authentication.k8s.io.
const std::vector<TypeDef> &authTypes();
/// Versions served from another version's storage (schema_versions.cpp).
const std::vector<TypeDef> &otherVersionTypes();

} // namespace k8slab::apiserver::schema
