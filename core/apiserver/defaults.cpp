#include "core/apiserver/defaults.h"

#include <functional>
#include <map>

namespace k8slab::apiserver {

using api::Json;

namespace {

void setIfMissing(Json &obj, const char *key, Json value)
{
    if (!obj.contains(key) || obj[key].is_null())
        obj[key] = std::move(value);
}

// Always for ":latest" or an untagged image, IfNotPresent otherwise (digests count as tags).
std::string pullPolicyFor(const std::string &image)
{
    if (image.find('@') != std::string::npos)
        return "IfNotPresent";
    const std::size_t slash = image.rfind('/');
    const std::size_t colon = image.rfind(':');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
        return "Always";
    return image.substr(colon + 1) == "latest" ? "Always" : "IfNotPresent";
}

void probeDefaults(Json &container, const char *name)
{
    if (!container.contains(name) || !container[name].is_object())
        return;
    Json &probe = container[name];
    setIfMissing(probe, "timeoutSeconds", 1);
    setIfMissing(probe, "periodSeconds", 10);
    setIfMissing(probe, "successThreshold", 1);
    setIfMissing(probe, "failureThreshold", 3);
    if (probe.contains("httpGet") && probe["httpGet"].is_object()) {
        setIfMissing(probe["httpGet"], "path", "/");
        setIfMissing(probe["httpGet"], "scheme", "HTTP");
    }
}

void containerDefaults(Json &c)
{
    if (c.contains("image") && c["image"].is_string())
        setIfMissing(c, "imagePullPolicy", pullPolicyFor(c["image"].get<std::string>()));
    setIfMissing(c, "terminationMessagePath", "/dev/termination-log");
    setIfMissing(c, "terminationMessagePolicy", "File");
    setIfMissing(c, "resources", Json::object());
    if (c.contains("ports") && c["ports"].is_array()) {
        for (Json &port : c["ports"])
            setIfMissing(port, "protocol", "TCP");
    }
    probeDefaults(c, "livenessProbe");
    probeDefaults(c, "readinessProbe");
    probeDefaults(c, "startupProbe");
}

void podTemplateDefaults(Json &workload)
{
    if (workload.contains("spec") && workload["spec"].contains("template")) {
        Json &tmpl = workload["spec"]["template"];
        if (tmpl.contains("spec") && tmpl["spec"].is_object())
            applyPodSpecDefaults(tmpl["spec"]);
        setIfMissing(tmpl, "metadata", Json::object());
    }
}

void deploymentDefaults(Json &obj)
{
    Json &spec = obj["spec"];
    setIfMissing(spec, "replicas", 1);
    setIfMissing(spec, "revisionHistoryLimit", 10);
    setIfMissing(spec, "progressDeadlineSeconds", 600);
    setIfMissing(spec, "strategy", Json::object());
    Json &strategy = spec["strategy"];
    setIfMissing(strategy, "type", "RollingUpdate");
    if (strategy["type"] == "RollingUpdate") {
        setIfMissing(strategy, "rollingUpdate", Json::object());
        setIfMissing(strategy["rollingUpdate"], "maxSurge", "25%");
        setIfMissing(strategy["rollingUpdate"], "maxUnavailable", "25%");
    }
    podTemplateDefaults(obj);
}

// spec.updateStrategy defaults to RollingUpdate with these rollingUpdate fields.
void updateStrategyDefaults(Json &spec, const Json &rollingUpdate)
{
    setIfMissing(spec, "updateStrategy", Json::object());
    Json &strategy = spec["updateStrategy"];
    setIfMissing(strategy, "type", "RollingUpdate");
    if (strategy["type"] != "RollingUpdate")
        return;
    setIfMissing(strategy, "rollingUpdate", Json::object());
    for (const auto &[key, value] : rollingUpdate.items())
        setIfMissing(strategy["rollingUpdate"], key.c_str(), value);
}

void daemonSetDefaults(Json &obj)
{
    Json &spec = obj["spec"];
    setIfMissing(spec, "revisionHistoryLimit", 10);
    updateStrategyDefaults(spec, {{"maxUnavailable", 1}, {"maxSurge", 0}});
    podTemplateDefaults(obj);
}

void statefulSetDefaults(Json &obj)
{
    Json &spec = obj["spec"];
    setIfMissing(spec, "replicas", 1);
    setIfMissing(spec, "podManagementPolicy", "OrderedReady");
    setIfMissing(spec, "revisionHistoryLimit", 10);
    updateStrategyDefaults(spec, {{"partition", 0}});
    setIfMissing(spec, "persistentVolumeClaimRetentionPolicy",
                 Json{{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}});
    podTemplateDefaults(obj);
}

void jobDefaults(Json &obj)
{
    Json &spec = obj["spec"];
    const bool workQueue = !spec.contains("completions") && spec.contains("parallelism");
    if (!workQueue)
        setIfMissing(spec, "completions", 1);
    setIfMissing(spec, "parallelism", 1);
    setIfMissing(spec, "backoffLimit", 6);
    setIfMissing(spec, "completionMode", "NonIndexed");
    setIfMissing(spec, "suspend", false);
    setIfMissing(spec, "podReplacementPolicy", "TerminatingOrFailed");
    podTemplateDefaults(obj);
}

void cronJobDefaults(Json &obj)
{
    Json &spec = obj["spec"];
    setIfMissing(spec, "concurrencyPolicy", "Allow");
    setIfMissing(spec, "suspend", false);
    setIfMissing(spec, "successfulJobsHistoryLimit", 3);
    setIfMissing(spec, "failedJobsHistoryLimit", 1);
    if (spec.contains("jobTemplate") && spec["jobTemplate"].contains("spec")) {
        Json &jobSpec = spec["jobTemplate"]["spec"];
        if (jobSpec.contains("template") && jobSpec["template"].contains("spec"))
            applyPodSpecDefaults(jobSpec["template"]["spec"]);
    }
}

void serviceDefaults(Json &obj)
{
    Json &spec = obj["spec"];
    setIfMissing(spec, "type", "ClusterIP");
    setIfMissing(spec, "sessionAffinity", "None");
    if (spec["type"] != "ExternalName") {
        setIfMissing(spec, "ipFamilies", Json::array({"IPv4"}));
        setIfMissing(spec, "ipFamilyPolicy", "SingleStack");
        setIfMissing(spec, "internalTrafficPolicy", "Cluster");
    }
    if (spec["type"] == "NodePort" || spec["type"] == "LoadBalancer")
        setIfMissing(spec, "externalTrafficPolicy", "Cluster");
    if (spec.contains("ports") && spec["ports"].is_array()) {
        for (Json &port : spec["ports"]) {
            setIfMissing(port, "protocol", "TCP");
            if (port.contains("port"))
                setIfMissing(port, "targetPort", port["port"]);
        }
    }
}

void namespaceDefaults(Json &obj)
{
    setIfMissing(obj, "spec", Json::object());
    setIfMissing(obj["spec"], "finalizers", Json::array({"kubernetes"}));
    setIfMissing(obj, "status", Json::object());
    setIfMissing(obj["status"], "phase", "Active");
    Json &meta = obj["metadata"];
    setIfMissing(meta, "labels", Json::object());
    if (meta.contains("name"))
        meta["labels"]["kubernetes.io/metadata.name"] = meta["name"];
}

// Upstream's SetDefaults_Pod: a resource with a limit and no request is requested at its
// limit. Pods only — a template keeps what was written, and its pods get this on create.
void requestsFromLimits(Json &spec)
{
    for (const char *list : {"containers", "initContainers"}) {
        if (!spec.contains(list) || !spec[list].is_array())
            continue;
        for (Json &c : spec[list]) {
            if (!c.contains("resources") || !c["resources"].is_object())
                continue;
            Json &resources = c["resources"];
            const Json limits = resources.value("limits", Json::object());
            if (!limits.is_object() || limits.empty())
                continue;
            setIfMissing(resources, "requests", Json::object());
            for (auto it = limits.begin(); it != limits.end(); ++it)
                if (!resources["requests"].contains(it.key()))
                    resources["requests"][it.key()] = it.value();
        }
    }
}

void podDefaults(Json &obj)
{
    setIfMissing(obj, "spec", Json::object());
    applyPodSpecDefaults(obj["spec"]);
    requestsFromLimits(obj["spec"]);
    Json &spec = obj["spec"];
    setIfMissing(spec, "priority", 0);
    setIfMissing(spec, "preemptionPolicy", "PreemptLowerPriority");
    setIfMissing(obj, "status", Json::object());
    setIfMissing(obj["status"], "phase", "Pending");
    obj["status"]["qosClass"] = qosClass(spec);
}

} // namespace

void applyPodSpecDefaults(Json &spec)
{
    setIfMissing(spec, "restartPolicy", "Always");
    setIfMissing(spec, "terminationGracePeriodSeconds", 30);
    setIfMissing(spec, "dnsPolicy", "ClusterFirst");
    setIfMissing(spec, "schedulerName", "default-scheduler");
    setIfMissing(spec, "securityContext", Json::object());
    setIfMissing(spec, "enableServiceLinks", true);
    for (const char *list : {"containers", "initContainers"}) {
        if (spec.contains(list) && spec[list].is_array()) {
            for (Json &c : spec[list])
                containerDefaults(c);
        }
    }
}

std::string qosClass(const Json &podSpec)
{
    bool anyRequestOrLimit = false;
    bool guaranteed = true;
    if (!podSpec.contains("containers") || !podSpec["containers"].is_array())
        return "BestEffort";
    for (const Json &c : podSpec["containers"]) {
        const Json resources = c.value("resources", Json::object());
        const Json requests = resources.value("requests", Json::object());
        const Json limits = resources.value("limits", Json::object());
        if (!requests.empty() || !limits.empty())
            anyRequestOrLimit = true;
        for (const char *res : {"cpu", "memory"}) {
            if (!limits.contains(res)) {
                guaranteed = false;
            } else if (requests.contains(res) && requests[res] != limits[res]) {
                guaranteed = false;
            }
        }
    }
    if (!anyRequestOrLimit)
        return "BestEffort";
    return guaranteed ? "Guaranteed" : "Burstable";
}

namespace {

// Upstream's SetDefaults_RoleBinding/ClusterRoleBinding and SetDefaults_Subject: the
// RBAC group for the roleRef and for user and group subjects.
void bindingDefaults(Json &binding)
{
    constexpr const char *kRbacGroup = "rbac.authorization.k8s.io";
    Json &ref = binding["roleRef"];
    if (ref.is_object() && ref.value("apiGroup", "").empty())
        ref["apiGroup"] = kRbacGroup;
    if (!binding.contains("subjects") || !binding["subjects"].is_array())
        return;
    for (Json &subject : binding["subjects"]) {
        const std::string kind = subject.is_object() ? subject.value("kind", "") : "";
        if ((kind == "User" || kind == "Group") && subject.value("apiGroup", "").empty())
            subject["apiGroup"] = kRbacGroup;
    }
}

} // namespace

void applyDefaults(std::string_view kind, Json &object)
{
    static const std::map<std::string_view, std::function<void(Json &)>> table = {
        {"Pod", podDefaults},
        {"Namespace", namespaceDefaults},
        {"Service", serviceDefaults},
        {"Deployment", deploymentDefaults},
        {"ReplicaSet", [](Json &o) { setIfMissing(o["spec"], "replicas", 1); podTemplateDefaults(o); }},
        {"ReplicationController", [](Json &o) {
             setIfMissing(o["spec"], "replicas", 1);
             // Upstream's SetDefaults_ReplicationController: the template's labels stand
             // in for a missing selector and for the RC's own missing labels.
             const Json labels = o["spec"].value("template", Json::object()).value("metadata", Json::object()).value(
                 "labels", Json::object());
             if (labels.is_object() && !labels.empty()) {
                 if (!o["spec"].contains("selector") || o["spec"]["selector"].empty())
                     o["spec"]["selector"] = labels;
                 if (!o["metadata"].contains("labels") || o["metadata"]["labels"].empty())
                     o["metadata"]["labels"] = labels;
             }
             podTemplateDefaults(o);
         }},
        {"DaemonSet", daemonSetDefaults},
        {"StatefulSet", statefulSetDefaults},
        {"Job", jobDefaults},
        {"CronJob", cronJobDefaults},
        {"Secret", [](Json &o) { setIfMissing(o, "type", "Opaque"); }},
        {"HorizontalPodAutoscaler", [](Json &o) {
             setIfMissing(o["spec"], "minReplicas", 1);
             // autoscaling/v2 defaults: without metrics, 80% average CPU utilization.
             if (!o["spec"].contains("metrics") || o["spec"]["metrics"].empty())
                 o["spec"]["metrics"] = Json::array({{{"type", "Resource"},
                                                      {"resource", {{"name", "cpu"},
                                                                    {"target", {{"type", "Utilization"}, {"averageUtilization", 80}}}}}}});
         }},
        {"RoleBinding", bindingDefaults},
        {"ClusterRoleBinding", bindingDefaults},
    };
    auto it = table.find(kind);
    if (it == table.end())
        return;
    if (kind != "Secret" && kind != "Namespace" && kind != "Pod" && kind != "RoleBinding" && kind != "ClusterRoleBinding")
        setIfMissing(object, "spec", Json::object());
    it->second(object);
}

} // namespace k8slab::apiserver
