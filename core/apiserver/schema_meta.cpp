// Type definitions of apimachinery's meta/v1 structures that every kind shares: object
// metadata, owner references, managed fields, label selectors, conditions and Status.
// Field names and shapes follow Kubernetes v1.32; the descriptions are the lab's own.
#include "core/apiserver/schema_types.h"

namespace k8slab::apiserver::schema {

namespace {
constexpr std::string_view kManagedFieldsEntry = "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry";
constexpr std::string_view kOwnerReference = "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference";
constexpr std::string_view kLabelSelectorRequirement = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement";
constexpr std::string_view kStatusDetails = "io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails";
constexpr std::string_view kStatusCause = "io.k8s.apimachinery.pkg.apis.meta.v1.StatusCause";
} // namespace

const std::vector<TypeDef> &metaTypes()
{
    static const std::vector<TypeDef> types = {
        {kObjectMeta,
         "Metadata every stored object carries: its name, namespace, labels and annotations, and the bookkeeping "
         "the server keeps (uid, resourceVersion, timestamps, owners).",
         {
             stringMap("annotations", "Free-form key/value notes for tools and people; selectors never look at them."),
             timestamp("creationTimestamp", "When the server created the object. Set by the server, read-only."),
             integer("deletionGracePeriodSeconds",
                     "Seconds the object was given to shut down once its deletion began. Set by the server."),
             timestamp("deletionTimestamp",
                       "When deletion was requested. The object stays until its finalizers are gone. Set by the server."),
             strings("finalizers", "Tasks that must finish (and remove their entry) before the object is really deleted."),
             str("generateName", "A prefix the server turns into a unique name when name is empty."),
             integer("generation", "Counts changes to the desired state (spec). Set by the server."),
             stringMap("labels", "Key/value tags that selectors match: services, controllers, kubectl get -l."),
             list("managedFields", kManagedFieldsEntry,
                  "Which manager (kubectl, a controller) last set which fields; used by server-side apply."),
             str("name", "The object's name, unique among objects of its kind in its namespace."),
             str("namespace", "The namespace the object lives in; empty for cluster-wide kinds such as Node."),
             list("ownerReferences", kOwnerReference,
                  "The objects this one belongs to. When every owner is gone, the garbage collector deletes it."),
             str("resourceVersion",
                 "An opaque version the server changes on every write; used to detect conflicting updates and to "
                 "resume watches."),
             str("selfLink", "Deprecated and no longer set: the object's URL."),
             str("uid", "A unique id the server assigns when the object is created; never reused."),
         }},
        {kOwnerReference,
         "Points at the object that owns this one, e.g. the ReplicaSet that created a pod.",
         {
             str("apiVersion", "The owner's API group and version."),
             boolean("blockOwnerDeletion",
                     "If true, a foreground deletion of the owner waits until this object is deleted."),
             boolean("controller", "True for the one owner that manages this object."),
             str("kind", "The owner's kind."),
             str("name", "The owner's name (same namespace as this object)."),
             str("uid", "The owner's uid, so a new object with the same name is not mistaken for it."),
         }},
        {kManagedFieldsEntry,
         "Records which fields one manager set with one kind of operation.",
         {
             str("apiVersion", "The version of the object's schema the field set refers to."),
             str("fieldsType", "The format of fieldsV1; always \"FieldsV1\"."),
             freeForm("fieldsV1", "The set of fields owned, as a nested structure of field keys."),
             str("manager", "Who made the change, e.g. \"kubectl-client-side-apply\"."),
             str("operation", "\"Apply\" (server-side apply) or \"Update\" (any other write)."),
             str("subresource", "The subresource written through (e.g. \"status\"), or empty for the object itself."),
             timestamp("time", "When this manager last changed one of these fields."),
         }},
        {kLabelSelector,
         "Selects objects by their labels. All conditions must hold; an empty selector selects everything.",
         {
             list("matchExpressions", kLabelSelectorRequirement, "Conditions on labels (In, NotIn, Exists, ...)."),
             stringMap("matchLabels", "Labels that must be present with exactly these values."),
         }},
        {kLabelSelectorRequirement,
         "One condition of a label selector.",
         {
             str("key", "The label key the condition is about."),
             str("operator", "In, NotIn, Exists or DoesNotExist."),
             strings("values", "The values for In/NotIn; must be empty for Exists/DoesNotExist."),
         }},
        {kCondition,
         "One aspect of an object's observed state, e.g. type Available with status \"True\".",
         {
             timestamp("lastTransitionTime", "When status last changed."),
             str("message", "A human-readable explanation."),
             integer("observedGeneration", "The metadata.generation the condition was computed from."),
             str("reason", "A one-word, CamelCase reason for the last change."),
             str("status", "\"True\", \"False\" or \"Unknown\"."),
             str("type", "Which aspect this condition describes."),
         }},
        {kListMeta,
         "Metadata of a list: where to continue and which version it reflects.",
         {
             str("continue", "A token to fetch the next page when the list was cut short by a limit."),
             integer("remainingItemCount", "Roughly how many items are left after this page."),
             str("resourceVersion", "The version of the collection this list shows; watch from here."),
             str("selfLink", "Deprecated and no longer set."),
         }},
        {"io.k8s.apimachinery.pkg.apis.meta.v1.Status",
         "The result of a request that returns no object: a failure (with reason and code) or a success such as "
         "a deletion.",
         {
             apiVersionField(),
             integer("code", "The HTTP status code."),
             object("details", kStatusDetails, "More about the affected object and the fields at fault."),
             kindField(),
             str("message", "A human-readable description."),
             object("metadata", kListMeta, "List metadata; usually empty."),
             str("reason", "A machine-readable reason, e.g. NotFound, AlreadyExists, Invalid."),
             str("status", "\"Success\" or \"Failure\"."),
         },
         "", "v1", "Status"},
        {kStatusDetails,
         "Which object a Status is about, and why.",
         {
             list("causes", kStatusCause, "The individual problems, e.g. one per invalid field."),
             str("group", "The API group of the object."),
             str("kind", "The kind of the object."),
             str("name", "The name of the object."),
             integer("retryAfterSeconds", "How long a client should wait before trying again."),
             str("uid", "The uid of the object."),
         }},
        {kStatusCause,
         "One problem behind a failure.",
         {
             str("field", "The path of the field at fault, e.g. \"spec.containers[0].image\"."),
             str("message", "What is wrong, for people."),
             str("reason", "What is wrong, for machines, e.g. FieldValueRequired."),
         }},
    };
    return types;
}

} // namespace k8slab::apiserver::schema
