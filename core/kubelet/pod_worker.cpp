// The pod side of the kubelet: one worker per pod, synced as a loop task whenever the
// pod or one of its containers changes. Containers start in upstream's order (init
// containers one by one, sidecars kept running, then the app containers), restart by
// restartPolicy with CrashLoopBackOff, and stop gracefully when the pod is deleted.
#include "core/kubelet/kubelet.h"

#include "core/api/quantity.h"
#include "core/kubelet/container_inputs.h"

#include "core/api/time_format.h"
#include "core/apiserver/api_server.h"
#include "core/kubelet/pod_status.h"
#include "core/kubelet/qos.h"
#include "core/scheduler/framework/resource.h"

namespace k8slab::kubelet {

using api::Json;
using namespace std::chrono_literals;

namespace {

const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }

std::string timeOf(std::int64_t ns) { return api::formatTime(engine::TimePoint(engine::Duration(ns))); }

std::string podLabel(const Json &pod)
{
    const Json &m = pod["metadata"];
    return m.value("name", "") + "_" + m.value("namespace", "") + "(" + m.value("uid", "") + ")";
}

std::string runtimeName(const std::string &version) { return version.substr(0, version.find(':')); }

std::string normalizedImage(const std::string &image)
{
    // What containerd reports as the image of a container: the fully qualified reference.
    std::string name = image;
    std::string tag = ":latest";
    const auto colon = name.rfind(':');
    const auto slash = name.rfind('/');
    if (name.find('@') == std::string::npos && colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        tag = name.substr(colon);
        name = name.substr(0, colon);
    }
    const auto first = name.find('/');
    const std::string host = first == std::string::npos ? std::string() : name.substr(0, first);
    if (host.find('.') == std::string::npos && host.find(':') == std::string::npos && host != "localhost")
        name = "docker.io/" + (first == std::string::npos ? "library/" + name : name);
    return name + tag;
}

} // namespace

void Kubelet::event(const PodWorker &w, const std::string &type, const std::string &reason, const std::string &message,
                    const std::string &fieldPath)
{
    Json ref = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", w.pod["metadata"]}};
    if (!fieldPath.empty())
        ref["fieldPath"] = fieldPath;
    (void)m_events.record(ref, type, reason, message);
}

void Kubelet::trace(const PodWorker &w, const std::string &code,
                    std::initializer_list<std::pair<std::string_view, std::string>> params)
{
    const Json &m = w.pod["metadata"];
    m_trace.publish("kubelet/" + m_spec.name, proto::TRACE_KIND_ACTION, code,
                    {"Pod", m.value("namespace", ""), m.value("name", ""), w.uid}, params);
}

Kubelet::PodWorker *Kubelet::workerByContainer(const std::string &containerId, ContainerRecord **record)
{
    for (auto &[uid, w] : m_workers)
        for (auto *list : {&w.init, &w.regular})
            for (ContainerRecord &c : *list)
                if (c.id == containerId) {
                    *record = &c;
                    return &w;
                }
    return nullptr;
}

const Json *Kubelet::containerSpec(const PodWorker &w, const ContainerRecord &c) const
{
    const auto spec = w.pod.find("spec");
    if (spec == w.pod.end())
        return nullptr;
    const auto list = spec->find(c.init ? "initContainers" : "containers");
    if (list == spec->end() || !list->is_array())
        return nullptr;
    for (const Json &s : *list) // by reference: the pointer stays valid while the pod object does
        if (s.value("name", "") == c.name)
            return &s;
    return nullptr;
}

Kubelet::ContainerRecord *Kubelet::recordOf(PodWorker &w, const std::string &name)
{
    for (auto *list : {&w.init, &w.regular})
        for (ContainerRecord &c : *list)
            if (c.name == name)
                return &c;
    return nullptr;
}

engine::TimerId Kubelet::retryAt(const std::string &uid, const std::string &name, engine::TimePoint when)
{
    return m_loop.scheduleAt(when, [this, uid, name] {
        auto it = m_workers.find(uid);
        if (it == m_workers.end())
            return;
        if (ContainerRecord *c = recordOf(it->second, name))
            c->retry = 0;
        queueSync(uid);
    });
}

std::string Kubelet::fieldPath(const ContainerRecord &c)
{
    return std::string(c.init ? "spec.initContainers{" : "spec.containers{") + c.name + "}";
}

std::string Kubelet::backoffKey(const PodWorker &w, const ContainerRecord &c) const
{
    return w.pod["metadata"].value("name", "") + "_" + w.pod["metadata"].value("namespace", "") + "_" + w.uid + "_" + c.name;
}

void Kubelet::queueSync(const std::string &uid)
{
    auto it = m_workers.find(uid);
    if (it == m_workers.end() || it->second.syncQueued)
        return;
    it->second.syncQueued = true;
    m_loop.schedule(engine::Duration::zero(), [this, uid] {
        auto w = m_workers.find(uid);
        if (w == m_workers.end())
            return;
        w->second.syncQueued = false;
        sync(w->second);
    });
}

void Kubelet::sync(PodWorker &w)
{
    if (w.rejected || w.terminated || m_agentDown)
        return;
    if (!w.evictedMessage.empty()) {
        writeStatus(w); // evicted: nothing starts again; the status follows its containers down
        return;
    }
    if (w.pod["metadata"].contains("deletionTimestamp")) {
        terminate(w);
        return;
    }
    if (w.sandboxId.empty()) {
        Result<std::string> sandbox = m_runtime->runPodSandbox(
            {w.pod["metadata"].value("namespace", ""), w.pod["metadata"].value("name", ""), w.uid, 0,
             w.pod["metadata"].value("name", "")});
        if (!sandbox.ok()) {
            event(w, "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: " + sandbox.status().message());
            return;
        }
        w.sandboxId = *sandbox;
        w.ip = m_runtime->podSandboxStatus(w.sandboxId)->ip;
        trace(w, "kubelet.sandbox", {{"ip", w.ip}});
    }
    const std::string policy = w.pod["spec"].value("restartPolicy", "Always");
    // Init containers, one at a time; sidecars must have started before the next one.
    bool initialized = true;
    for (ContainerRecord &c : w.init) {
        if (c.sidecar) {
            syncContainer(w, c, true);
            const auto st = c.id.empty() ? std::nullopt : m_runtime->containerStatus(c.id);
            if (!st || st->state != ContainerState::Running) {
                initialized = false;
                break;
            }
            continue;
        }
        const auto st = c.id.empty() ? std::nullopt : m_runtime->containerStatus(c.id);
        if (st && st->state == ContainerState::Exited && st->exitCode == 0 && c.waitingReason.empty())
            continue;
        initialized = false;
        if (st && st->state == ContainerState::Exited && st->exitCode != 0 && policy == "Never")
            break; // the pod has failed (phase rule 1)
        syncContainer(w, c, policy != "Never");
        break;
    }
    if (initialized) {
        bool anyWillRun = false;
        for (ContainerRecord &c : w.regular) {
            const auto st = c.id.empty() ? std::nullopt : m_runtime->containerStatus(c.id);
            const bool restart = policy == "Always" || (policy == "OnFailure" && (!st || st->exitCode != 0));
            syncContainer(w, c, restart);
            const auto now = c.id.empty() ? std::nullopt : m_runtime->containerStatus(c.id);
            if (!now || now->state != ContainerState::Exited || restart)
                anyWillRun = true;
        }
        // Every app container finished for good: the sidecars stop too (a Job with a sidecar completes).
        if (!anyWillRun)
            for (ContainerRecord &c : w.init)
                if (c.sidecar && !c.id.empty())
                    m_runtime->stopContainer(c.id, 2s, [] {});
    }
    writeStatus(w);
}

// Brings one container towards running: returns true when it is running or being started.
bool Kubelet::syncContainer(PodWorker &w, ContainerRecord &c, bool mayRestart)
{
    if (c.busy)
        return true;
    const auto st = c.id.empty() ? std::nullopt : m_runtime->containerStatus(c.id);
    if (st && (st->state == ContainerState::Running || st->state == ContainerState::Created))
        return true;
    if (st && st->state == ContainerState::Exited) {
        if (!mayRestart)
            return false;
        // CrashLoopBackOff: wait while the exit is within the current back-off.
        const std::string key = backoffKey(w, c);
        const engine::TimePoint finished(engine::Duration(st->finishedAtNs));
        if (m_crashBackoff.isInBackOffSince(key, finished, m_loop.now())) {
            const engine::Duration delay = m_crashBackoff.get(key);
            const std::string seconds = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(delay).count()) + "s";
            if (c.waitingReason != "CrashLoopBackOff")
                event(w, "Warning", "BackOff", "Back-off restarting failed container " + c.name + " in pod " + podLabel(w.pod),
                      fieldPath(c));
            c.waitingReason = "CrashLoopBackOff";
            c.waitingMessage = "back-off " + seconds + " restarting failed container=" + c.name + " pod=" + podLabel(w.pod);
            if (!c.retry)
                c.retry = retryAt(w.uid, c.name, finished + delay);
            return false;
        }
        // Restarting: the back-off grows from this exit (the first restart is immediate).
        m_crashBackoff.next(key, finished);
    }
    startContainer(w, c);
    return true;
}

void Kubelet::startContainer(PodWorker &w, ContainerRecord &c)
{
    const Json *spec = containerSpec(w, c);
    if (!spec)
        return;
    const std::string image = spec->value("image", "");
    const std::string policy = spec->value("imagePullPolicy", "IfNotPresent");
    const std::string field = fieldPath(c);
    const bool present = m_runtime->imageStatus(image).has_value();
    if (policy == "Never" && !present) {
        c.waitingReason = "ErrImageNeverPull";
        c.waitingMessage = "Container image \"" + image + "\" is not present with pull policy of Never";
        event(w, "Warning", "ErrImageNeverPull", c.waitingMessage, field);
        return;
    }
    if (policy != "Always" && present) {
        event(w, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine", field);
        createAndStart(w, c, image);
        return;
    }
    const std::string pullKey = w.uid + "_" + image;
    if (c.retry && (c.waitingReason == "ErrImagePull" || c.waitingReason == "ImagePullBackOff")) {
        // A failed pull waits out its back-off (10 s doubling to 300 s) before the next try.
        if (c.waitingReason != "ImagePullBackOff") {
            c.waitingReason = "ImagePullBackOff";
            c.waitingMessage = "Back-off pulling image \"" + image + "\"";
            event(w, "Normal", "BackOff", c.waitingMessage, field);
            event(w, "Warning", "Failed", "Error: ImagePullBackOff", field);
        }
        return;
    }
    c.busy = true;
    event(w, "Normal", "Pulling", "Pulling image \"" + image + "\"", field);
    trace(w, "kubelet.pull", {{"container", c.name}, {"image", image}});
    const std::string uid = w.uid;
    const std::string name = c.name;
    m_runtime->pullImage(image, "linux/" + m_spec.architecture, [this, uid, name, image, field, pullKey](const PullResult &r) {
        auto it = m_workers.find(uid);
        if (it == m_workers.end())
            return;
        PodWorker &pw = it->second;
        ContainerRecord *rec = recordOf(pw, name);
        if (!rec)
            return;
        rec->busy = false;
        const double secs = std::chrono::duration<double>(r.took).count();
        char took[32];
        std::snprintf(took, sizeof took, "%.3fs", secs);
        if (r.failure) {
            m_pullBackoff.next(pullKey, m_loop.now());
            rec->waitingReason = "ErrImagePull";
            rec->waitingMessage = r.failure->message;
            event(pw, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + r.failure->message, field);
            event(pw, "Warning", "Failed", "Error: ErrImagePull", field);
            trace(pw, "kubelet.pull.failed", {{"container", name}, {"image", image}});
            if (rec->retry)
                m_loop.cancel(rec->retry);
            rec->retry = retryAt(uid, name, m_loop.now() + m_pullBackoff.get(pullKey));
            writeStatus(pw);
            // The kubelet's next sync (a second later) finds the pull in back-off.
            m_loop.schedule(1s, [this, uid] { queueSync(uid); });
            return;
        }
        m_pullBackoff.reset(pullKey);
        event(pw, "Normal", "Pulled",
              "Successfully pulled image \"" + image + "\" in " + took + " (" + took + " including waiting). Image size: " +
                  std::to_string(r.image->sizeBytes) + " bytes.",
              field);
        createAndStart(pw, *rec, image);
        writeStatus(pw);
    });
}

void Kubelet::createAndStart(PodWorker &w, ContainerRecord &c, const std::string &image)
{
    const Json *spec = containerSpec(w, c);
    if (!spec)
        return;
    const std::string field = fieldPath(c);
    ContainerConfig config;
    config.name = c.name;
    config.image = image;
    for (const Json &a : spec->value("command", Json::array()))
        config.command.push_back(a.get<std::string>());
    for (const Json &a : spec->value("args", Json::array()))
        config.args.push_back(a.get<std::string>());
    // Volumes and environment from ConfigMaps, Secrets and the downward API, read
    // through the API as the kubelet's volume manager and env builder do.
    Result<ContainerInputs> inputs = containerInputs(
        w.pod, *spec, w.ip, [this](const std::string &resource, const std::string &ns, const std::string &name) {
            std::optional<Json> found;
            if (auto got = m_client.get(client::resource("", "v1", resource), ns, name); got.ok())
                found = std::move(*got);
            return found;
        });
    if (!inputs.ok()) {
        c.waitingReason = "CreateContainerConfigError";
        c.waitingMessage = inputs.status().message();
        event(w, "Warning", "Failed", "Error: " + inputs.status().message(), field);
        // The pod worker tries again after upstream's workerBackOffPeriod.
        m_loop.schedule(10s, [this, uid = w.uid] { queueSync(uid); });
        return;
    }
    config.env = std::move(inputs->env);
    config.files = std::move(inputs->files);
    config.env.emplace_back("HOSTNAME", w.pod["metadata"].value("name", ""));
    // The cgroup settings: memory.max, the CFS quota (limits) and weight (requests).
    const Json resources = spec->value("resources", Json::object());
    const scheduler::Resource limits = scheduler::Resource::fromList(resources.value("limits", Json::object()));
    config.memoryLimitBytes = limits.memory;
    config.cpuLimitMilli = limits.milliCpu;
    config.cpuRequestMilli = scheduler::Resource::fromList(resources.value("requests", Json::object())).milliCpu;
    // The node's memory as this kubelet last reported it (no API read per container).
    config.oomScoreAdj = oomScoreAdj(
        w.pod, *spec, scheduler::Resource::fromList(m_lastReported.value("capacity", Json::object())).memory);
    // A restart: the old instance becomes lastState; the one before it goes.
    if (!c.id.empty()) {
        if (auto old = m_runtime->containerStatus(c.id); old && old->state == ContainerState::Exited) {
            c.lastTerminated = {{"exitCode", old->exitCode},
                                {"reason", old->reason},
                                {"startedAt", old->startedAtNs ? Json(timeOf(old->startedAtNs)) : Json(nullptr)},
                                {"finishedAt", timeOf(old->finishedAtNs)},
                                {"containerID", runtimeName(m_runtime->version()) + "://" + c.id}};
            if (!old->message.empty())
                c.lastTerminated["message"] = old->message;
            ++c.restartCount;
        }
        if (!c.previousId.empty())
            (void)m_runtime->removeContainer(c.previousId);
        c.previousId = c.id;
    }
    config.attempt = static_cast<std::uint32_t>(c.restartCount);
    Result<std::string> id = m_runtime->createContainer(w.sandboxId, config);
    if (!id.ok()) {
        c.waitingReason = "CreateContainerError";
        c.waitingMessage = id.status().message();
        event(w, "Warning", "Failed", "Error: " + id.status().message(), field);
        return;
    }
    c.id = *id;
    event(w, "Normal", "Created", "Created container: " + c.name, field);
    c.waitingReason.clear();
    c.waitingMessage.clear();
    if (Status s = m_runtime->startContainer(c.id); !s.ok()) {
        c.waitingReason = "RunContainerError";
        c.waitingMessage = s.message();
        event(w, "Warning", "Failed", "Error: " + s.message(), field);
        trace(w, "kubelet.start.failed", {{"container", c.name}});
        return;
    }
    event(w, "Normal", "Started", "Started container " + c.name, field);
    trace(w, "kubelet.start", {{"container", c.name}, {"containerID", c.id.substr(0, 12)}});
    startProbes(w, c);
}

int Kubelet::stopContainers(PodWorker &w, engine::Duration grace, const std::function<void(const std::string &uid)> &stopped)
{
    // No more restarts; each running container gets SIGTERM, then SIGKILL after `grace`.
    int stopping = 0;
    for (auto *list : {&w.init, &w.regular})
        for (ContainerRecord &c : *list) {
            if (c.retry) {
                m_loop.cancel(c.retry);
                c.retry = 0;
            }
            const auto st = c.id.empty() ? std::nullopt : m_runtime->containerStatus(c.id);
            if (!st || st->state != ContainerState::Running)
                continue;
            event(w, "Normal", "Killing", "Stopping container " + c.name, fieldPath(c));
            ++stopping;
            m_runtime->stopContainer(c.id, grace, [stopped, uid = w.uid] { stopped(uid); });
        }
    return stopping;
}

void Kubelet::terminate(PodWorker &w)
{
    if (w.terminating)
        return;
    w.terminating = true;
    trace(w, "kubelet.terminate", {});
    const Json &meta = w.pod["metadata"];
    std::int64_t grace = meta.value("deletionGracePeriodSeconds", w.pod["spec"].value("terminationGracePeriodSeconds", 30));
    grace = std::max<std::int64_t>(grace, 2); // minimumGracePeriodInSeconds
    w.stopping = stopContainers(w, std::chrono::seconds(grace), [this](const std::string &uid) {
        auto it = m_workers.find(uid);
        if (it != m_workers.end() && --it->second.stopping == 0)
            finishTermination(it->second);
    });
    writeStatus(w);
    if (w.stopping == 0)
        finishTermination(w);
}

void Kubelet::finishTermination(PodWorker &w)
{
    if (w.terminated)
        return;
    w.terminated = true;
    if (!w.sandboxId.empty())
        (void)m_runtime->stopPodSandbox(w.sandboxId);
    if (!w.staticFile.empty()) {
        finishStaticPod(w);
        return;
    }
    writeStatus(w);
    // The last word: delete the object for good (grace 0, only this instance of the pod).
    const Json &meta = w.pod["metadata"];
    (void)m_client.remove(pods(), meta.value("namespace", ""), meta.value("name", ""),
                          {{"gracePeriodSeconds", 0}, {"preconditions", {{"uid", w.uid}}}});
    trace(w, "kubelet.terminated", {});
}

Json Kubelet::containerStatusJson(const PodWorker &w, const ContainerRecord &c) const
{
    const Json *spec = containerSpec(w, c);
    const std::string image = spec ? spec->value("image", "") : std::string();
    Json s = {{"name", c.name}, {"image", normalizedImage(image)}, {"imageID", ""}, {"restartCount", c.restartCount},
              {"ready", false}, {"started", false}};
    const auto st = c.id.empty() ? std::nullopt : m_runtime->containerStatus(c.id);
    if (!c.lastTerminated.is_null())
        s["lastState"] = {{"terminated", c.lastTerminated}};
    else
        s["lastState"] = Json::object();
    if (st) {
        s["containerID"] = runtimeName(m_runtime->version()) + "://" + c.id;
        s["imageID"] = st->imageRef;
    }
    if (!c.waitingReason.empty()) {
        s["state"] = {{"waiting", {{"reason", c.waitingReason}, {"message", c.waitingMessage}}}};
        if (st && st->state == ContainerState::Exited) {
            Json term = {{"exitCode", st->exitCode}, {"reason", st->reason},
                         {"startedAt", st->startedAtNs ? Json(timeOf(st->startedAtNs)) : Json(nullptr)},
                         {"finishedAt", timeOf(st->finishedAtNs)}, {"containerID", s["containerID"]}};
            if (!st->message.empty())
                term["message"] = st->message;
            s["lastState"] = {{"terminated", term}};
        }
        return s;
    }
    if (!st || st->state == ContainerState::Created) {
        const bool hasInit = !w.init.empty();
        s["state"] = {{"waiting", {{"reason", !c.init && hasInit ? "PodInitializing" : "ContainerCreating"}}}};
        return s;
    }
    if (st->state == ContainerState::Running) {
        s["state"] = {{"running", {{"startedAt", timeOf(st->startedAtNs)}}}};
        // Started once its startup probe passed; ready while its readiness probe passes.
        s["started"] = c.startupDone;
        // A running init container is not ready: it is ready once it has done its job.
        s["ready"] = !w.terminating && (!c.init || c.sidecar) && c.startupDone && c.probedReady;
        return s;
    }
    Json term = {{"exitCode", st->exitCode}, {"reason", st->reason},
                 {"startedAt", st->startedAtNs ? Json(timeOf(st->startedAtNs)) : Json(nullptr)},
                 {"finishedAt", timeOf(st->finishedAtNs)}, {"containerID", s["containerID"]}};
    if (!st->message.empty())
        term["message"] = st->message;
    s["state"] = {{"terminated", term}};
    // An init container that finished with 0 counts as ready (it did its job).
    s["ready"] = c.init && !c.sidecar && st->exitCode == 0;
    return s;
}

void Kubelet::writeStatus(PodWorker &w)
{
    if (m_agentDown)
        return; // the status stays as it was last reported
    Json initStatuses = Json::array();
    Json statuses = Json::array();
    for (const ContainerRecord &c : w.init)
        initStatuses.push_back(containerStatusJson(w, c));
    for (const ContainerRecord &c : w.regular)
        statuses.push_back(containerStatusJson(w, c));
    const Json spec = w.pod.value("spec", Json::object());
    const Json current = w.pod.value("status", Json::object());
    std::string phase = podPhase(spec, initStatuses, statuses, w.terminated);
    const std::string old = current.value("phase", "");
    if (old == "Succeeded" || old == "Failed")
        phase = old; // a pod never leaves a terminal phase
    const bool sandboxReady = !w.sandboxId.empty() && !w.terminated;
    Json conditions = kubeletConditions(w.pod, initStatuses, statuses, phase, sandboxReady);
    Json status = {{"phase", phase},
                   {"conditions", mergeConditions(current.value("conditions", Json()), conditions,
                                                  api::formatTime(m_loop.now()))},
                   {"hostIP", "172.18.0." + std::to_string(m_spec.index + 2)},
                   {"hostIPs", Json::array({{{"ip", "172.18.0." + std::to_string(m_spec.index + 2)}}})},
                   {"startTime", w.startTime},
                   {"qosClass", qosClass(w.pod)},
                   {"containerStatuses", statuses}};
    if (!w.ip.empty()) {
        status["podIP"] = w.ip;
        status["podIPs"] = Json::array({{{"ip", w.ip}}});
    }
    if (!w.init.empty())
        status["initContainerStatuses"] = initStatuses;
    if (!w.evictedMessage.empty()) {
        status["phase"] = "Failed";
        status["reason"] = "Evicted";
        status["message"] = w.evictedMessage;
        Json disruption = {{"type", "DisruptionTarget"}, {"status", "True"}, {"reason", "TerminationByKubelet"},
                           {"message", w.evictedMessage}, {"lastTransitionTime", api::formatTime(m_loop.now())}};
        Json merged = Json::array();
        for (const Json &c : status["conditions"])
            if (c.value("type", "") != "DisruptionTarget")
                merged.push_back(c);
        for (const Json &c : current.value("conditions", Json::array()))
            if (c.value("type", "") == "DisruptionTarget")
                disruption["lastTransitionTime"] = c.value("lastTransitionTime", "");
        merged.push_back(disruption);
        status["conditions"] = merged;
    }
    if (status == w.lastWritten)
        return;
    const Json &meta = w.pod["metadata"];
    Result<Json> written = m_client.patch(pods(), meta.value("namespace", ""), meta.value("name", ""),
                                          "application/merge-patch+json", {{"status", status}}, "status");
    if (written.ok()) {
        w.lastWritten = status;
        if (w.staticFile.empty())
            w.pod = *written;
        else
            w.pod["status"] = (*written)["status"]; // the mirror's; the pod itself is the file's
        trace(w, "kubelet.status", {{"phase", phase}});
    }
}

} // namespace k8slab::kubelet
