// Printers for workload controllers, following pkg/printers/internalversion/printers.go of Kubernetes v1.32 (see
// table_printers_core.cpp for the conventions shared by all printers).
//
// Integer fields are read as the internal API types hold them: an absent optional count
// (spec.replicas before defaulting) is 0, Go's zero value.
#include "core/apiserver/table_printers_support.h"

#include "core/api/time_format.h"

namespace k8slab::apiserver::printers {

namespace {

ColumnDefinition containersColumn()
{
    return column("Containers", "string", kContainersDescription, 1);
}

ColumnDefinition imagesColumn()
{
    return column("Images", "string", kImagesDescription, 1);
}

ColumnDefinition selectorColumn(std::string description)
{
    return column("Selector", "string", std::move(description), 1);
}

/// Appends the wide CONTAINERS and IMAGES cells of a pod template.
void appendContainers(api::Json &cells, const api::Json &podTemplate)
{
    const ContainerCells containers = containerCells(list(podTemplate, {"spec", "containers"}));
    cells.push_back(containers.names);
    cells.push_back(containers.images);
}

/// The value, or an empty object standing in for Go's zero-valued struct.
const api::Json &templateOf(const api::Json &object)
{
    return orEmpty(find(object, {"spec", "template"}));
}

std::string ratio(std::int64_t a, std::int64_t b)
{
    return std::to_string(a) + "/" + std::to_string(b);
}

} // namespace

// ---- deployments -------------------------------------------------------------------

const std::vector<ColumnDefinition> &deploymentColumns()
{
    // UP-TO-DATE and AVAILABLE are declared "string" upstream but sent as integers.
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Ready", "string", "Number of the pod with ready state"),
        column("Up-to-date", "string",
               "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        column("Available", "string",
               "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        ageColumn(),
        containersColumn(),
        imagesColumn(),
        selectorColumn("Label selector for pods."),
    };
    return columns;
}

api::Json deploymentCells(const api::Json &deployment, engine::TimePoint now)
{
    api::Json cells = api::Json::array({
        objectName(deployment),
        ratio(integer(deployment, {"status", "readyReplicas"}), integer(deployment, {"spec", "replicas"})),
        integerCell(integer(deployment, {"status", "updatedReplicas"})),
        integerCell(integer(deployment, {"status", "availableReplicas"})),
        age(deployment, now),
    });
    appendContainers(cells, templateOf(deployment));
    // Unlike the other controllers, an empty selector prints "" here, not "<none>".
    cells.push_back(selectorString(find(deployment, {"spec", "selector"})).value_or("<invalid>"));
    return cells;
}

// ---- replica sets and replication controllers --------------------------------------

const std::vector<ColumnDefinition> &replicaSetColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Desired", "integer", "Replicas is the number of desired pods."),
        column("Current", "integer", "Replicas is the most recently observed number of replicas."),
        column("Ready", "integer", "The number of ready replicas for this replica set."),
        ageColumn(),
        containersColumn(),
        imagesColumn(),
        selectorColumn("Selector is a label query over pods that should match the replica count."),
    };
    return columns;
}

api::Json replicaSetCells(const api::Json &replicaSet, engine::TimePoint now)
{
    api::Json cells = api::Json::array({
        objectName(replicaSet),
        integerCell(integer(replicaSet, {"spec", "replicas"})),
        integerCell(integer(replicaSet, {"status", "replicas"})),
        integerCell(integer(replicaSet, {"status", "readyReplicas"})),
        age(replicaSet, now),
    });
    appendContainers(cells, templateOf(replicaSet));
    cells.push_back(formatLabelSelector(find(replicaSet, {"spec", "selector"})));
    return cells;
}

const std::vector<ColumnDefinition> &replicationControllerColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Desired", "integer", "Replicas is the number of desired replicas."),
        column("Current", "integer", "Replicas is the most recently observed number of replicas."),
        column("Ready", "integer", "The number of ready replicas for this replication controller."),
        ageColumn(),
        containersColumn(),
        imagesColumn(),
        selectorColumn("Selector is a label query over pods that should match the Replicas count."),
    };
    return columns;
}

api::Json replicationControllerCells(const api::Json &controller, engine::TimePoint now)
{
    api::Json cells = api::Json::array({
        objectName(controller),
        integerCell(integer(controller, {"spec", "replicas"})),
        integerCell(integer(controller, {"status", "replicas"})),
        integerCell(integer(controller, {"status", "readyReplicas"})),
        age(controller, now),
    });
    appendContainers(cells, templateOf(controller));
    // A replication controller's selector is a plain label map.
    cells.push_back(formatLabels(find(controller, {"spec", "selector"})));
    return cells;
}

// ---- daemon sets and stateful sets -------------------------------------------------

const std::vector<ColumnDefinition> &daemonSetColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Desired", "integer", "The total number of nodes that should be running the daemon pod "
                                     "(including nodes correctly running the daemon pod)."),
        column("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are "
                                     "supposed to run the daemon pod."),
        column("Ready", "integer", "numberReady is the number of nodes that should be running the daemon pod "
                                   "and have one or more of the daemon pod running with a Ready Condition."),
        column("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
        column("Available", "integer", "The number of nodes that should be running the daemon pod and have one "
                                       "or more of the daemon pod running and available (ready for at least "
                                       "spec.minReadySeconds)"),
        column("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on "
                                          "a node."),
        ageColumn(),
        containersColumn(),
        imagesColumn(),
        selectorColumn("A label query over pods that are managed by the daemon set."),
    };
    return columns;
}

api::Json daemonSetCells(const api::Json &daemonSet, engine::TimePoint now)
{
    api::Json cells = api::Json::array({
        objectName(daemonSet),
        integerCell(integer(daemonSet, {"status", "desiredNumberScheduled"})),
        integerCell(integer(daemonSet, {"status", "currentNumberScheduled"})),
        integerCell(integer(daemonSet, {"status", "numberReady"})),
        integerCell(integer(daemonSet, {"status", "updatedNumberScheduled"})),
        integerCell(integer(daemonSet, {"status", "numberAvailable"})),
        formatLabels(find(daemonSet, {"spec", "template", "spec", "nodeSelector"})),
        age(daemonSet, now),
    });
    appendContainers(cells, templateOf(daemonSet));
    cells.push_back(formatLabelSelector(find(daemonSet, {"spec", "selector"})));
    return cells;
}

const std::vector<ColumnDefinition> &statefulSetColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Ready", "string", "Number of the pod with ready state"),
        ageColumn(),
        containersColumn(),
        imagesColumn(),
    };
    return columns;
}

api::Json statefulSetCells(const api::Json &statefulSet, engine::TimePoint now)
{
    api::Json cells = api::Json::array({
        objectName(statefulSet),
        ratio(integer(statefulSet, {"status", "readyReplicas"}), integer(statefulSet, {"spec", "replicas"})),
        age(statefulSet, now),
    });
    appendContainers(cells, templateOf(statefulSet));
    return cells;
}

// ---- jobs and cron jobs ------------------------------------------------------------

const std::vector<ColumnDefinition> &jobColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Status", "string", "Status of the job."),
        column("Completions", "string", "The number of pods which reached phase Succeeded."),
        column("Duration", "string", "Time required to complete the job."),
        ageColumn(),
        containersColumn(),
        imagesColumn(),
        selectorColumn("A label query over pods that should match the pod count."),
    };
    return columns;
}

namespace {

/// hasJobCondition: the status of the first condition of that type is True.
bool jobCondition(const api::Json &job, std::string_view type)
{
    for (const api::Json &condition : list(job, {"status", "conditions"})) {
        if (text(condition, {"type"}) == type)
            return text(condition, {"status"}) == "True";
    }
    return false;
}

std::string jobStatus(const api::Json &job)
{
    if (jobCondition(job, "Complete"))
        return "Complete";
    if (jobCondition(job, "Failed"))
        return "Failed";
    if (find(job, {"metadata", "deletionTimestamp"}))
        return "Terminating";
    if (jobCondition(job, "Suspended"))
        return "Suspended";
    if (jobCondition(job, "FailureTarget"))
        return "FailureTarget";
    return "Running";
}

std::string jobCompletions(const api::Json &job)
{
    const std::int64_t succeeded = integer(job, {"status", "succeeded"});
    if (find(job, {"spec", "completions"}))
        return ratio(succeeded, integer(job, {"spec", "completions"}));
    // Without completions the job is done after one success, however many run at once.
    const std::int64_t parallelism = integer(job, {"spec", "parallelism"});
    if (parallelism > 1)
        return ratio(succeeded, 1) + " of " + std::to_string(parallelism);
    return ratio(succeeded, 1);
}

std::string jobDuration(const api::Json &job, engine::TimePoint now)
{
    const auto start = timestamp(job, {"status", "startTime"});
    if (!start)
        return "";
    const auto completion = timestamp(job, {"status", "completionTime"});
    return completion ? api::humanDuration(*completion - *start) : durationSince(*start, now);
}

} // namespace

api::Json jobCells(const api::Json &job, engine::TimePoint now)
{
    api::Json cells = api::Json::array({
        objectName(job),
        jobStatus(job),
        jobCompletions(job),
        jobDuration(job, now),
        age(job, now),
    });
    appendContainers(cells, templateOf(job));
    cells.push_back(formatLabelSelector(find(job, {"spec", "selector"})));
    return cells;
}

const std::vector<ColumnDefinition> &cronJobColumns()
{
    // SUSPEND is declared "boolean" upstream but its cell is the string "True"/"False".
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        column("Timezone", "string", "The time zone name for the given schedule, see "
                                     "https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
        column("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does "
                                     "not apply to already started executions."),
        column("Active", "integer", "A list of pointers to currently running jobs."),
        column("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
        ageColumn(),
        containersColumn(),
        imagesColumn(),
        selectorColumn("A label query over pods that should match the pod count."),
    };
    return columns;
}

api::Json cronJobCells(const api::Json &cronJob, engine::TimePoint now)
{
    std::string lastSchedule = "<none>";
    if (find(cronJob, {"status", "lastScheduleTime"}))
        lastSchedule = ageCell(timestamp(cronJob, {"status", "lastScheduleTime"}), now);
    std::string timeZone = "<none>";
    if (const api::Json *zone = find(cronJob, {"spec", "timeZone"}))
        timeZone = zone->is_string() ? zone->get<std::string>() : std::string();
    std::string suspend = "<unset>";
    if (const api::Json *value = find(cronJob, {"spec", "suspend"}); value && value->is_boolean())
        suspend = value->get<bool>() ? "True" : "False";

    const api::Json &jobTemplate = orEmpty(find(cronJob, {"spec", "jobTemplate", "spec"}));
    api::Json cells = api::Json::array({
        objectName(cronJob),
        text(cronJob, {"spec", "schedule"}),
        timeZone,
        suspend,
        integerCell(static_cast<std::int64_t>(count(cronJob, {"status", "active"}))),
        lastSchedule,
        age(cronJob, now),
    });
    appendContainers(cells, orEmpty(find(jobTemplate, {"template"})));
    cells.push_back(formatLabelSelector(find(jobTemplate, {"selector"})));
    return cells;
}

// ---- controller revisions ----------------------------------------------------------

const std::vector<ColumnDefinition> &controllerRevisionColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Controller", "string", "Controller of the object"),
        column("Revision", "string", "Revision indicates the revision of the state represented by Data."),
        ageColumn(),
    };
    return columns;
}

api::Json controllerRevisionCells(const api::Json &revision, engine::TimePoint now)
{
    // "daemonset.apps/fluentd": the controlling owner as lower(Kind.group)/name.
    std::string controller = "<none>";
    for (const api::Json &owner : list(revision, {"metadata", "ownerReferences"})) {
        if (!flag(owner, {"controller"}))
            continue;
        const std::string apiVersion = text(owner, {"apiVersion"});
        const auto slash = apiVersion.find('/');
        const std::string group = slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
        const std::string kind = text(owner, {"kind"});
        const std::string name = text(owner, {"name"});
        if (group.empty() && kind.empty())
            controller = name;
        else
            controller = toLower(group.empty() ? kind : kind + "." + group) + "/" + name;
        break;
    }
    return api::Json::array({
        objectName(revision),
        controller,
        integerCell(integer(revision, {"revision"})),
        age(revision, now),
    });
}

} // namespace k8slab::apiserver::printers
