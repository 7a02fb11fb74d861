#pragma once

// Internal to the table printers: the helpers their cell functions share, and the
// per-resource column/cell functions that table_printers.cpp lists in its one table.
// Not part of the API server's interface; include table_printers.h instead.

#include "core/apiserver/table_printers.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver::printers {

/// A JSON path such as {"status", "podIPs"}.
using Path = std::initializer_list<std::string_view>;

/// The value at `path`, or nullptr when a step is missing, null or not an object. Go's
/// printers read typed structs where a missing field is its zero value; these readers
/// give the same zero values for missing or mistyped JSON instead of throwing.
const api::Json *find(const api::Json &object, Path path);
/// The value, or an empty object for null (so a missing map reads as empty).
const api::Json &orEmpty(const api::Json *value);
/// The string at `path`, or "" (Go's zero value) when absent or not a string.
std::string text(const api::Json &object, Path path);
/// The integer at `path`, or `fallback` when absent or not a number.
std::int64_t integer(const api::Json &object, Path path, std::int64_t fallback = 0);
/// True only when the value at `path` is the boolean true.
bool flag(const api::Json &object, Path path);
/// The array at `path`, or an empty array.
const api::Json &list(const api::Json &object, Path path);
/// Members of the object or elements of the array at `path`; 0 when absent.
std::size_t count(const api::Json &object, Path path);
/// The RFC 3339 time at `path`; nullopt when absent or unparsable (Go's zero time).
std::optional<engine::TimePoint> timestamp(const api::Json &object, Path path);

/// metadata.name.
std::string objectName(const api::Json &object);
/// The AGE cell from metadata.creationTimestamp.
std::string age(const api::Json &object, engine::TimePoint now);

/// The `now` a row is printed at to be cached (tableRowTemplate): every time-dependent
/// cell is then a marker that appendRowCells() writes for the moment of each request.
inline constexpr engine::TimePoint kTemplateNow = engine::TimePoint::max();
/// api::ageCell(t, now) — or, printed at kTemplateNow, its marker.
std::string ageCell(std::optional<engine::TimePoint> t, engine::TimePoint now);
/// humanDuration(now - start) — or, printed at kTemplateNow, its marker.
std::string durationSince(engine::TimePoint start, engine::TimePoint now);
/// What a marker's body ("A<ns>" for an age, "D<ns>" for a duration) reads at `now`;
/// nothing when the body is not a marker's.
std::optional<std::string> fillTimeMarker(std::string_view body, engine::TimePoint now);
/// An int64 cell, as upstream appends int64(...) values.
api::Json integerCell(std::int64_t value);

/// A resource.Quantity or IntOrString as Go's String() prints it: strings as stored,
/// numbers in decimal, absent as `absent`.
std::string quantity(const api::Json *value, std::string_view absent = "<nil>");
/// labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty.
std::string formatLabels(const api::Json *labels);
/// metav1.LabelSelector rendered as labels.Selector.String(); nullopt for a selector
/// LabelSelectorAsSelector refuses (unknown operator, In without values, ...).
std::optional<std::string> selectorString(const api::Json *selector);
/// metav1.FormatLabelSelector: the selector string, "<none>" when empty, "<error>" when invalid.
std::string formatLabelSelector(const api::Json *selector);
/// Comma-joined container names and images (layoutContainerCells).
struct ContainerCells {
    std::string names;
    std::string images;
};
ContainerCells containerCells(const api::Json &containers);
/// ASCII lower-casing (kinds and resource names are ASCII; no locale involved).
std::string toLower(std::string_view s);
/// `s`, or "<none>" when it is empty, as upstream's printers write absent values.
std::string orNone(std::string s);
/// strings.Join.
std::string join(const std::vector<std::string> &parts, std::string_view separator);

/// metav1.ObjectMeta's swagger text for name and creationTimestamp, the descriptions
/// upstream gives its Name and Age columns.
extern const char *const kNameDescription;
extern const char *const kAgeDescription;
/// Description upstream gives the wide CONTAINERS / IMAGES columns.
extern const char *const kContainersDescription;
extern const char *const kImagesDescription;

/// A column; `type` is "string" unless given.
ColumnDefinition column(std::string name, std::string type, std::string description, int priority = 0);
/// The NAME column every printer starts with (format "name").
ColumnDefinition nameColumn();
/// The AGE column (a string computed by the server).
ColumnDefinition ageColumn();

// One pair per printer: its columns (a static list) and its row cells. Declared here
// so table_printers.cpp can list them in its single resource → printer table.
#define K8SLAB_DECLARE_PRINTER(prefix)                                                                            \
    const std::vector<ColumnDefinition> &prefix##Columns();                                                       \
    api::Json prefix##Cells(const api::Json &object, engine::TimePoint now)

// table_printers_core.cpp
K8SLAB_DECLARE_PRINTER(pod);
K8SLAB_DECLARE_PRINTER(node);
K8SLAB_DECLARE_PRINTER(service);
K8SLAB_DECLARE_PRINTER(endpoints);
K8SLAB_DECLARE_PRINTER(endpointSlice);
K8SLAB_DECLARE_PRINTER(event);
K8SLAB_DECLARE_PRINTER(namespaceObject);
K8SLAB_DECLARE_PRINTER(configMap);
K8SLAB_DECLARE_PRINTER(secret);
K8SLAB_DECLARE_PRINTER(serviceAccount);
K8SLAB_DECLARE_PRINTER(resourceQuota);
K8SLAB_DECLARE_PRINTER(lease);
K8SLAB_DECLARE_PRINTER(createdAt);
K8SLAB_DECLARE_PRINTER(defaultNameAge);

// table_printers_workloads.cpp
K8SLAB_DECLARE_PRINTER(deployment);
K8SLAB_DECLARE_PRINTER(replicaSet);
K8SLAB_DECLARE_PRINTER(replicationController);
K8SLAB_DECLARE_PRINTER(daemonSet);
K8SLAB_DECLARE_PRINTER(statefulSet);
K8SLAB_DECLARE_PRINTER(job);
K8SLAB_DECLARE_PRINTER(cronJob);
K8SLAB_DECLARE_PRINTER(controllerRevision);
K8SLAB_DECLARE_PRINTER(horizontalPodAutoscaler);
K8SLAB_DECLARE_PRINTER(podDisruptionBudget);
K8SLAB_DECLARE_PRINTER(priorityClass);
K8SLAB_DECLARE_PRINTER(apiService);
K8SLAB_DECLARE_PRINTER(roleBinding);
K8SLAB_DECLARE_PRINTER(clusterRoleBinding);
K8SLAB_DECLARE_PRINTER(scale);

#undef K8SLAB_DECLARE_PRINTER

} // namespace k8slab::apiserver::printers
