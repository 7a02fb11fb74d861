#include "core/controllers/cronjob_controller.h"

#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"
#include "core/api/cron_schedule.h"

#include <algorithm>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

const apiserver::ResourceInfo &cronJobs() { return client::resource("batch", "v1", "cronjobs"); }
const apiserver::ResourceInfo &jobs() { return client::resource("batch", "v1", "jobs"); }

// "Complete" or "Failed" when the Job has finished, else "".
std::string finishedAs(const Json &job)
{
    for (const char *type : {"Complete", "Failed"})
        if (const Json *c = findCondition(jsonAt(job, "status"), type); c && c->value("status", "") == "True")
            return type;
    return {};
}

Json jobReference(const Json &job)
{
    return {{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"name", textAt(job, "metadata.name")},
            {"namespace", textAt(job, "metadata.namespace")}, {"uid", textAt(job, "metadata.uid")},
            {"resourceVersion", textAt(job, "metadata.resourceVersion")}};
}

} // namespace

CronJobController::CronJobController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_cronJobs(informers.forResource(cronJobs())), m_jobs(informers.forResource(jobs())),
      m_queue(client.api().loop(), "cronjob", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "cronjob-controller")
{
}

void CronJobController::start()
{
    const auto enqueue = [this](const Json &cj) { m_queue.add(client::Informer::keyOf(cj)); };
    m_cronJobs.addHandlers({enqueue, [enqueue](const Json &, const Json &cj) { enqueue(cj); }, {}});
    const auto jobChanged = [this](const Json &job) {
        if (const Json *ref = controllerRef(job); ref && ref->value("kind", "") == "CronJob")
            m_queue.add(textAt(job, "metadata.namespace") + "/" + ref->value("name", ""));
    };
    m_jobs.addHandlers({jobChanged, [jobChanged](const Json &, const Json &j) { jobChanged(j); }, jobChanged});
}

void CronJobController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_cronJobs.get(ns, name);
    if (!found)
        return;
    Json cj = *found;
    if (isTerminating(cj))
        return;
    const engine::TimePoint now = m_client.api().loop().now();
    Json status = cj.value("status", Json::object());
    const Json before = status;

    // The Jobs it owns: active ones listed, finished ones noticed and trimmed to the history limits.
    std::vector<Json> owned;
    for (const Json *job : m_jobs.list({}, ns))
        if (const Json *ref = controllerRef(*job); ref && ref->value("uid", "") == textAt(cj, "metadata.uid"))
            owned.push_back(*job);
    std::sort(owned.begin(), owned.end(), [](const Json &a, const Json &b) {
        return textAt(a, "metadata.creationTimestamp") < textAt(b, "metadata.creationTimestamp");
    });
    Json active = Json::array();
    std::vector<const Json *> succeeded, failed;
    const Json previouslyActive = status.value("active", Json::array());
    for (const Json &job : owned) {
        const std::string done = finishedAs(job);
        if (done.empty()) {
            if (!isTerminating(job))
                active.push_back(jobReference(job));
            continue;
        }
        (done == "Complete" ? succeeded : failed).push_back(&job);
        for (const Json &ref : previouslyActive)
            if (ref.value("uid", "") == textAt(job, "metadata.uid"))
                (void)m_events.record(cj, "Normal", "SawCompletedJob",
                                      "Saw completed job: " + textAt(job, "metadata.name") + ", condition: " + done);
        if (done == "Complete") {
            const std::string completed = textAt(job, "status.completionTime");
            if (!completed.empty() && completed > textAt(status, "lastSuccessfulTime"))
                status["lastSuccessfulTime"] = completed;
        }
    }
    const auto trim = [&](const std::vector<const Json *> &finished, std::int64_t limit) {
        for (std::size_t i = 0; i + static_cast<std::size_t>(std::max<std::int64_t>(limit, 0)) < finished.size(); ++i) {
            const std::string job = textAt(*finished[i], "metadata.name");
            if (m_client.remove(jobs(), ns, job, {{"propagationPolicy", "Background"}}).ok())
                (void)m_events.record(cj, "Normal", "SuccessfulDelete", "Deleted job " + job);
        }
    };
    trim(succeeded, intAt(cj, "spec.successfulJobsHistoryLimit", 3));
    trim(failed, intAt(cj, "spec.failedJobsHistoryLimit", 1));

    auto schedule = api::CronSchedule::parse(textAt(cj, "spec.schedule"));
    Result<api::TimeZone> zone = api::TimeZone::load(textAt(cj, "spec.timeZone"));
    if (!schedule.ok()) {
        (void)m_events.record(cj, "Warning", "UnparseableSchedule",
                              "unparseable schedule: \"" + textAt(cj, "spec.schedule") + "\" : " + schedule.status().message());
    } else if (!zone.ok()) {
        (void)m_events.record(cj, "Warning", "UnknownTimeZone",
                              "invalid timeZone: \"" + textAt(cj, "spec.timeZone") + "\": " + zone.status().message());
    } else if (jsonAt(cj, "spec.suspend") != true) {
        if (jsonAt(cj, "spec.timeZone").is_string())
            schedule->setTimeZone(*zone);
        // The most recent scheduled time not yet run, counting the runs missed on the way.
        const auto lastScheduled = api::parseTime(textAt(status, "lastScheduleTime"));
        const auto created = api::parseTime(textAt(cj, "metadata.creationTimestamp"));
        engine::TimePoint from = lastScheduled ? *lastScheduled : created ? *created : now;
        std::optional<engine::TimePoint> due;
        int missed = 0;
        for (engine::TimePoint t = schedule->next(from); t <= now; t = schedule->next(t)) {
            due = t;
            if (++missed > 100)
                break;
        }
        if (missed > 100)
            (void)m_events.record(cj, "Warning", "TooManyMissedTimes",
                                  "too many missed start times: " + std::to_string(missed)
                                      + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        const Json &deadline = jsonAt(cj, "spec.startingDeadlineSeconds");
        const std::string policy = jsonAt(cj, "spec.concurrencyPolicy").is_string() ? textAt(cj, "spec.concurrencyPolicy") : "Allow";
        if (due && deadline.is_number_integer() && *due + std::chrono::seconds(deadline.get<std::int64_t>()) < now) {
            (void)m_events.record(cj, "Warning", "MissSchedule",
                                  "Missed scheduled time to start a job: " + api::formatTime(*due));
            status["lastScheduleTime"] = api::formatTime(*due);
        } else if (due && policy == "Forbid" && !active.empty()) {
            (void)m_events.record(cj, "Normal", "JobAlreadyActive",
                                  "Not starting job because prior execution is running and concurrency policy is Forbid");
        } else if (due) {
            if (policy == "Replace")
                for (const Json &ref : active) {
                    const std::string job = ref.value("name", "");
                    if (m_client.remove(jobs(), ns, job, {{"propagationPolicy", "Background"}}).ok())
                        (void)m_events.record(cj, "Normal", "SuccessfulDelete", "Deleted job " + job);
                }
            if (policy == "Replace")
                active = Json::array();
            const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(due->time_since_epoch()).count();
            const std::string jobName = name + "-" + std::to_string(minutes);
            const Json &tmpl = jsonAt(cj, "spec.jobTemplate");
            Json job = {{"apiVersion", "batch/v1"}, {"kind", "Job"},
                        {"metadata", {{"name", jobName}, {"namespace", ns},
                                      {"ownerReferences", Json::array({controllerReferenceTo(cj)})}}},
                        {"spec", tmpl.value("spec", Json::object())}};
            if (jsonAt(tmpl, "metadata.labels").is_object())
                job["metadata"]["labels"] = jsonAt(tmpl, "metadata.labels");
            Json annotations = jsonAt(tmpl, "metadata.annotations").is_object() ? jsonAt(tmpl, "metadata.annotations") : Json::object();
            // In the CronJob's time zone, with its offset (RFC 3339), as upstream writes it.
            annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] = api::formatTimeWithOffset(*due, zone->offsetAt(*due));
            job["metadata"]["annotations"] = annotations;
            traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.cronjob.sync", cj,
                           {{"scheduledTime", api::formatTime(*due)}, {"job", jobName}, {"concurrencyPolicy", policy},
                            {"active", std::to_string(active.size())}});
            auto created = m_client.create(jobs(), ns, job);
            if (created.ok() || created.status().code() == StatusCode::AlreadyExists) {
                if (created.ok()) {
                    (void)m_events.record(cj, "Normal", "SuccessfulCreate", "Created job " + jobName);
                    active.push_back(jobReference(*created));
                }
                status["lastScheduleTime"] = api::formatTime(*due);
            } else {
                (void)m_events.record(cj, "Warning", "FailedCreate", "Error creating job: " + created.status().message());
                m_queue.addRateLimited(key);
            }
        }
        // Wake at the next scheduled time.
        const engine::TimePoint next = schedule->next(now);
        if (next != engine::TimePoint::max())
            m_queue.addAfter(key, next - now + std::chrono::milliseconds(100));
    }
    if (active.empty())
        status.erase("active");
    else
        status["active"] = active;
    if (status != before) {
        cj["status"] = status;
        (void)m_client.updateStatus(cronJobs(), cj);
    }
}

} // namespace k8slab::controllers
