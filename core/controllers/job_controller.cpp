#include "core/controllers/job_controller.h"

#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

const apiserver::ResourceInfo &jobs() { return client::resource("batch", "v1", "jobs"); }
const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }
constexpr const char *kTracking = "batch.kubernetes.io/job-tracking";
constexpr const char *kIndex = "batch.kubernetes.io/job-completion-index";
constexpr int kBurst = 500;

bool hasTracking(const Json &pod)
{
    const Json &f = jsonAt(pod, "metadata.finalizers");
    return f.is_array() && std::find(f.begin(), f.end(), kTracking) != f.end();
}

bool terminal(const Json &pod)
{
    const std::string phase = textAt(pod, "status.phase");
    return phase == "Succeeded" || phase == "Failed";
}

std::optional<engine::TimePoint> finishedAt(const Json &pod)
{
    std::optional<engine::TimePoint> latest;
    const Json &statuses = jsonAt(pod, "status.containerStatuses");
    for (const Json &s : statuses.is_array() ? statuses : Json::array())
        if (auto t = api::parseTime(jsonAt(s, "state.terminated.finishedAt").is_string()
                                        ? jsonAt(s, "state.terminated.finishedAt").get<std::string>() : std::string()))
            latest = latest ? std::max(*latest, *t) : *t;
    return latest;
}

std::optional<std::int64_t> indexOf(const Json &pod)
{
    const Json &annotations = jsonAt(pod, "metadata.annotations");
    if (!annotations.is_object() || !annotations.contains(kIndex) || !annotations[kIndex].is_string())
        return std::nullopt;
    const std::string text = annotations[kIndex].get<std::string>();
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::atoll(text.c_str());
}

bool conditionTrue(const Json &status, const std::string &type)
{
    const Json *c = findCondition(status, type);
    return c && c->value("status", "") == "True";
}

} // namespace

engine::Duration jobPodFailureBackoff(int failures)
{
    if (failures <= 0)
        return engine::Duration::zero();
    const auto cap = std::chrono::minutes(10);
    engine::Duration delay = std::chrono::seconds(10);
    for (int i = 1; i < failures && delay < cap; ++i)
        delay *= 2;
    return std::min<engine::Duration>(delay, cap);
}

std::string formatIndexes(const std::set<std::int64_t> &indexes)
{
    std::string out;
    for (auto it = indexes.begin(); it != indexes.end();) {
        std::int64_t first = *it, last = *it;
        while (++it != indexes.end() && *it == last + 1)
            last = *it;
        out += (out.empty() ? "" : ",") + std::to_string(first) + (last != first ? "-" + std::to_string(last) : "");
    }
    return out;
}

JobController::JobController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_jobs(informers.forResource(jobs())), m_pods(informers.forResource(pods())),
      m_queue(client.api().loop(), "job", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "job-controller"), m_expectations(client.api().loop())
{
}

void JobController::start()
{
    const auto enqueue = [this](const Json &job) { m_queue.add(client::Informer::keyOf(job)); };
    m_jobs.addHandlers({enqueue, [enqueue](const Json &, const Json &job) { enqueue(job); }, enqueue});
    m_pods.addHandlers({[this](const Json &p) { podChanged(p, false); },
                        [this](const Json &before, const Json &after) {
                            podChanged(after, isTerminating(after) && !isTerminating(before));
                        },
                        [this](const Json &p) { podChanged(p, true); }});
}

void JobController::podChanged(const Json &pod, bool gone)
{
    const Json *ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != "Job")
        return;
    const std::string key = textAt(pod, "metadata.namespace") + "/" + ref->value("name", "");
    if (gone)
        m_expectations.deletionObserved(key, client::Informer::keyOf(pod));
    else if (!isTerminating(pod))
        m_expectations.creationObserved(key);
    // A pod whose Job is gone must not be held by the tracking finalizer for ever.
    if (hasTracking(pod) && !m_jobs.get(textAt(pod, "metadata.namespace"), ref->value("name", ""))) {
        Json kept = Json::array();
        for (const Json &f : jsonAt(pod, "metadata.finalizers"))
            if (f != kTracking)
                kept.push_back(f);
        (void)m_client.patch(pods(), textAt(pod, "metadata.namespace"), textAt(pod, "metadata.name"),
                             "application/merge-patch+json", {{"metadata", {{"finalizers", kept.empty() ? Json() : kept}}}});
        return;
    }
    m_queue.add(key);
}

bool JobController::finish(Json &job, Json &status, const std::string &type, const std::string &reason,
                           const std::string &message)
{
    const engine::TimePoint now = m_client.api().loop().now();
    setCondition(status, type, "True", reason, message, now);
    if (type == "Complete") {
        status["completionTime"] = api::formatTime(now);
        (void)m_events.record(job, "Normal", "Completed", "Job completed");
    } else {
        (void)m_events.record(job, "Warning", reason, message);
    }
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.job.finished", job,
                   {{"condition", type}, {"reason", reason}});
    return true;
}

void JobController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_jobs.get(ns, name);
    if (!found) {
        m_expectations.forget(key);
        return;
    }
    Json job = *found;
    if (isTerminating(job))
        return;
    const engine::TimePoint now = m_client.api().loop().now();
    Json status = job.value("status", Json::object());
    const Json before = status;

    // A finished Job only waits for its TTL (the ttl-after-finished controller's job).
    if (conditionTrue(status, "Complete") || conditionTrue(status, "Failed")) {
        const Json &ttl = jsonAt(job, "spec.ttlSecondsAfterFinished");
        if (!ttl.is_number_integer())
            return;
        const Json *done = findCondition(status, conditionTrue(status, "Complete") ? "Complete" : "Failed");
        const auto finished = api::parseTime(done->value("lastTransitionTime", ""));
        if (!finished)
            return;
        const engine::TimePoint expires = *finished + std::chrono::seconds(ttl.get<std::int64_t>());
        if (now < expires) {
            m_queue.addAfter(key, expires - now);
            return;
        }
        traceReconcile(m_client.api().trace(), "kube-controller-manager/ttl-after-finished", "controller.job.ttlExpired", job,
                       {{"ttlSecondsAfterFinished", std::to_string(ttl.get<std::int64_t>())}});
        (void)m_client.remove(jobs(), ns, name, {{"propagationPolicy", "Background"}});
        return;
    }

    auto selector = api::LabelSelector::fromJson(jsonAt(job, "spec.selector"));
    std::vector<const Json *> candidates = m_pods.listByController(textAt(job, "metadata.uid"), ns);
    for (const Json *orphan : m_pods.listByController("", ns))
        candidates.push_back(orphan);
    const std::vector<const Json *> ownedPods = claimObjects(m_client, pods(), job, selector.ok() ? *selector : api::LabelSelector(),
                                                 candidates, [](const Json &p) { return !isTerminating(p); });
    std::vector<std::reference_wrapper<const Json>> owned; // no copies: the informer's objects
    for (const Json *pod : ownedPods)
        owned.push_back(std::cref(*pod));
    const bool indexed = textAt(job, "spec.completionMode") == "Indexed";
    const Json &completionsField = jsonAt(job, "spec.completions");
    const std::int64_t parallelism = intAt(job, "spec.parallelism", 1);
    const std::int64_t backoffLimit = intAt(job, "spec.backoffLimit", 6);

    // Count each finished pod exactly once: uncounted first, counted when its finalizer is off.
    Json uncounted = status.value("uncountedTerminatedPods", Json::object());
    std::map<std::string, const Json *> byUid;
    for (const Json &pod : owned)
        byUid[textAt(pod, "metadata.uid")] = &pod;
    std::int64_t succeeded = intAt(status, "succeeded"), failed = intAt(status, "failed");
    for (const char *list : {"succeeded", "failed"}) {
        Json kept = Json::array();
        for (const Json &uid : uncounted.value(list, Json::array())) {
            auto it = byUid.find(uid.get<std::string>());
            if (it != byUid.end() && hasTracking(*it->second))
                kept.push_back(uid);
            else
                (std::string(list) == "succeeded" ? succeeded : failed) += 1;
        }
        if (kept.empty())
            uncounted.erase(list);
        else
            uncounted[list] = kept;
    }
    std::vector<const Json *> newlyFinished, active, terminating;
    std::set<std::int64_t> completed;
    std::map<std::int64_t, int> activeIndexes;
    std::optional<engine::TimePoint> lastSuccess, lastFailure;
    int readyCount = 0;
    for (const Json &pod : owned) {
        const std::string phase = textAt(pod, "status.phase");
        if (phase == "Succeeded") {
            if (auto t = finishedAt(pod))
                lastSuccess = lastSuccess ? std::max(*lastSuccess, *t) : *t;
            if (auto i = indexOf(pod))
                completed.insert(*i);
        }
        if (phase == "Failed")
            if (auto t = finishedAt(pod))
                lastFailure = lastFailure ? std::max(*lastFailure, *t) : *t;
        if (terminal(pod)) {
            const std::string uid = textAt(pod, "metadata.uid");
            bool listed = false;
            for (const char *list : {"succeeded", "failed"})
                for (const Json &u : uncounted.value(list, Json::array()))
                    listed = listed || u == uid;
            if (hasTracking(pod) && !listed) {
                newlyFinished.push_back(&pod);
                uncounted[phase == "Succeeded" ? "succeeded" : "failed"].push_back(uid);
            }
        } else if (isTerminating(pod)) {
            terminating.push_back(&pod);
        } else {
            active.push_back(&pod);
            readyCount += podReady(pod) ? 1 : 0;
            if (auto i = indexOf(pod))
                ++activeIndexes[*i];
        }
    }
    {
        // Indexes recorded as completed before stay completed (their pods may be gone).
        const std::string range = textAt(status, "completedIndexes");
        std::size_t start = 0;
        while (start < range.size()) {
            const std::size_t comma = range.find(',', start);
            const std::string part = range.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            const std::size_t dash = part.find('-');
            const std::int64_t a = std::atoll(part.c_str()), b = dash == std::string::npos ? a : std::atoll(part.c_str() + dash + 1);
            for (std::int64_t i = a; i <= b; ++i)
                completed.insert(i);
            start = comma == std::string::npos ? range.size() : comma + 1;
        }
    }
    const std::int64_t succeededTotal = succeeded + static_cast<std::int64_t>(uncounted.value("succeeded", Json::array()).size());
    const std::int64_t failedTotal = failed + static_cast<std::int64_t>(uncounted.value("failed", Json::array()).size());

    // Failure and success criteria: an interim condition first, the final one once no pod runs.
    std::vector<const Json *> toDelete;
    std::string decision;
    const bool failing = conditionTrue(status, "FailureTarget"), succeeding = conditionTrue(status, "SuccessCriteriaMet");
    if (!failing && !succeeding) {
        std::int64_t restarts = 0;
        for (const Json *pod : active) {
            const Json &statuses = jsonAt(*pod, "status.containerStatuses");
            for (const Json &s : statuses.is_array() ? statuses : Json::array())
                restarts += s.value("restartCount", 0);
        }
        const bool onFailure = textAt(job, "spec.template.spec.restartPolicy") == "OnFailure";
        const auto started = api::parseTime(textAt(status, "startTime"));
        const Json &deadline = jsonAt(job, "spec.activeDeadlineSeconds");
        std::string reason, message;
        if (failedTotal > backoffLimit || (onFailure && restarts > 0 && restarts >= backoffLimit)) {
            reason = "BackoffLimitExceeded";
            message = "Job has reached the specified backoff limit";
        } else if (deadline.is_number_integer() && started && jsonAt(job, "spec.suspend") != true
                   && now - *started >= std::chrono::seconds(deadline.get<std::int64_t>())) {
            reason = "DeadlineExceeded";
            message = "Job was active longer than specified deadline";
        }
        const bool done = indexed ? completionsField.is_number_integer()
                                        && static_cast<std::int64_t>(completed.size()) >= completionsField.get<std::int64_t>()
                          : completionsField.is_number_integer() ? succeededTotal >= completionsField.get<std::int64_t>()
                                                                 : succeededTotal > 0 && active.empty();
        if (!reason.empty()) {
            setCondition(status, "FailureTarget", "True", reason, message, now);
            decision = "fail: " + reason;
            toDelete = active;
        } else if (done) {
            setCondition(status, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now);
            decision = "success criteria met";
            toDelete = active;
        } else if (deadline.is_number_integer() && started) {
            m_queue.addAfter(key, *started + std::chrono::seconds(deadline.get<std::int64_t>()) - now);
        }
    }
    const bool targeted = conditionTrue(status, "FailureTarget") || conditionTrue(status, "SuccessCriteriaMet");

    // Suspend and resume.
    const bool suspend = jsonAt(job, "spec.suspend") == true;
    if (!targeted && suspend) {
        if (setCondition(status, "Suspended", "True", "JobSuspended", "Job suspended", now))
            (void)m_events.record(job, "Normal", "Suspended", "Job suspended");
        toDelete = active;
        decision = "suspended";
    } else if (!targeted && conditionTrue(status, "Suspended")) {
        setCondition(status, "Suspended", "False", "JobResumed", "Job resumed", now);
        (void)m_events.record(job, "Normal", "Resumed", "Job resumed");
        status["startTime"] = api::formatTime(now);
    }
    if (!targeted && !suspend && !status.contains("startTime"))
        status["startTime"] = api::formatTime(now);

    // How many pods should run, and whether the back-off allows a new one yet.
    std::vector<std::int64_t> createIndexes;
    std::int64_t createCount = 0;
    if (!targeted && !suspend && m_expectations.satisfied(key)) {
        const auto activeCount = static_cast<std::int64_t>(active.size());
        std::int64_t want = 0;
        if (indexed) {
            const std::int64_t completions = completionsField.is_number_integer() ? completionsField.get<std::int64_t>() : 0;
            for (std::int64_t i = 0; i < completions && activeCount + static_cast<std::int64_t>(createIndexes.size()) < parallelism; ++i)
                if (!completed.contains(i) && !activeIndexes.contains(i))
                    createIndexes.push_back(i);
            want = activeCount + static_cast<std::int64_t>(createIndexes.size());
        } else if (completionsField.is_number_integer()) {
            want = std::min(parallelism, completionsField.get<std::int64_t>() - succeededTotal);
        } else {
            want = succeededTotal > 0 ? activeCount : parallelism;
        }
        want = std::max<std::int64_t>(want, 0);
        if (want < activeCount) {
            std::vector<const Json *> extra = active;
            std::stable_sort(extra.begin(), extra.end(), [](const Json *a, const Json *b) {
                const bool aa = !textAt(*a, "spec.nodeName").empty(), ba = !textAt(*b, "spec.nodeName").empty();
                if (aa != ba)
                    return !aa;
                return !podReady(*a) && podReady(*b);
            });
            extra.resize(static_cast<std::size_t>(activeCount - want));
            toDelete = extra;
            decision = "too many active: " + std::to_string(activeCount) + " > " + std::to_string(want);
        } else if (want > activeCount) {
            // Failures since the last success delay the replacement exponentially.
            int failuresSinceSuccess = 0;
            for (const Json &pod : owned)
                if (textAt(pod, "status.phase") == "Failed")
                    if (auto t = finishedAt(pod); t && (!lastSuccess || *t > *lastSuccess))
                        ++failuresSinceSuccess;
            const engine::Duration wait = jobPodFailureBackoff(failuresSinceSuccess);
            if (lastFailure && *lastFailure + wait > now) {
                decision = "back-off after " + std::to_string(failuresSinceSuccess) + " failures";
                m_queue.addAfter(key, *lastFailure + wait - now);
            } else {
                createCount = std::min<std::int64_t>({want - activeCount, kBurst, m_client.budget()});
                if (indexed)
                    createIndexes.resize(static_cast<std::size_t>(createCount));
                decision = "create " + std::to_string(createCount) + " (want " + std::to_string(want) + ", active "
                           + std::to_string(activeCount) + ")";
                if (createCount < want - activeCount && m_client.budget() == 0)
                    m_queue.addAfter(key, m_client.waitForBudget());
            }
        }
    }
    if (!decision.empty())
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.job.sync", job,
                       {{"active", std::to_string(active.size())}, {"succeeded", std::to_string(succeededTotal)},
                        {"failed", std::to_string(failedTotal)}, {"decision", decision}});

    // Act: deletions, then creations in slow-start batches.
    if (!toDelete.empty()) {
        std::set<std::string> keys;
        for (const Json *pod : toDelete)
            keys.insert(client::Informer::keyOf(*pod));
        m_expectations.expectDeletions(key, keys);
        for (const Json *pod : toDelete) {
            if (m_client.remove(pods(), ns, textAt(*pod, "metadata.name")).ok())
                (void)m_events.record(job, "Normal", "SuccessfulDelete", "Deleted pod: " + textAt(*pod, "metadata.name"));
            else
                m_expectations.deletionObserved(key, client::Informer::keyOf(*pod));
        }
    }
    if (createCount > 0) {
        m_expectations.expectCreations(key, static_cast<int>(createCount));
        std::int64_t made = 0;
        bool failedCreate = false;
        for (std::int64_t batch = 1; made < createCount && !failedCreate; batch *= 2) {
            for (std::int64_t i = 0; i < batch && made < createCount; ++i, ++made) {
                Json pod = podFromTemplate(jsonAt(job, "spec.template"), job, name + "-");
                pod["metadata"]["finalizers"] = Json::array({kTracking});
                if (indexed) {
                    const std::string index = std::to_string(createIndexes[static_cast<std::size_t>(made)]);
                    pod["metadata"]["generateName"] = name + "-" + index + "-";
                    pod["metadata"]["annotations"][kIndex] = index;
                    pod["metadata"]["labels"][kIndex] = index;
                    pod["spec"]["hostname"] = name + "-" + index;
                    for (Json &c : pod["spec"]["containers"])
                        c["env"].push_back({{"name", "JOB_COMPLETION_INDEX"},
                                            {"valueFrom", {{"fieldRef", {{"fieldPath", "metadata.annotations['" + std::string(kIndex) + "']"}}}}}});
                }
                auto created = m_client.create(pods(), ns, pod);
                if (created.ok()) {
                    (void)m_events.record(job, "Normal", "SuccessfulCreate", "Created pod: " + textAt(*created, "metadata.name"));
                } else {
                    failedCreate = true;
                    m_expectations.creationObserved(key);
                    (void)m_events.record(job, "Warning", "FailedCreate", "Error creating: " + created.status().message());
                }
            }
        }
        if (made < createCount)
            m_expectations.creationObserved(key, static_cast<int>(createCount - made));
        if (failedCreate)
            m_queue.addRateLimited(key);
    }

    // The final condition, once the pods are gone and every finished pod is counted.
    const std::size_t stillRunning = active.size() - (toDelete.size() <= active.size() && targeted ? toDelete.size() : 0);
    if (targeted && stillRunning == 0 && terminating.empty() && newlyFinished.empty() && !uncounted.contains("succeeded")
        && !uncounted.contains("failed")) {
        if (const Json *t = findCondition(status, "FailureTarget"); t && t->value("status", "") == "True" && !conditionTrue(status, "Failed"))
            finish(job, status, "Failed", t->value("reason", ""), t->value("message", ""));
        else if (conditionTrue(status, "SuccessCriteriaMet") && !conditionTrue(status, "Complete"))
            finish(job, status, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
    }

    status["active"] = static_cast<std::int64_t>(active.size()) - static_cast<std::int64_t>(targeted || suspend ? toDelete.size() : 0)
                       + createCount;
    if (status["active"] == 0)
        status.erase("active");
    status["ready"] = readyCount;
    status["terminating"] = static_cast<std::int64_t>(terminating.size());
    if (succeeded > 0)
        status["succeeded"] = succeeded;
    if (failed > 0)
        status["failed"] = failed;
    status["uncountedTerminatedPods"] = uncounted;
    if (indexed)
        status["completedIndexes"] = formatIndexes(completed);
    if (status != before) {
        Json updated = job;
        updated["status"] = status;
        if (!m_client.updateStatus(jobs(), updated).ok()) {
            m_queue.addRateLimited(key);
            return; // the finalizers stay until the counts are safe in the status
        }
    }
    for (const Json *pod : newlyFinished) {
        Json kept = Json::array();
        for (const Json &f : jsonAt(*pod, "metadata.finalizers"))
            if (f != kTracking)
                kept.push_back(f);
        (void)m_client.patch(pods(), ns, textAt(*pod, "metadata.name"), "application/merge-patch+json",
                             {{"metadata", {{"finalizers", kept.empty() ? Json() : kept}}}});
    }
}

} // namespace k8slab::controllers
