#pragma once

#include "core/api/json.h"
#include "core/engine/time.h"

#include <string>
#include <string_view>
#include <vector>

namespace k8slab::apiserver {

/// One column of a meta.k8s.io/v1 Table, as upstream's printers define it.
struct ColumnDefinition {
    /// Header text, e.g. "Nominated Node" (kubectl upper-cases it).
    std::string name;
    /// "string", "integer", "number", "boolean" or "date".
    std::string type;
    /// "name" for the NAME column, else empty.
    std::string format;
    /// What the column shows.
    std::string description;
    /// 0: always shown; 1: only with -o wide.
    int priority = 0;
};

/// The columns upstream v1.32 prints for a resource (its plural name, e.g. "pods",
/// "deployments", "events"); resources without a printer get Name and Age
/// (and "scale" gets the Scale printer's columns).
const std::vector<ColumnDefinition> &tableColumns(std::string_view resource);

/// The cells of one object's row, aligned with tableColumns(resource), computed as
/// upstream's printers compute them (the pod STATUS/READY/RESTARTS algorithm, AGE
/// via humanDuration against `now`, `<none>` where upstream prints it, ...).
api::Json tableCells(std::string_view resource, const api::Json &object, engine::TimePoint now);

/// The cells of one object's row as JSON text in which every part that depends on the
/// time (AGE, the pod's "(5m ago)", an event's LAST SEEN, a running Job's DURATION) is
/// left as a marker: what a list caches per object revision, so a Table of 10,000 pods
/// does not walk 10,000 objects again (appendRowCells fills the markers in).
std::string tableRowTemplate(std::string_view resource, const api::Json &object);

/// Appends `rowTemplate` to `out` with its time markers written as at `now`: the same
/// text as tableCells(resource, object, now).dump().
void appendRowCells(std::string &out, std::string_view rowTemplate, engine::TimePoint now);

} // namespace k8slab::apiserver
