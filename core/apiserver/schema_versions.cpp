// Type definitions of the versions served from another version's storage:
// autoscaling/v1 HorizontalPodAutoscaler (stored as v2) and events.k8s.io/v1 Event
// (stored as core/v1). Field names follow Kubernetes v1.32; the descriptions are ours.
#include "core/apiserver/schema_types.h"

namespace k8slab::apiserver::schema {

namespace {
constexpr std::string_view kV1Reference = "io.k8s.api.autoscaling.v1.CrossVersionObjectReference";
} // namespace

const std::vector<TypeDef> &otherVersionTypes()
{
    static const std::vector<TypeDef> types = {
        // ---- autoscaling/v1 HorizontalPodAutoscaler ----
        {"io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler",
         "The first autoscaler API: scales a workload on average CPU use only. Stored as autoscaling/v2, which "
         "can say more.",
         {
             apiVersionField(),
             kindField(),
             metadataField(),
             object("spec", "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec", "What to scale and the CPU target."),
             object("status", "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus", "The CPU measured and the last decision."),
         },
         "autoscaling", "v1", "HorizontalPodAutoscaler"},
        {"io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec",
         "What an autoscaler scales, between which bounds, towards which CPU use.",
         {
             integer("maxReplicas", "The most replicas to scale to."),
             integer("minReplicas", "The fewest replicas to scale to (default 1)."),
             object("scaleTargetRef", kV1Reference, "The object to scale."),
             integer("targetCPUUtilizationPercentage", "Average CPU use to aim for, as a percentage of the requests."),
         }},
        {kV1Reference,
         "Names an object by kind and name in the same namespace.",
         {
             str("apiVersion", "The object's API group and version, e.g. apps/v1."),
             str("kind", "The object's kind, e.g. Deployment."),
             str("name", "The object's name."),
         }},
        {"io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus",
         "What an autoscaler last saw and did.",
         {
             integer("currentCPUUtilizationPercentage", "Average CPU use measured, as a percentage of the requests."),
             integer("currentReplicas", "Replicas running now."),
             integer("desiredReplicas", "Replicas it last asked for."),
             timestamp("lastScaleTime", "When it last changed the replica count."),
             integer("observedGeneration", "The generation of the spec it last acted on."),
         }},
        // ---- events.k8s.io/v1 Event ----
        {"io.k8s.api.events.v1.Event",
         "A report of something that happened to an object, in the newer events API. The same objects as core/v1 "
         "Events, with clearer field names.",
         {
             str("action", "What was done (or failed), e.g. Binding."),
             apiVersionField(),
             integer("deprecatedCount", "How many times it occurred (core/v1's count)."),
             timestamp("deprecatedFirstTimestamp", "When it first occurred (core/v1's firstTimestamp)."),
             timestamp("deprecatedLastTimestamp", "When it last occurred (core/v1's lastTimestamp)."),
             object("deprecatedSource", "io.k8s.api.core.v1.EventSource", "The reporter (core/v1's source)."),
             microTime("eventTime", "When it first occurred, with microseconds."),
             kindField(),
             metadataField(),
             str("note", "A human-readable description (core/v1's message)."),
             str("reason", "A short machine-readable reason, e.g. Scheduled."),
             object("regarding", kObjectReference, "The object the event is about (core/v1's involvedObject)."),
             object("related", kObjectReference, "A second object involved, if any."),
             str("reportingController", "The controller that reported it, e.g. kubelet."),
             str("reportingInstance", "Which instance of that controller, e.g. the node's name."),
             object("series", "io.k8s.api.events.v1.EventSeries", "Data about a series of repeated occurrences."),
             str("type", "Normal or Warning."),
         },
         "events.k8s.io", "v1", "Event"},
        {"io.k8s.api.events.v1.EventSeries",
         "A series of repeated occurrences of one event.",
         {
             integer("count", "Occurrences so far."),
             microTime("lastObservedTime", "When the last one occurred."),
         }},
    };
    return types;
}

} // namespace k8slab::apiserver::schema
