// Type definitions of the kinds outside core, apps and batch: HorizontalPodAutoscaler
// (autoscaling/v2), Scale (autoscaling/v1), PodDisruptionBudget (policy/v1),
// EndpointSlice (discovery.k8s.io/v1), Lease (coordination.k8s.io/v1), PriorityClass
// (scheduling.k8s.io/v1) and APIService (apiregistration.k8s.io/v1). Field names and shapes follow Kubernetes v1.32; the descriptions
// are the lab's own.
#include "core/apiserver/schema_types.h"

namespace k8slab::apiserver::schema {

namespace {
constexpr std::string_view kCrossVersionObjectReference = "io.k8s.api.autoscaling.v2.CrossVersionObjectReference";
constexpr std::string_view kHPAScalingRules = "io.k8s.api.autoscaling.v2.HPAScalingRules";
constexpr std::string_view kMetricIdentifier = "io.k8s.api.autoscaling.v2.MetricIdentifier";
constexpr std::string_view kMetricTarget = "io.k8s.api.autoscaling.v2.MetricTarget";
constexpr std::string_view kMetricValueStatus = "io.k8s.api.autoscaling.v2.MetricValueStatus";
constexpr std::string_view kMetricType = "Resource, ContainerResource, Pods, Object or External: which field below is set.";
constexpr std::string_view kMetricName = "The metric's name and, optionally, a selector narrowing it.";
constexpr std::string_view kTargetValue = "The value to aim for.";
constexpr std::string_view kCurrentValue = "The value measured.";
} // namespace

const std::vector<TypeDef> &clusterTypes()
{
    static const std::vector<TypeDef> types = {
        // ---- autoscaling/v2 HorizontalPodAutoscaler ----
        {"io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
         "Adjusts the replicas of a Deployment, StatefulSet or other scalable object to keep metrics such as CPU "
         "use near a target.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "What to scale, within which bounds, on which metrics."),
             object("status", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "The metrics measured and the last decision."),
         },
         "autoscaling", "v2", "HorizontalPodAutoscaler"},
        {"io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec",
         "The desired behaviour of an autoscaler.",
         {
             object("behavior", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior",
                    "How fast to scale up and down; defaults to the usual rates."),
             integer("maxReplicas", "The most replicas to scale to."),
             list("metrics", "io.k8s.api.autoscaling.v2.MetricSpec",
                  "The metrics to follow; the largest replica count any of them asks for wins (default 80% CPU)."),
             integer("minReplicas", "The fewest replicas to scale to (default 1)."),
             object("scaleTargetRef", kCrossVersionObjectReference, "The object to scale."),
         }},
        {kCrossVersionObjectReference,
         "Names an object by kind and name in the same namespace.",
         {
             str("apiVersion", "The object's API group and version, e.g. apps/v1."),
             str("kind", "The object's kind, e.g. Deployment."),
             str("name", "The object's name."),
         }},
        {"io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior",
         "Scaling speeds, separately for up and down.",
         {
             object("scaleDown", kHPAScalingRules, "Rules for removing replicas (default: stabilise 5 minutes, then any rate)."),
             object("scaleUp", kHPAScalingRules, "Rules for adding replicas (default: no stabilisation, doubling or +4 per 15 s)."),
         }},
        {kHPAScalingRules,
         "Limits on one direction of scaling.",
         {
             list("policies", "io.k8s.api.autoscaling.v2.HPAScalingPolicy", "Limits on the change per period."),
             str("selectPolicy", "Max (default: the policy allowing most change), Min, or Disabled."),
             integer("stabilizationWindowSeconds", "Look back this long and use the most conservative recommendation."),
         }},
        {"io.k8s.api.autoscaling.v2.HPAScalingPolicy",
         "A limit on how much may change within a period.",
         {
             integer("periodSeconds", "The period's length (up to 1800)."),
             str("type", "Pods (a count) or Percent (of current replicas)."),
             integer("value", "The count or percentage."),
         }},
        {"io.k8s.api.autoscaling.v2.MetricSpec",
         "One metric to scale on; set type and the matching field.",
         {
             object("containerResource", "io.k8s.api.autoscaling.v2.ContainerResourceMetricSource",
                    "A resource (cpu, memory) of one container in each pod."),
             object("external", "io.k8s.api.autoscaling.v2.ExternalMetricSource",
                    "A metric from outside the cluster, e.g. a queue length."),
             object("object", "io.k8s.api.autoscaling.v2.ObjectMetricSource",
                    "A metric of another object, e.g. requests per second of an Ingress."),
             object("pods", "io.k8s.api.autoscaling.v2.PodsMetricSource",
                    "A custom metric averaged over the pods, e.g. transactions per second."),
             object("resource", "io.k8s.api.autoscaling.v2.ResourceMetricSource",
                    "A resource (cpu, memory) of whole pods, e.g. 70% average CPU utilisation."),
             str("type", kMetricType),
         }},
        {"io.k8s.api.autoscaling.v2.ContainerResourceMetricSource",
         "A resource of one container, as seen by the metrics server.",
         {
             str("container", "The container's name."),
             str("name", "The resource: cpu or memory."),
             object("target", kMetricTarget, kTargetValue),
         }},
        {"io.k8s.api.autoscaling.v2.ExternalMetricSource",
         "A metric not tied to any Kubernetes object.",
         {
             object("metric", kMetricIdentifier, kMetricName),
             object("target", kMetricTarget, kTargetValue),
         }},
        {"io.k8s.api.autoscaling.v2.ObjectMetricSource",
         "A metric describing one object.",
         {
             object("describedObject", kCrossVersionObjectReference, "The object the metric describes."),
             object("metric", kMetricIdentifier, kMetricName),
             object("target", kMetricTarget, kTargetValue),
         }},
        {"io.k8s.api.autoscaling.v2.PodsMetricSource",
         "A metric of each pod, averaged.",
         {
             object("metric", kMetricIdentifier, kMetricName),
             object("target", kMetricTarget, kTargetValue),
         }},
        {"io.k8s.api.autoscaling.v2.ResourceMetricSource",
         "A resource of whole pods, as seen by the metrics server.",
         {
             str("name", "The resource: cpu or memory."),
             object("target", kMetricTarget, kTargetValue),
         }},
        {kMetricIdentifier,
         "Names a metric.",
         {
             str("name", "The metric's name."),
             object("selector", kLabelSelector, "Labels narrowing which series of the metric count."),
         }},
        {kMetricTarget,
         "The value an autoscaler aims for; set type and the matching field.",
         {
             integer("averageUtilization", "For Utilization: percent of the pods' requests, e.g. 70."),
             quantity("averageValue", "For AverageValue: the value per pod."),
             str("type", "Utilization, Value or AverageValue."),
             quantity("value", "For Value: the total value."),
         }},
        {"io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus",
         "The observed state of an autoscaler.",
         {
             list("conditions", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition",
                  "AbleToScale, ScalingActive, ScalingLimited."),
             list("currentMetrics", "io.k8s.api.autoscaling.v2.MetricStatus", "The metrics as last measured."),
             integer("currentReplicas", "Replicas as last seen."),
             integer("desiredReplicas", "Replicas the autoscaler last asked for."),
             timestamp("lastScaleTime", "When the replica count was last changed."),
             integer("observedGeneration", "The generation the autoscaler last acted on."),
         }},
        {"io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition",
         "One aspect of an autoscaler's state.",
         {
             timestamp("lastTransitionTime", "When status last changed."),
             str("message", "A human-readable explanation."),
             str("reason", "A one-word reason for the last change."),
             str("status", "\"True\", \"False\" or \"Unknown\"."),
             str("type", "AbleToScale, ScalingActive or ScalingLimited."),
         }},
        {"io.k8s.api.autoscaling.v2.MetricStatus",
         "The measured value of one metric; type says which field is set.",
         {
             object("containerResource", "io.k8s.api.autoscaling.v2.ContainerResourceMetricStatus", "A container resource."),
             object("external", "io.k8s.api.autoscaling.v2.ExternalMetricStatus", "An external metric."),
             object("object", "io.k8s.api.autoscaling.v2.ObjectMetricStatus", "An object's metric."),
             object("pods", "io.k8s.api.autoscaling.v2.PodsMetricStatus", "A per-pod metric."),
             object("resource", "io.k8s.api.autoscaling.v2.ResourceMetricStatus", "A pod resource."),
             str("type", kMetricType),
         }},
        {"io.k8s.api.autoscaling.v2.ContainerResourceMetricStatus",
         "The measured resource use of one container.",
         {
             str("container", "The container's name."),
             object("current", kMetricValueStatus, kCurrentValue),
             str("name", "The resource: cpu or memory."),
         }},
        {"io.k8s.api.autoscaling.v2.ExternalMetricStatus",
         "The measured value of an external metric.",
         {
             object("current", kMetricValueStatus, kCurrentValue),
             object("metric", kMetricIdentifier, kMetricName),
         }},
        {"io.k8s.api.autoscaling.v2.ObjectMetricStatus",
         "The measured value of an object's metric.",
         {
             object("current", kMetricValueStatus, kCurrentValue),
             object("describedObject", kCrossVersionObjectReference, "The object the metric describes."),
             object("metric", kMetricIdentifier, kMetricName),
         }},
        {"io.k8s.api.autoscaling.v2.PodsMetricStatus",
         "The measured average of a per-pod metric.",
         {
             object("current", kMetricValueStatus, kCurrentValue),
             object("metric", kMetricIdentifier, kMetricName),
         }},
        {"io.k8s.api.autoscaling.v2.ResourceMetricStatus",
         "The measured resource use of whole pods.",
         {
             object("current", kMetricValueStatus, kCurrentValue),
             str("name", "The resource: cpu or memory."),
         }},
        {kMetricValueStatus,
         "A measured value, in the form the target asked for.",
         {
             integer("averageUtilization", "Percent of the pods' requests."),
             quantity("averageValue", "The value per pod."),
             quantity("value", "The total value."),
         }},
        // ---- autoscaling/v1 Scale ----
        {"io.k8s.api.autoscaling.v1.Scale",
         "The scale subresource of a scalable object: its desired and current replica counts (kubectl scale).",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.autoscaling.v1.ScaleSpec", "The desired replica count."),
             object("status", "io.k8s.api.autoscaling.v1.ScaleStatus", "The current replica count and pod selector."),
         },
         "autoscaling", "v1", "Scale"},
        {"io.k8s.api.autoscaling.v1.ScaleSpec",
         "The desired scale.",
         {
             integer("replicas", "The desired number of replicas."),
         }},
        {"io.k8s.api.autoscaling.v1.ScaleStatus",
         "The current scale.",
         {
             integer("replicas", "The replicas there are now."),
             str("selector", "The pods' label selector as a string, e.g. \"app=web\"."),
         }},
        // ---- policy/v1 PodDisruptionBudget ----
        {"io.k8s.api.policy.v1.PodDisruptionBudget",
         "Limits how many pods of a set voluntary disruptions (node drains, evictions) may take down at once.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.policy.v1.PodDisruptionBudgetSpec", "Which pods, and how many must stay up."),
             object("status", "io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "How many disruptions are allowed now."),
         },
         "policy", "v1", "PodDisruptionBudget"},
        {"io.k8s.api.policy.v1.PodDisruptionBudgetSpec",
         "The desired protection; set minAvailable or maxUnavailable.",
         {
             intOrString("maxUnavailable", "The most pods that may be unavailable after an eviction: a count or percentage."),
             intOrString("minAvailable", "The fewest pods that must stay available: a count or percentage."),
             object("selector", kLabelSelector, "The pods protected."),
             str("unhealthyPodEvictionPolicy", "IfHealthyBudget (default) or AlwaysAllow: may pods that are not ready be evicted?"),
         }},
        {"io.k8s.api.policy.v1.PodDisruptionBudgetStatus",
         "The observed state of a PodDisruptionBudget.",
         {
             list("conditions", kCondition, "DisruptionAllowed."),
             integer("currentHealthy", "Protected pods that are healthy now."),
             integer("desiredHealthy", "Healthy pods needed."),
             mapOf("disruptedPods", Type::Time, "Pods being evicted, with when the eviction was accepted."),
             integer("disruptionsAllowed", "How many more pods may be disrupted now."),
             integer("expectedPods", "Protected pods in total."),
             integer("observedGeneration", "The generation last acted on."),
         }},
        // ---- discovery.k8s.io/v1 EndpointSlice ----
        {"io.k8s.api.discovery.v1.EndpointSlice",
         "A part of the endpoints of a Service: addresses of ready and not-ready pods with their ports. Labelled "
         "kubernetes.io/service-name.",
         {
             str("addressType", "IPv4, IPv6 or FQDN: the kind of every address in the slice."),
             apiVersionField(),
             list("endpoints", "io.k8s.api.discovery.v1.Endpoint", "The endpoints (at most 1000)."),
             kindField(),
             metadataField(),
             list("ports", "io.k8s.api.discovery.v1.EndpointPort", "The ports every endpoint offers."),
         },
         "discovery.k8s.io", "v1", "EndpointSlice"},
        {"io.k8s.api.discovery.v1.Endpoint",
         "One endpoint, usually a pod.",
         {
             strings("addresses", "Its addresses; usually one."),
             object("conditions", "io.k8s.api.discovery.v1.EndpointConditions", "Ready, serving, terminating."),
             stringMap("deprecatedTopology", "Deprecated topology labels; use nodeName and zone."),
             object("hints", "io.k8s.api.discovery.v1.EndpointHints", "Hints for topology-aware routing."),
             str("hostname", "Its hostname, for DNS."),
             str("nodeName", "The node it runs on."),
             object("targetRef", kObjectReference, "The pod it is."),
             str("zone", "The zone it runs in."),
         }},
        {"io.k8s.api.discovery.v1.EndpointConditions",
         "The state of an endpoint.",
         {
             boolean("ready", "Ready for traffic: serving and not terminating."),
             boolean("serving", "Passing its readiness checks, even while terminating."),
             boolean("terminating", "Shutting down."),
         }},
        {"io.k8s.api.discovery.v1.EndpointHints",
         "Routing hints for an endpoint.",
         {
             list("forZones", "io.k8s.api.discovery.v1.ForZone", "Zones whose clients should use this endpoint."),
         }},
        {"io.k8s.api.discovery.v1.ForZone",
         "A zone.",
         {
             str("name", "The zone's name."),
         }},
        {"io.k8s.api.discovery.v1.EndpointPort",
         "A port of the endpoints in a slice.",
         {
             str("appProtocol", "The application protocol."),
             str("name", "The matching service port's name."),
             integer("port", "The port number."),
             str("protocol", "TCP, UDP or SCTP."),
         }},
        // ---- coordination.k8s.io/v1 Lease ----
        {"io.k8s.api.coordination.v1.Lease",
         "A lock with an expiry, renewed by its holder: used for node heartbeats and leader election.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.coordination.v1.LeaseSpec", "Who holds the lease and until when."),
         },
         "coordination.k8s.io", "v1", "Lease"},
        {"io.k8s.api.coordination.v1.LeaseSpec",
         "The state of a lease.",
         {
             microTime("acquireTime", "When the current holder acquired it."),
             str("holderIdentity", "Who holds it."),
             integer("leaseDurationSeconds", "How long it stays valid after a renewal."),
             integer("leaseTransitions", "How often it changed hands."),
             str("preferredHolder", "A holder to hand over to (coordinated leader election)."),
             microTime("renewTime", "When the holder last renewed it."),
             str("strategy", "How a new holder is chosen (coordinated leader election), e.g. OldestEmulationVersion."),
         }},
        // ---- scheduling.k8s.io/v1 PriorityClass ----
        {"io.k8s.api.scheduling.v1.PriorityClass",
         "A named priority for pods. Higher-priority pods are scheduled first and may preempt lower ones.",
         {
             apiVersionField(),
             str("description", "When to use this class, for people."),
             boolean("globalDefault", "Give this priority to pods that name no class; at most one class may."),
             kindField(),
             metadataField(),
             str("preemptionPolicy", "PreemptLowerPriority (default) or Never."),
             integer("value", "The priority; higher wins. Up to one billion for user classes."),
         },
         "scheduling.k8s.io", "v1", "PriorityClass"},
        // ---- apiregistration.k8s.io/v1 APIService ----
        {"io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService",
         "Where the API server finds one group version: served by itself (Local) or by another server it "
         "proxies to, such as metrics-server.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec", "Which group version, served by whom."),
             object("status", "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus", "Whether it answers."),
         },
         "apiregistration.k8s.io", "v1", "APIService"},
        {"io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec",
         "The group version and the server behind it.",
         {
             str("caBundle", "The PEM certificates to trust the server's certificate with."),
             str("group", "The API group."),
             integer("groupPriorityMinimum", "How early the group comes in discovery; higher first."),
             boolean("insecureSkipTLSVerify", "Do not check the server's certificate."),
             object("service", "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.ServiceReference",
                    "The Service in front of the server; none: the API server serves it itself."),
             str("version", "The API version."),
             integer("versionPriority", "The order of versions within the group; higher first."),
         }},
        {"io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.ServiceReference",
         "A Service by namespace, name and port.",
         {
             str("name", "The Service's name."),
             str("namespace", "The Service's namespace."),
             integer("port", "The port (443 unless set)."),
         }},
        {"io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus",
         "How the API service is doing.",
         {
             list("conditions", "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceCondition", "Available or not, and why."),
         }},
        {"io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceCondition",
         "One condition of an API service.",
         {
             timestamp("lastTransitionTime", "When the status last changed."),
             str("message", "Why, for people."),
             str("reason", "Why, in one CamelCase word."),
             str("status", "True, False or Unknown."),
             str("type", "Available."),
         }},
    };
    return types;
}

} // namespace k8slab::apiserver::schema
