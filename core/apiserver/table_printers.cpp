// The one table from resource to printer. Each printer is a column list and a cell
// function written next to each other in table_printers_core.cpp or
// table_printers_workloads.cpp; adding a printer is one more entry here.
#include "core/apiserver/table_printers.h"

#include "core/apiserver/table_printers_support.h"

#include <algorithm>
#include <array>

namespace k8slab::apiserver {

namespace {

using namespace printers;

struct Printer {
    std::string_view resource;
    const std::vector<ColumnDefinition> &(*columns)();
    api::Json (*cells)(const api::Json &object, engine::TimePoint now);
};

constexpr auto kPrinters = std::to_array<Printer>({
    // core/v1
    {"pods", podColumns, podCells},
    {"nodes", nodeColumns, nodeCells},
    {"services", serviceColumns, serviceCells},
    {"endpoints", endpointsColumns, endpointsCells},
    {"events", eventColumns, eventCells},
    {"namespaces", namespaceObjectColumns, namespaceObjectCells},
    {"configmaps", configMapColumns, configMapCells},
    {"secrets", secretColumns, secretCells},
    {"serviceaccounts", serviceAccountColumns, serviceAccountCells},
    {"replicationcontrollers", replicationControllerColumns, replicationControllerCells},
    {"resourcequotas", resourceQuotaColumns, resourceQuotaCells},
    {"limitranges", createdAtColumns, createdAtCells},
    // apps/v1
    {"deployments", deploymentColumns, deploymentCells},
    {"replicasets", replicaSetColumns, replicaSetCells},
    {"daemonsets", daemonSetColumns, daemonSetCells},
    {"statefulsets", statefulSetColumns, statefulSetCells},
    {"controllerrevisions", controllerRevisionColumns, controllerRevisionCells},
    // batch/v1
    {"jobs", jobColumns, jobCells},
    {"cronjobs", cronJobColumns, cronJobCells},
    // autoscaling, policy, scheduling
    {"horizontalpodautoscalers", horizontalPodAutoscalerColumns, horizontalPodAutoscalerCells},
    {"poddisruptionbudgets", podDisruptionBudgetColumns, podDisruptionBudgetCells},
    {"priorityclasses", priorityClassColumns, priorityClassCells},
    {"apiservices", apiServiceColumns, apiServiceCells},
    // discovery, coordination
    {"endpointslices", endpointSliceColumns, endpointSliceCells},
    {"leases", leaseColumns, leaseCells},
    // rbac.authorization.k8s.io/v1
    {"roles", createdAtColumns, createdAtCells},
    {"clusterroles", createdAtColumns, createdAtCells},
    {"rolebindings", roleBindingColumns, roleBindingCells},
    {"clusterrolebindings", clusterRoleBindingColumns, clusterRoleBindingCells},
    // autoscaling/v1 Scale, served by every …/scale subresource
    {"scale", scaleColumns, scaleCells},
});

constexpr Printer kDefaultPrinter{"", defaultNameAgeColumns, defaultNameAgeCells};

const Printer &printerFor(std::string_view resource)
{
    const auto it = std::find_if(kPrinters.begin(), kPrinters.end(),
                                 [resource](const Printer &p) { return p.resource == resource; });
    return it == kPrinters.end() ? kDefaultPrinter : *it;
}

} // namespace

const std::vector<ColumnDefinition> &tableColumns(std::string_view resource)
{
    return printerFor(resource).columns();
}

api::Json tableCells(std::string_view resource, const api::Json &object, engine::TimePoint now)
{
    return printerFor(resource).cells(object, now);
}

std::string tableRowTemplate(std::string_view resource, const api::Json &object)
{
    return printerFor(resource).cells(object, kTemplateNow).dump();
}

void appendRowCells(std::string &out, std::string_view rowTemplate, engine::TimePoint now)
{
    // A marker is "\u0001" A|D <nanoseconds since the epoch> "\u0001" once dumped as JSON.
    constexpr std::string_view kMark = "\\u0001";
    std::size_t at = 0;
    for (;;) {
        const std::size_t start = rowTemplate.find(kMark, at);
        if (start == std::string_view::npos)
            break;
        const std::size_t body = start + kMark.size();
        const std::size_t end = rowTemplate.find(kMark, body);
        const std::optional<std::string> filled =
            end == std::string_view::npos ? std::nullopt : fillTimeMarker(rowTemplate.substr(body, end - body), now);
        if (!filled) { // not one of ours: leave the text as it is
            out.append(rowTemplate.substr(at, body - at));
            at = body;
            continue;
        }
        out.append(rowTemplate.substr(at, start - at));
        out += *filled;
        at = end + kMark.size();
    }
    out.append(rowTemplate.substr(at));
}

} // namespace k8slab::apiserver
