// The built-in resources of Kubernetes v1.32 served by the lab, as discovery reports them.
#include "core/apiserver/conversion.h"
#include "core/apiserver/resource_registry.h"

#include <cstdlib>
#include <set>
#include <string_view>

namespace k8slab::apiserver {

namespace {

const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
const std::vector<std::string> kStatusVerbs = {"get", "patch", "update"};

SubresourceInfo status()
{
    return {"status", "", "", "", kStatusVerbs};
}

SubresourceInfo scale()
{
    return {"scale", "autoscaling", "v1", "Scale", kStatusVerbs};
}

struct Entry {
    const char *group;
    const char *version;
    const char *kind;
    const char *plural;
    const char *singular;
    std::vector<std::string> shortNames;
    std::vector<std::string> categories;
    bool namespaced;
    std::vector<SubresourceInfo> subresources;
    std::vector<std::string> fieldSelectors;
};

// The kinds whose strategy keeps metadata.generation (v1.32): the workloads and PDBs.
// Pods, Services, Nodes, Namespaces and the rest carry no generation upstream.
bool tracksGeneration(std::string_view kind)
{
    static const std::set<std::string_view> kinds = {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job",
                                                     "CronJob", "ReplicationController", "PodDisruptionBudget"};
    return kinds.contains(kind);
}

// The kinds a client only ever POSTs: a pod's binding and the reviews, which the API
// server acts on or answers without keeping an object to get, list or watch.
bool createOnly(std::string_view kind)
{
    static const std::set<std::string_view> kinds = {"Binding", "SelfSubjectAccessReview", "SelfSubjectRulesReview",
                                                     "SelfSubjectReview"};
    return kinds.contains(kind);
}

ResourceRegistry build()
{
    const std::vector<std::string> all = {"all"};
    const std::vector<std::string> eventFields = {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                                                  "involvedObject.uid", "involvedObject.apiVersion",
                                                  "involvedObject.resourceVersion", "involvedObject.fieldPath",
                                                  "reason", "reportingComponent", "source", "type"};
    const std::vector<Entry> entries = {
        // core/v1
        {"", "v1", "Namespace", "namespaces", "namespace", {"ns"}, {}, false, {status(), {"finalize", "", "", "", {"update"}}}, {"status.phase"}},
        {"", "v1", "Node", "nodes", "node", {"no"}, {}, false,
         {status(), {"proxy", "", "", "NodeProxyOptions", {"create", "delete", "get", "patch", "update"}}}, {"spec.unschedulable"}},
        {"", "v1", "Pod", "pods", "pod", {"po"}, all, true,
         {status(), {"binding", "", "", "Binding", {"create"}}, {"eviction", "policy", "v1", "Eviction", {"create"}},
          {"log", "", "", "Pod", {"get"}}, {"exec", "", "", "PodExecOptions", {"create", "get"}},
          {"attach", "", "", "PodAttachOptions", {"create", "get"}},
          {"portforward", "", "", "PodPortForwardOptions", {"create", "get"}}},
         {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
          "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"}},
        {"", "v1", "Binding", "bindings", "binding", {}, {}, true, {}, {}},
        {"", "v1", "Service", "services", "service", {"svc"}, all, true, {status()}, {}},
        {"", "v1", "Endpoints", "endpoints", "endpoints", {"ep"}, {}, true, {}, {}},
        {"", "v1", "ConfigMap", "configmaps", "configmap", {"cm"}, {}, true, {}, {}},
        {"", "v1", "Secret", "secrets", "secret", {}, {}, true, {}, {"type"}},
        {"", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", {"sa"}, {}, true,
         {{"token", "authentication.k8s.io", "v1", "TokenRequest", {"create"}}}, {}},
        {"", "v1", "Event", "events", "event", {"ev"}, {}, true, {}, eventFields},
        {"", "v1", "ReplicationController", "replicationcontrollers", "replicationcontroller", {"rc"}, all, true,
         {status(), {"scale", "autoscaling", "v1", "Scale", kStatusVerbs}}, {"status.replicas"}},
        {"", "v1", "LimitRange", "limitranges", "limitrange", {"limits"}, {}, true, {}, {}},
        {"", "v1", "ResourceQuota", "resourcequotas", "resourcequota", {"quota"}, {}, true, {status()}, {}},
        // apps/v1
        {"apps", "v1", "Deployment", "deployments", "deployment", {"deploy"}, all, true, {status(), scale()}, {}},
        {"apps", "v1", "ReplicaSet", "replicasets", "replicaset", {"rs"}, all, true, {status(), scale()}, {"status.replicas"}},
        {"apps", "v1", "DaemonSet", "daemonsets", "daemonset", {"ds"}, all, true, {status()}, {}},
        {"apps", "v1", "StatefulSet", "statefulsets", "statefulset", {"sts"}, all, true, {status(), scale()}, {}},
        {"apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", {}, {}, true, {}, {}},
        // batch/v1
        {"batch", "v1", "Job", "jobs", "job", {}, all, true, {status()}, {"status.successful"}},
        {"batch", "v1", "CronJob", "cronjobs", "cronjob", {"cj"}, all, true, {status()}, {}},
        // autoscaling/v2 (preferred and stored; v1 is added below, converted).
        {"autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", {"hpa"}, all, true, {status()}, {}},
        // policy/v1
        {"policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", {"pdb"}, {}, true, {status()}, {}},
        // discovery.k8s.io/v1
        {"discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", {}, {}, true, {}, {}},
        // coordination.k8s.io/v1
        {"coordination.k8s.io", "v1", "Lease", "leases", "lease", {}, {}, true, {}, {}},
        // apiregistration.k8s.io/v1 (kube-aggregator)
        {"apiregistration.k8s.io", "v1", "APIService", "apiservices", "apiservice", {}, {"api-extensions"}, false, {status()}, {}},
        // rbac.authorization.k8s.io/v1 (stored and shown; not enforced yet)
        {"rbac.authorization.k8s.io", "v1", "Role", "roles", "role", {}, {}, true, {}, {}},
        {"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", {}, {}, false, {}, {}},
        {"rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", {}, {}, true, {}, {}},
        {"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", {}, {}, false, {}, {}},
        // scheduling.k8s.io/v1
        {"scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", "priorityclass", {"pc"}, {}, false, {}, {}},
        // authorization.k8s.io/v1 and authentication.k8s.io/v1: reviews, answered and never stored
        {"authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", "selfsubjectaccessreview", {}, {}, false, {}, {}},
        {"authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", "selfsubjectrulesreview", {}, {}, false, {}, {}},
        {"authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", "selfsubjectreview", {}, {}, false, {}, {}},
    };
    ResourceRegistry registry;
    for (const Entry &e : entries) {
        ResourceInfo info;
        info.group = e.group;
        info.version = e.version;
        info.kind = e.kind;
        info.plural = e.plural;
        info.singular = e.singular;
        info.shortNames = e.shortNames;
        info.categories = e.categories;
        info.namespaced = e.namespaced;
        info.verbs = createOnly(e.kind) ? std::vector<std::string>{"create"} : kAllVerbs;
        info.subresources = e.subresources;
        info.tracksGeneration = tracksGeneration(e.kind);
        info.fieldSelectors = e.fieldSelectors;
        if (!registry.add(std::move(info)).ok())
            std::abort(); // a duplicate in the table above is a programming error
    }
    // Versions served from another version's storage, converted at the API's edges.
    const auto alsoServe = [&registry](const char *group, const char *version, const char *storedGroup,
                                       const char *storedVersion, const char *plural,
                                       std::function<api::Json(api::Json)> toStorage,
                                       std::function<api::Json(api::Json)> fromStorage) {
        const ResourceInfo *stored = registry.find(storedGroup, storedVersion, plural);
        ResourceInfo info = *stored;
        info.group = group;
        info.version = version;
        info.storage = stored;
        info.toStorage = std::move(toStorage);
        info.fromStorage = std::move(fromStorage);
        for (SubresourceInfo &sub : info.subresources) {
            if (sub.name == "status")
                sub = status();
        }
        if (!registry.add(std::move(info)).ok())
            std::abort();
    };
    alsoServe("autoscaling", "v1", "autoscaling", "v2", "horizontalpodautoscalers", hpaV1ToV2, hpaV2ToV1);
    alsoServe("events.k8s.io", "v1", "", "v1", "events", eventsV1ToCoreEvent, coreEventToEventsV1);
    return registry;
}

} // namespace

const ResourceRegistry &builtinResources()
{
    static const ResourceRegistry registry = build();
    return registry;
}

} // namespace k8slab::apiserver
