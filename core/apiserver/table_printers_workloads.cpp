// Printers for workload controllers, autoscaling, policy, scheduling and RBAC kinds,
// following pkg/printers/internalversion/printers.go of Kubernetes v1.32 (see
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
const api::Json &orEmpty(const api::Json *value)
{
    static const api::Json kEmpty = api::Json::object();
    return value ? *value : kEmpty;
}

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
    return api::humanDuration((completion ? *completion : now) - *start);
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
        lastSchedule = api::ageCell(timestamp(cronJob, {"status", "lastScheduleTime"}), now);
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

// ---- horizontal pod autoscalers ----------------------------------------------------

const std::vector<ColumnDefinition> &horizontalPodAutoscalerColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Reference", "string", "scaleTargetRef points to the target resource to scale, and is used to "
                                      "the pods for which metrics should be collected, as well as to actually "
                                      "change the replica count."),
        column("Targets", "string", "metrics contains the specifications for which to use to calculate the "
                                    "desired replica count (the maximum replica count across all metrics will "
                                    "be used)."),
        column("MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the "
                                    "autoscaler can scale down."),
        column("MaxPods", "string", "maxReplicas is the upper limit for the number of replicas to which the "
                                    "autoscaler can scale up."),
        column("Replicas", "string", "currentReplicas is current number of replicas of pods managed by this "
                                     "autoscaler, as last seen by the autoscaler."),
        ageColumn(),
    };
    return columns;
}

namespace {

std::string percent(const api::Json *value)
{
    return std::to_string(value && value->is_number() ? value->get<std::int64_t>() : 0) + "%";
}

/// One metric of formatHPAMetrics; `status` is the current metric at the same index
/// (nullptr when the status has fewer entries).
std::string formatMetric(const std::string &type, const api::Json &spec, const api::Json *status)
{
    if (type == "External" || type == "Object") {
        const std::string key = type == "External" ? "external" : "object";
        const api::Json &s = orEmpty(find(spec, {key}));
        const api::Json *statusSource = status ? find(*status, {key}) : nullptr;
        if (find(s, {"target", "averageValue"})) {
            std::string now = "<unknown>";
            if (statusSource && find(*statusSource, {"current", "averageValue"}))
                now = quantity(find(*statusSource, {"current", "averageValue"}));
            return now + "/" + quantity(find(s, {"target", "averageValue"})) + " (avg)";
        }
        const std::string now = statusSource ? quantity(find(*statusSource, {"current", "value"})) : "<unknown>";
        return now + "/" + quantity(find(s, {"target", "value"}));
    }
    if (type == "Pods") {
        const api::Json *statusSource = status ? find(*status, {"pods"}) : nullptr;
        const std::string now = statusSource ? quantity(find(*statusSource, {"current", "averageValue"})) : "<unknown>";
        return now + "/" + quantity(find(spec, {"pods", "target", "averageValue"}));
    }
    if (type == "Resource" || type == "ContainerResource") {
        const std::string key = type == "Resource" ? "resource" : "containerResource";
        const api::Json &s = orEmpty(find(spec, {key}));
        const api::Json *statusSource = status ? find(*status, {key}) : nullptr;
        const std::string name = text(s, {"name"});
        if (find(s, {"target", "averageValue"})) {
            const std::string now =
                statusSource ? quantity(find(*statusSource, {"current", "averageValue"})) : "<unknown>";
            return name + ": " + now + "/" + quantity(find(s, {"target", "averageValue"}));
        }
        std::string now = "<unknown>";
        if (statusSource && find(*statusSource, {"current", "averageUtilization"}))
            now = percent(find(*statusSource, {"current", "averageUtilization"}));
        const api::Json *target = find(s, {"target", "averageUtilization"});
        return name + ": " + now + "/" + (target ? percent(target) : "<auto>");
    }
    return "<unknown type>";
}

std::string hpaTargets(const api::Json &hpa)
{
    api::Json specs = list(hpa, {"spec", "metrics"});
    api::Json statuses = list(hpa, {"status", "currentMetrics"});
    // autoscaling/v1 objects carry one CPU target; conversion to the internal type
    // turns it into a Resource metric, as here.
    if (specs.empty() && find(hpa, {"spec", "targetCPUUtilizationPercentage"})) {
        const auto cpu = [](const char *field, std::int64_t percent) {
            api::Json metric = {{"type", "Resource"}, {"resource", {{"name", "cpu"}}}};
            metric["resource"][field] = {{"type", "Utilization"}, {"averageUtilization", percent}};
            return api::Json::array({metric});
        };
        specs = cpu("target", integer(hpa, {"spec", "targetCPUUtilizationPercentage"}));
        if (find(hpa, {"status", "currentCPUUtilizationPercentage"}))
            statuses = cpu("current", integer(hpa, {"status", "currentCPUUtilizationPercentage"}));
    }
    if (specs.empty())
        return "<none>";
    constexpr std::size_t kMax = 2;
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const api::Json *status = i < statuses.size() ? &statuses[i] : nullptr;
        if (shown.size() < kMax)
            shown.push_back(formatMetric(text(specs[i], {"type"}), specs[i], status));
    }
    std::string out = join(shown, ", ");
    if (specs.size() > kMax)
        out += " + " + std::to_string(specs.size() - kMax) + " more...";
    return out;
}

} // namespace

api::Json horizontalPodAutoscalerCells(const api::Json &hpa, engine::TimePoint now)
{
    std::string minPods = "<unset>";
    if (find(hpa, {"spec", "minReplicas"}))
        minPods = std::to_string(integer(hpa, {"spec", "minReplicas"}));
    return api::Json::array({
        objectName(hpa),
        text(hpa, {"spec", "scaleTargetRef", "kind"}) + "/" + text(hpa, {"spec", "scaleTargetRef", "name"}),
        hpaTargets(hpa),
        minPods,
        integerCell(integer(hpa, {"spec", "maxReplicas"})),
        integerCell(integer(hpa, {"status", "currentReplicas"})),
        age(hpa, now),
    });
}

// ---- pod disruption budgets --------------------------------------------------------

const std::vector<ColumnDefinition> &podDisruptionBudgetColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Min Available", "string", "The minimum number of pods that must be available."),
        column("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
        column("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
        ageColumn(),
    };
    return columns;
}

api::Json podDisruptionBudgetCells(const api::Json &budget, engine::TimePoint now)
{
    return api::Json::array({
        objectName(budget),
        quantity(find(budget, {"spec", "minAvailable"}), "N/A"),
        quantity(find(budget, {"spec", "maxUnavailable"}), "N/A"),
        integerCell(integer(budget, {"status", "disruptionsAllowed"})),
        age(budget, now),
    });
}

// ---- priority classes --------------------------------------------------------------

const std::vector<ColumnDefinition> &priorityClassColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Value", "integer", "value represents the integer value of this priority class."),
        column("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be "
                                            "considered as the default priority for pods that do not have any "
                                            "priority class."),
        ageColumn(),
        column("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority."),
    };
    return columns;
}

api::Json priorityClassCells(const api::Json &priorityClass, engine::TimePoint now)
{
    return api::Json::array({
        objectName(priorityClass),
        integerCell(integer(priorityClass, {"value"})),
        flag(priorityClass, {"globalDefault"}),
        age(priorityClass, now),
        text(priorityClass, {"preemptionPolicy"}),
    });
}

// ---- role bindings -----------------------------------------------------------------

namespace {

std::vector<ColumnDefinition> bindingColumns(const std::string &what)
{
    return {
        nameColumn(),
        column("Role", "string", "RoleRef can only reference a ClusterRole in the global namespace."),
        ageColumn(),
        column("Users", "string", "Users in the " + what, 1),
        column("Groups", "string", "Groups in the " + what, 1),
        column("ServiceAccounts", "string", "ServiceAccounts in the " + what, 1),
    };
}

} // namespace

const std::vector<ColumnDefinition> &roleBindingColumns()
{
    static const std::vector<ColumnDefinition> columns = [] {
        auto c = bindingColumns("roleBinding");
        c[1].description = "RoleRef can reference a Role in the current namespace or a ClusterRole in the "
                           "global namespace.";
        return c;
    }();
    return columns;
}

const std::vector<ColumnDefinition> &clusterRoleBindingColumns()
{
    static const std::vector<ColumnDefinition> columns = bindingColumns("clusterRoleBinding");
    return columns;
}

api::Json roleBindingCells(const api::Json &binding, engine::TimePoint now)
{
    std::vector<std::string> users, groups, serviceAccounts;
    for (const api::Json &subject : list(binding, {"subjects"})) {
        const std::string kind = text(subject, {"kind"});
        if (kind == "ServiceAccount")
            serviceAccounts.push_back(text(subject, {"namespace"}) + "/" + text(subject, {"name"}));
        else if (kind == "User")
            users.push_back(text(subject, {"name"}));
        else if (kind == "Group")
            groups.push_back(text(subject, {"name"}));
    }
    return api::Json::array({
        objectName(binding),
        text(binding, {"roleRef", "kind"}) + "/" + text(binding, {"roleRef", "name"}),
        age(binding, now),
        join(users, ", "),
        join(groups, ", "),
        join(serviceAccounts, ", "),
    });
}

api::Json clusterRoleBindingCells(const api::Json &binding, engine::TimePoint now)
{
    return roleBindingCells(binding, now);
}

// ---- scale subresource -------------------------------------------------------------

const std::vector<ColumnDefinition> &scaleColumns()
{
    // Upstream's Scale printer gives its Name column no "name" format.
    static const std::vector<ColumnDefinition> columns = {
        column("Name", "string", kNameDescription),
        column("Desired", "integer", "replicas is the desired number of instances for the scaled object."),
        column("Available", "integer", "replicas is the actual number of observed instances of the scaled object."),
        ageColumn(),
    };
    return columns;
}

api::Json scaleCells(const api::Json &scale, engine::TimePoint now)
{
    return api::Json::array({
        objectName(scale),
        integerCell(integer(scale, {"spec", "replicas"})),
        integerCell(integer(scale, {"status", "replicas"})),
        age(scale, now),
    });
}

} // namespace k8slab::apiserver::printers
