// The scheduling and binding cycles of the Scheduler (upstream's schedule_one.go):
// each scheduling cycle is one loop task, the binding cycle of its pod the next.
#include "core/scheduler/scheduler.h"

#include "core/api/time_format.h"
#include "core/apiserver/api_server.h"

#include <chrono>

namespace k8slab::scheduler {

using api::Json;

namespace {

using Clock = std::chrono::steady_clock;

double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

// Up to this many examined nodes, the trace event carries the whole decision record
// (a classroom cluster); above, the lab API serves it from memory.
constexpr std::size_t kRecordInTraceUpTo = 20;
// Up to this many nodes, every attempt times each plugin; above it one attempt in ten.
constexpr std::size_t kTimeEveryAttemptUpTo = 256;

} // namespace

void Scheduler::wake()
{
    if (m_cycleScheduled)
        return;
    m_cycleScheduled = true;
    m_cycleTask = m_loop.schedule(engine::Duration::zero(), [this] {
        m_cycleScheduled = false;
        m_cycleTask = 0;
        scheduleOne();
    });
}

void Scheduler::publishAttempt(const DecisionRecord &record, const PodInfo &pod)
{
    proto::TraceEvent event;
    event.set_component("scheduler");
    event.set_kind(proto::TRACE_KIND_DECISION);
    event.set_code("scheduler.attempt");
    event.mutable_object()->set_kind("Pod");
    event.mutable_object()->set_namespace_(pod.ns);
    event.mutable_object()->set_name(pod.name);
    event.mutable_object()->set_uid(pod.uid);
    auto &params = *event.mutable_params();
    params["result"] = record.result;
    params["attempt"] = std::to_string(record.attempt);
    params["examined"] = std::to_string(record.nodes.size());
    params["nodes"] = std::to_string(record.numAllNodes);
    if (!record.selectedNode.empty())
        params["node"] = record.selectedNode;
    if (!record.message.empty())
        params["message"] = record.message;
    if (!record.nominatedNode.empty())
        params["nominatedNode"] = record.nominatedNode;
    if (record.nodes.size() <= kRecordInTraceUpTo)
        params["record"] = record.toJson(false).dump();
    m_trace.publish(std::move(event));
}

void Scheduler::updateCondition(const PodInfo &pod, const std::string &reason, const std::string &message,
                                const std::string &nominatedNode, bool clearNomination)
{
    const Json *current = m_pods.get(pod.ns, pod.name);
    if (!current)
        return;
    Json old = Json::object();
    const Json currentStatus = current->value("status", Json::object());
    for (const Json &c : currentStatus.value("conditions", Json::array()))
        if (c.value("type", "") == "PodScheduled")
            old = c;
    const std::string oldNominated = currentStatus.value("nominatedNodeName", "");
    const bool nominationChanges = (!nominatedNode.empty() && nominatedNode != oldNominated) ||
                                   (clearNomination && !oldNominated.empty());
    const bool conditionChanges = old.value("status", "") != "False" || old.value("reason", "") != reason ||
                                  old.value("message", "") != message;
    if (!conditionChanges && !nominationChanges)
        return; // upstream skips the write when nothing changed
    Json condition = {{"type", "PodScheduled"},
                      {"status", "False"},
                      {"reason", reason},
                      {"message", message},
                      {"lastProbeTime", nullptr},
                      {"lastTransitionTime", old.value("status", "") == "False" ? old.value("lastTransitionTime", Json())
                                                                                 : Json(api::formatTime(m_loop.now()))}};
    Json status = {{"conditions", Json::array({condition})}};
    if (!nominatedNode.empty())
        status["nominatedNodeName"] = nominatedNode;
    else if (clearNomination && !oldNominated.empty())
        status["nominatedNodeName"] = nullptr;
    Result<Json> written = m_client.patch(client::resource("", "v1", "pods"), pod.ns, pod.name,
                                          "application/strategic-merge-patch+json", {{"status", status}}, "status");
    if (!written.ok()) // upstream logs it and goes on; the lab shows it
        m_trace.publish("scheduler", proto::TRACE_KIND_NOTE, "scheduler.status.failed",
                        {"Pod", pod.ns, pod.name, pod.uid}, {{"message", written.status().message()}});
}

void Scheduler::scheduleOne()
{
    std::optional<QueuedPod> popped = m_queue->pop();
    if (!popped)
        return;
    QueuedPod queued = std::move(*popped);
    // The attempt is caused by what made the pod active (its creation, an update, a
    // cluster event), not by whichever pod's cycle ran before.
    engine::CauseScope cause(m_loop, queued.cause ? queued.cause : m_loop.currentCause());
    const PodInfoPtr pod = queued.pod;
    Framework *fw = frameworkFor(*pod);
    updatePendingGauge();
    // Skip pods that were bound or deleted since they were queued.
    const Json *live = m_pods.get(pod->ns, pod->name);
    if (!fw || !live || !live->value("spec", Json::object()).value("nodeName", "").empty() || m_assumed.count(pod->uid)) {
        m_queue->done(pod->uid);
        if (m_queue->size(QueueName::Active))
            wake();
        return;
    }

    const auto start = Clock::now();
    auto state = std::make_shared<CycleState>();
    DecisionRecord record;
    record.id = ++m_attemptIds;
    record.attempt = queued.attempts;
    record.pod = pod->key;
    record.podUid = pod->uid;
    record.profile = fw->schedulerName();
    record.timeNs = m_loop.now().time_since_epoch().count();
    const bool timed = m_snapshot.nodes().size() <= kTimeEveryAttemptUpTo || record.id % 10 == 0;
    ScheduleResult result = m_algorithm.schedulePod(*fw, *state, *pod, record, timed);
    record.durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();

    if (result.suggestedHost.empty()) {
        handleFailure(std::move(queued), result, record, *fw, *state);
    } else {
        // Assume: the pod counts on its node from now on, before the binding is written.
        auto assumed = std::make_shared<PodInfo>(*pod);
        assumed->nodeName = result.suggestedHost;
        m_snapshot.addPod(assumed);
        m_assumed[pod->uid] = assumed;
        PluginStatus s = fw->runReserve(*state, *pod, result.suggestedHost);
        if (s.ok())
            s = fw->runPermit(*state, *pod, result.suggestedHost);
        if (!s.ok()) {
            fw->runUnreserve(*state, *pod, result.suggestedHost);
            m_snapshot.removePod(result.suggestedHost, pod->uid);
            m_assumed.erase(pod->uid);
            ScheduleResult failed;
            failed.status = s;
            handleFailure(std::move(queued), failed, record, *fw, *state);
        } else {
            record.result = "Scheduled";
            record.selectedNode = result.suggestedHost;
            record.durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
            for (const auto &[name, ns] : record.pluginTimes)
                if (record.timed || name.find('/') == std::string::npos) {
                    const auto slash = name.find('/');
                    if (slash != std::string::npos)
                        m_metrics.pluginDuration.observe({name.substr(slash + 1), name.substr(0, slash), "Success"},
                                                         seconds(ns));
                    else
                        m_metrics.extensionPointDuration.observe({name, "Success", record.profile}, seconds(ns));
                }
            publishAttempt(record, *pod);
            const std::int64_t startNs = record.durationNs;
            DecisionRecord copy = record;
            m_decisions.add(std::move(record));
            const std::string node = result.suggestedHost;
            m_loop.schedule(engine::Duration::zero(), [this, queued = std::move(queued), state, node,
                                                       copy = std::move(copy), startNs]() mutable {
                bindingCycle(std::move(queued), state, node, std::move(copy), startNs);
            });
        }
    }
    if (m_queue->size(QueueName::Active))
        wake();
}

void Scheduler::bindingCycle(QueuedPod queued, std::shared_ptr<CycleState> state, std::string node,
                             DecisionRecord record, std::int64_t cycleNs)
{
    const PodInfoPtr pod = queued.pod;
    Framework *fw = frameworkFor(*pod);
    if (!fw || !m_assumed.count(pod->uid)) {
        m_queue->done(pod->uid); // deleted while waiting to bind
        return;
    }
    const auto start = Clock::now();
    PluginStatus s = fw->runPreBind(*state, *pod, node);
    if (s.ok())
        s = fw->runBind(*state, *pod, node);
    const std::int64_t bindNs = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
    m_metrics.extensionPointDuration.observe({"Bind", s.ok() ? "Success" : "Error", record.profile}, seconds(bindNs));
    if (s.ok()) {
        fw->runPostBind(*state, *pod, node);
        ++m_bound;
        m_queue->done(pod->uid);
        m_decisions.setBindResult(record.pod, record.id, {});
        m_events.record(pod->objectRef(), "Normal", "Scheduled",
                        "Successfully assigned " + pod->ns + "/" + pod->name + " to " + node);
        m_trace.publish("scheduler", proto::TRACE_KIND_ACTION, "scheduler.bind", {"Pod", pod->ns, pod->name, pod->uid},
                        {{"node", node}});
        m_metrics.attempts.inc({"scheduled", record.profile});
        m_metrics.attemptDuration.observe({"scheduled", record.profile}, seconds(cycleNs + bindNs));
        if (queued.initialAttemptNs)
            m_metrics.podSchedulingSli.observe(
                {std::to_string(queued.attempts)},
                seconds(m_loop.now().time_since_epoch().count() - queued.initialAttemptNs));
        return;
    }
    // The binding failed: forget the assumed pod and try again after a backoff.
    fw->runUnreserve(*state, *pod, node);
    m_snapshot.removePod(node, pod->uid);
    m_assumed.erase(pod->uid);
    const std::string message = "running " + std::string(s.plugin().empty() ? "Bind" : s.plugin()) +
                                " plugin: " + s.message();
    m_decisions.setBindResult(record.pod, record.id, message);
    m_trace.publish("scheduler", proto::TRACE_KIND_ACTION, "scheduler.bind.failed",
                    {"Pod", pod->ns, pod->name, pod->uid}, {{"node", node}, {"message", message}});
    m_metrics.attempts.inc({"error", record.profile});
    m_events.record(pod->objectRef(), "Warning", "FailedScheduling", truncateEventMessage(message));
    updateCondition(*pod, "SchedulerError", message, {}, false);
    m_queue->addBackoff(std::move(queued));
    m_queue->moveOnEvent(ClusterEvent::Wildcard, "AssignedPodDelete"); // what the assumed pod held is free again
}

void Scheduler::handleFailure(QueuedPod queued, const ScheduleResult &result, DecisionRecord &record, Framework &fw,
                              CycleState &state)
{
    const PodInfoPtr pod = queued.pod;
    std::set<std::string> rejectors;
    std::string reason = "SchedulerError";
    std::string message = result.status.message();
    std::string nominated;
    bool clearNomination = false;
    const auto start = Clock::now();
    if (result.fitError) {
        FitError fit = *result.fitError;
        reason = "Unschedulable";
        for (const auto &[node, s] : fit.statuses)
            if (!s.plugin().empty())
                rejectors.insert(s.plugin());
        if (!fw.postFilterPlugins().empty()) {
            m_metrics.preemptionAttempts.inc();
            PostFilterResult pf = fw.runPostFilter(state, *pod, fit.statuses);
            record.postFilter.push_back({pf.status.plugin(), pf.status.code(), pf.status.message()});
            record.candidates = pf.candidates;
            fit.postFilterMsg = pf.status.message();
            if (pf.status.ok() && !pf.nominatedNodeName.empty()) {
                nominated = pf.nominatedNodeName;
                record.nominatedNode = nominated;
                for (const PodInfoPtr &v : pf.victims)
                    record.victims.push_back(v->key);
                m_metrics.preemptionVictims.observe({}, static_cast<double>(pf.victims.size()));
                m_queue->nominate(pod, nominated);
                m_trace.publish("scheduler", proto::TRACE_KIND_DECISION, "scheduler.preempt",
                                {"Pod", pod->ns, pod->name, pod->uid},
                                {{"node", nominated}, {"victims", std::to_string(pf.victims.size())}});
            } else {
                clearNomination = true;
            }
        }
        message = fit.message();
        record.result = nominated.empty() ? "Unschedulable" : "Nominated";
    } else if (result.status.rejected()) {
        reason = "Unschedulable";
        record.result = "Unschedulable";
        clearNomination = true;
    } else {
        record.result = "Error";
    }
    record.message = message;
    record.durationNs += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
    m_metrics.attempts.inc({reason == "Unschedulable" ? "unschedulable" : "error", record.profile});
    m_metrics.attemptDuration.observe({reason == "Unschedulable" ? "unschedulable" : "error", record.profile},
                                      seconds(record.durationNs));
    m_events.record(pod->objectRef(), "Warning", "FailedScheduling", truncateEventMessage(message));
    updateCondition(*pod, reason, message, nominated, clearNomination);
    publishAttempt(record, *pod);
    m_decisions.add(std::move(record));
    m_queue->addUnschedulable(std::move(queued), std::move(rejectors));
}

} // namespace k8slab::scheduler
