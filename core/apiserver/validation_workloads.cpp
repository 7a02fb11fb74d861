// Upstream's checks of the workload kinds' own fields (apps and batch validation):
// rolling-update fence posts of Deployments and DaemonSets, a Job's restart policy and
// counts, a CronJob's name, schedule, time zone and policies.
#include "core/api/cron_schedule.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/validation_causes.h"

#include <regex>

namespace k8slab::apiserver {

using api::Json;

namespace {

void nonNegative(const Json &value, const std::string &field, std::vector<StatusCause> &causes)
{
    if (value.is_number_integer() && value.get<std::int64_t>() < 0)
        causes.push_back(invalid(field, value, "must be greater than or equal to 0"));
}

// An IntOrString count or percentage ("25%"), as ValidatePositiveIntOrPercent and
// IsNotMoreThan100Percent check it; its value for the zero checks (-1: unreadable).
std::int64_t intOrPercent(const Json &value, const std::string &field, bool atMost100, std::vector<StatusCause> &causes)
{
    if (value.is_number_integer()) {
        nonNegative(value, field, causes);
        return value.get<std::int64_t>();
    }
    if (!value.is_string())
        return -1;
    static const std::regex percent("[0-9]+%");
    const std::string text = value.get<std::string>();
    if (!std::regex_match(text, percent)) {
        causes.push_back(invalid(field, value,
                                 "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  "
                                 "or '93%', regex used for validation is '[0-9]+%')"));
        return -1;
    }
    const std::int64_t n = std::atoll(text.c_str());
    if (atMost100 && n > 100)
        causes.push_back(invalid(field, value, "must not be greater than 100%"));
    return n;
}

void validateRestartPolicy(const Json &podSpec, const std::string &path, std::vector<StatusCause> &causes)
{
    const Json &policy = jsonAt(podSpec, "restartPolicy");
    if (policy != "OnFailure" && policy != "Never")
        causes.push_back(notSupported(path + ".restartPolicy", policy.is_null() ? Json("") : policy, {"OnFailure", "Never"}));
}

void validateJobSpec(const Json &spec, const std::string &path, std::vector<StatusCause> &causes)
{
    for (const char *count : {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"})
        nonNegative(jsonAt(spec, count), path + "." + count, causes);
    validateRestartPolicy(jsonAt(spec, "template.spec"), path + ".template.spec", causes);
}

// A time zone name as upstream's validateTimeZone checks it, then loads it.
void validateTimeZone(const Json &zone, std::vector<StatusCause> &causes)
{
    if (!zone.is_string())
        return;
    const std::string name = zone.get<std::string>();
    const std::string field = "spec.timeZone";
    if (name.empty()) {
        causes.push_back(invalid(field, zone, "timeZone must be nil or non-empty string"));
        return;
    }
    static const std::regex part("[A-Za-z.\\-_0-9+]{1,14}");
    std::size_t from = 0;
    for (;;) {
        const std::size_t slash = name.find('/', from);
        const std::string piece = name.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
        if (piece == "." || piece == ".." || piece.starts_with("-") || !std::regex_match(piece, part)) {
            causes.push_back(invalid(field, zone, "unknown time zone " + name));
            return;
        }
        if (slash == std::string::npos)
            break;
        from = slash + 1;
    }
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "local")
        causes.push_back(invalid(field, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
    if (Result<api::TimeZone> loaded = api::TimeZone::load(name); !loaded.ok())
        causes.push_back(invalid(field, zone, loaded.status().message()));
}

} // namespace

void validateRollingUpdate(const Json &object, bool daemonSet, std::vector<StatusCause> &causes)
{
    const char *strategy = daemonSet ? "updateStrategy" : "strategy";
    const Json &s = jsonAt(object, std::string("spec.") + strategy);
    if (jsonAt(s, "type").is_string() && jsonAt(s, "type") != "RollingUpdate")
        return;
    const Json &rolling = jsonAt(s, "rollingUpdate");
    if (!rolling.is_object())
        return;
    const std::string path = std::string("spec.") + strategy + ".rollingUpdate";
    const Json surge = rolling.value("maxSurge", Json(0));
    const Json unavailable = rolling.value("maxUnavailable", daemonSet ? Json(1) : Json(0));
    const std::int64_t u = intOrPercent(unavailable, path + ".maxUnavailable", true, causes);
    const std::int64_t g = intOrPercent(surge, path + ".maxSurge", daemonSet, causes);
    if (!daemonSet) {
        if (u == 0 && g == 0)
            causes.push_back(invalid(path + ".maxUnavailable", unavailable, "may not be 0 when `maxSurge` is 0"));
        return;
    }
    // A DaemonSet surges or leaves nodes unavailable, never both.
    if (u != 0 && g != 0)
        causes.push_back(invalid(path + ".maxSurge", surge, "may not be set when maxUnavailable is non-zero"));
    else if (u == 0 && g == 0)
        causes.push_back(required(path + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
}

void validateJob(const Json &job, std::vector<StatusCause> &causes)
{
    validateJobSpec(jsonAt(job, "spec"), "spec", causes);
}

void validateCronJob(const Json &cronJob, std::vector<StatusCause> &causes)
{
    const Json &name = jsonAt(cronJob, "metadata.name");
    // The Jobs it makes append "-" and eleven digits of minutes to its name.
    if (name.is_string() && name.get<std::string>().size() > 52)
        causes.push_back(invalid("metadata.name", name, "must be no more than 52 characters"));
    const Json &spec = jsonAt(cronJob, "spec");
    const Json &schedule = jsonAt(spec, "schedule");
    if (!schedule.is_string() || schedule.get<std::string>().empty()) {
        causes.push_back(required("spec.schedule"));
    } else {
        const std::string text = schedule.get<std::string>();
        if (Result<api::CronSchedule> parsed = api::CronSchedule::parse(text); !parsed.ok())
            causes.push_back(invalid("spec.schedule", schedule, parsed.status().message()));
        if (text.find("TZ") != std::string::npos)
            causes.push_back(invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    }
    validateTimeZone(jsonAt(spec, "timeZone"), causes);
    const Json &policy = jsonAt(spec, "concurrencyPolicy");
    if (!policy.is_null() && policy != "Allow" && policy != "Forbid" && policy != "Replace")
        causes.push_back(notSupported("spec.concurrencyPolicy", policy, {"Allow", "Forbid", "Replace"}));
    for (const char *count : {"startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"})
        nonNegative(jsonAt(spec, count), std::string("spec.") + count, causes);
    validateJobSpec(jsonAt(spec, "jobTemplate.spec"), "spec.jobTemplate.spec", causes);
}

} // namespace k8slab::apiserver
