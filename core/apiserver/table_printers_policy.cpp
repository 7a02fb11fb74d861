// Printers for autoscaling, policy, scheduling and RBAC kinds and the scale
// subresource, following pkg/printers/internalversion/printers.go of Kubernetes v1.32
// (see table_printers_core.cpp for the conventions shared by all printers).
#include "core/apiserver/table_printers_support.h"

#include "core/api/time_format.h"

namespace k8slab::apiserver::printers {

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


// ---- API services (kube-aggregator) ------------------------------------------------

const std::vector<ColumnDefinition> &apiServiceColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Service", "string", "The reference to the service that hosts this API endpoint."),
        column("Available", "string", "Whether this service is available."),
        ageColumn(),
    };
    return columns;
}

api::Json apiServiceCells(const api::Json &service, engine::TimePoint now)
{
    std::string where = "Local";
    if (const api::Json *ref = find(service, {"spec", "service"}); ref && ref->is_object())
        where = ref->value("namespace", "") + "/" + ref->value("name", "");
    std::string available = "Unknown";
    if (const api::Json *conditions = find(service, {"status", "conditions"}); conditions && conditions->is_array()) {
        for (const api::Json &c : *conditions) {
            if (c.value("type", "") != "Available")
                continue;
            available = c.value("status", "Unknown");
            if (available != "True")
                available += " (" + c.value("reason", "") + ")";
        }
    }
    return api::Json::array({objectName(service), where, available, age(service, now)});
}

} // namespace k8slab::apiserver::printers
