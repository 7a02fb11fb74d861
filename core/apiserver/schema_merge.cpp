// Server-side apply's merge facts for the built-in kinds, as Kubernetes v1.32 declares
// them on its Go types. Lists not named here are atomic, as upstream's are by default.
#include "core/apiserver/schema_merge.h"

#include "core/apiserver/schema_lookup.h"

#include <algorithm>
#include <initializer_list>

namespace k8slab::apiserver::schema {

namespace {


struct ListRow {
    std::string_view structure;
    std::string_view field;
    ListType type;
    std::initializer_list<ListKey> keys;
};

using enum ListType;

// The associative lists and sets (+listType=map with +listMapKey, +listType=set).
const ListRow kLists[] = {
    {"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", Set, {}},
    {"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", Map, {{"uid", {}}}},

    {"io.k8s.api.core.v1.PodSpec", "containers", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "initContainers", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "ephemeralContainers", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "volumes", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "imagePullSecrets", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "hostAliases", Map, {{"ip", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "schedulingGates", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "resourceClaims", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.PodSpec", "topologySpreadConstraints", Map, {{"topologyKey", {}}, {"whenUnsatisfiable", {}}}},
    {"io.k8s.api.core.v1.Container", "ports", Map, {{"containerPort", {}}, {"protocol", "TCP"}}},
    {"io.k8s.api.core.v1.Container", "env", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.Container", "volumeMounts", Map, {{"mountPath", {}}}},
    {"io.k8s.api.core.v1.Container", "volumeDevices", Map, {{"devicePath", {}}}},
    {"io.k8s.api.core.v1.EphemeralContainer", "ports", Map, {{"containerPort", {}}, {"protocol", "TCP"}}},
    {"io.k8s.api.core.v1.EphemeralContainer", "env", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.EphemeralContainer", "volumeMounts", Map, {{"mountPath", {}}}},
    {"io.k8s.api.core.v1.EphemeralContainer", "volumeDevices", Map, {{"devicePath", {}}}},
    {"io.k8s.api.core.v1.PodStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.core.v1.PodStatus", "podIPs", Map, {{"ip", {}}}},

    {"io.k8s.api.core.v1.ServiceSpec", "ports", Map, {{"port", {}}, {"protocol", "TCP"}}},
    {"io.k8s.api.core.v1.ServiceStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.core.v1.ServiceAccount", "secrets", Map, {{"name", {}}}},
    {"io.k8s.api.core.v1.NodeSpec", "podCIDRs", Set, {}},
    {"io.k8s.api.core.v1.NodeStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.core.v1.NodeStatus", "addresses", Map, {{"type", {}}}},
    {"io.k8s.api.core.v1.NamespaceStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.core.v1.ReplicationControllerStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.core.v1.PersistentVolumeClaimStatus", "conditions", Map, {{"type", {}}}},

    {"io.k8s.api.apps.v1.DeploymentStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.apps.v1.ReplicaSetStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.apps.v1.DaemonSetStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.apps.v1.StatefulSetStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "conditions", Map, {{"type", {}}}},
    {"io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus", "conditions", Map, {{"type", {}}}},
};

// +structType=atomic: owned and replaced as one value.
constexpr std::string_view kAtomicStructures[] = {
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
    "io.k8s.api.core.v1.NodeSelector",
    "io.k8s.api.core.v1.NodeSelectorTerm",
    "io.k8s.api.core.v1.ObjectReference",
    "io.k8s.api.core.v1.LocalObjectReference",
    "io.k8s.api.core.v1.ConfigMapKeySelector",
    "io.k8s.api.core.v1.SecretKeySelector",
    "io.k8s.api.core.v1.ObjectFieldSelector",
    "io.k8s.api.core.v1.ResourceFieldSelector",
    "io.k8s.api.rbac.v1.RoleRef",
    "io.k8s.api.rbac.v1.Subject",
};

struct FieldRow {
    std::string_view structure;
    std::string_view field;
};

// +mapType=atomic maps.
constexpr FieldRow kAtomicMaps[] = {
    {"io.k8s.api.core.v1.ServiceSpec", "selector"},
    {"io.k8s.api.core.v1.ReplicationControllerSpec", "selector"},
};

// Go value structs below the top level (a kind's metadata, spec and status always are).
constexpr FieldRow kValueStructures[] = {
    {"io.k8s.api.core.v1.PodTemplateSpec", "metadata"},
    {"io.k8s.api.core.v1.PodTemplateSpec", "spec"},
    {"io.k8s.api.apps.v1.DeploymentSpec", "template"},
    {"io.k8s.api.apps.v1.DeploymentSpec", "strategy"},
    {"io.k8s.api.apps.v1.ReplicaSetSpec", "template"},
    {"io.k8s.api.apps.v1.DaemonSetSpec", "template"},
    {"io.k8s.api.apps.v1.DaemonSetSpec", "updateStrategy"},
    {"io.k8s.api.apps.v1.StatefulSetSpec", "template"},
    {"io.k8s.api.apps.v1.StatefulSetSpec", "updateStrategy"},
    {"io.k8s.api.batch.v1.JobSpec", "template"},
    {"io.k8s.api.batch.v1.CronJobSpec", "jobTemplate"},
    {"io.k8s.api.batch.v1.JobTemplateSpec", "metadata"},
    {"io.k8s.api.batch.v1.JobTemplateSpec", "spec"},
    {"io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "scaleTargetRef"},
    {"io.k8s.api.core.v1.ServiceStatus", "loadBalancer"},
    {"io.k8s.api.core.v1.NodeStatus", "daemonEndpoints"},
    {"io.k8s.api.core.v1.NodeStatus", "nodeInfo"},
};

bool isKind(std::string_view structure)
{
    const TypeDef *type = findType(structure);
    return type && !type->kind.empty();
}

} // namespace

ListSemantics listSemantics(std::string_view structure, std::string_view field)
{
    for (const ListRow &row : kLists)
        if (row.structure == structure && row.field == field)
            return {row.type, std::vector<ListKey>(row.keys)};
    return {};
}

bool atomicStructure(std::string_view structure)
{
    return std::ranges::find(kAtomicStructures, structure) != std::end(kAtomicStructures);
}

bool atomicMap(std::string_view structure, std::string_view field)
{
    return std::ranges::any_of(kAtomicMaps, [&](const FieldRow &row) { return row.structure == structure && row.field == field; });
}

bool valueStructure(std::string_view structure, std::string_view field)
{
    if ((field == "metadata" || field == "spec" || field == "status") && isKind(structure))
        return true;
    return std::ranges::any_of(kValueStructures,
                               [&](const FieldRow &row) { return row.structure == structure && row.field == field; });
}

std::vector<std::pair<std::string_view, std::string_view>> mergeRuleFields()
{
    std::vector<std::pair<std::string_view, std::string_view>> fields;
    for (const ListRow &row : kLists)
        fields.emplace_back(row.structure, row.field);
    for (const FieldRow &row : kAtomicMaps)
        fields.emplace_back(row.structure, row.field);
    for (const FieldRow &row : kValueStructures)
        fields.emplace_back(row.structure, row.field);
    for (std::string_view structure : kAtomicStructures)
        fields.emplace_back(structure, std::string_view());
    return fields;
}

} // namespace k8slab::apiserver::schema
