#include "core/scheduler/scheduler.h"

#include "core/apiserver/api_server.h"
#include "core/scheduler/plugins/in_tree_registry.h"

namespace k8slab::scheduler {

using api::Json;

namespace {

bool assigned(const PodInfo &pod) { return !pod.nodeName.empty(); }
bool terminal(const PodInfo &pod) { return pod.phase == "Succeeded" || pod.phase == "Failed"; }

const Json &field(const Json &o, const char *a, const char *b)
{
    static const Json null;
    if (!o.contains(a) || !o[a].is_object() || !o[a].contains(b))
        return null;
    return o[a][b];
}

// More changed than the status (spec, labels, annotations): worth another attempt.
bool specChanged(const Json &oldPod, const Json &newPod)
{
    return oldPod.value("spec", Json()) != newPod.value("spec", Json()) ||
           field(oldPod, "metadata", "labels") != field(newPod, "metadata", "labels") ||
           field(oldPod, "metadata", "annotations") != field(newPod, "metadata", "annotations");
}

// Does `pod` match a required affinity term of the pending pod (AssignedPodAdd moves
// only such pods, as upstream's getUnschedulablePodsWithMatchingAffinityTerm).
bool affinityMatches(const PodInfo &pending, const PodInfo &pod, const ClusterLister &listers)
{
    NamespaceLabels ns = [&listers](const std::string &n) { return listers.namespaceLabels(n); };
    for (const AffinityTerm &t : pending.requiredAffinity)
        if (t.matches(pod.ns, pod.labels, ns))
            return true;
    return false;
}

} // namespace

Scheduler::Scheduler(apiserver::ApiServer &api, engine::TraceBus &trace, SchedulerConfig config)
    : m_api(api), m_trace(trace), m_loop(api.loop()), m_config(std::move(config)), m_client(api, "kube-scheduler"),
      m_events(api, "default-scheduler"), m_listers(m_client), m_pods(m_client, client::resource("", "v1", "pods")),
      m_nodes(m_client, client::resource("", "v1", "nodes")), m_algorithm(m_config.percentageOfNodesToScore)
{
    m_snapshot.setLister(&m_listers);
}

Scheduler::~Scheduler()
{
    if (m_cycleTask)
        m_loop.cancel(m_cycleTask);
    m_pods.stop();
    m_nodes.stop();
}

Result<std::unique_ptr<Scheduler>> Scheduler::create(apiserver::ApiServer &api, engine::TraceBus &trace,
                                                     SchedulerConfig config)
{
    std::unique_ptr<Scheduler> s(new Scheduler(api, trace, std::move(config)));
    const Registry registry = plugins::inTreeRegistry();
    for (const ProfileConfig &profile : s->m_config.profiles) {
        Handle handle;
        handle.snapshot = &s->m_snapshot;
        handle.random = &api.loop().random();
        handle.client = &s->m_client;
        handle.events = &s->m_events;
        Scheduler *self = s.get();
        handle.nominatedPods = [self](const std::string &node) { return self->m_queue->nominatedPods(node); };
        Result<std::unique_ptr<Framework>> fw = Framework::create(profile, registry, std::move(handle));
        if (!fw.ok())
            return Status(StatusCode::Invalid, "profiles[" + profile.schedulerName + "]: " + fw.status().message());
        s->m_frameworks.push_back(std::move(*fw));
    }
    Scheduler *self = s.get();
    s->m_queue = std::make_unique<SchedulingQueue>(
        api.loop(), [self](const PodInfo &pod) { return self->frameworkFor(pod); },
        std::chrono::seconds(s->m_config.podInitialBackoffSeconds), std::chrono::seconds(s->m_config.podMaxBackoffSeconds));
    s->m_queue->setNotify([self] { self->wake(); });
    s->m_queue->setMoved([self](const QueuedPod &pod, QueueName to, std::string_view event) {
        self->m_metrics.incomingPods.inc({queueName(to), std::string(event)});
        self->updatePendingGauge();
        if (to == QueueName::Gated) {
            self->m_trace.publish("scheduler", proto::TRACE_KIND_DECISION, "scheduler.gated",
                                  {"Pod", pod.pod->ns, pod.pod->name, pod.pod->uid}, {{"message", pod.gatedMessage}});
        } else if (event != "PodAdd" && event != "ScheduleAttemptFailure") {
            self->m_trace.publish("scheduler", proto::TRACE_KIND_NOTE, "scheduler.queue.move",
                                  {"Pod", pod.pod->ns, pod.pod->name, pod.pod->uid},
                                  {{"queue", queueName(to)}, {"event", std::string(event)}});
        }
    });
    return s;
}

Status Scheduler::start()
{
    m_pods.addHandlers({[this](const Json &p) { onPodAdd(p); },
                        [this](const Json &o, const Json &n) { onPodUpdate(o, n); },
                        [this](const Json &p) { onPodDelete(p); }});
    m_nodes.addHandlers({[this](const Json &n) { onNodeAdd(n); },
                         [this](const Json &o, const Json &n) { onNodeUpdate(o, n); },
                         [this](const Json &n) { onNodeDelete(n); }});
    // A new Service or controller can change the default spreading of pods waiting on it.
    m_listers.addHandlers({[this](const Json &) { m_queue->moveOnEvent(ClusterEvent::Wildcard, "ClusterChange"); },
                           {},
                           {}});
    if (Status s = m_listers.start(); !s.ok())
        return s;
    if (Status s = m_nodes.start(); !s.ok())
        return s;
    return m_pods.start();
}

Framework *Scheduler::frameworkFor(const PodInfo &pod) const
{
    const std::string &name = pod.schedulerName.empty() ? std::string("default-scheduler") : pod.schedulerName;
    for (const auto &fw : m_frameworks)
        if (fw->schedulerName() == name)
            return fw.get();
    return nullptr;
}

bool Scheduler::responsibleFor(const PodInfo &pod) const { return frameworkFor(pod) != nullptr; }

void Scheduler::updatePendingGauge()
{
    for (QueueName q : {QueueName::Active, QueueName::Backoff, QueueName::Unschedulable, QueueName::Gated})
        m_metrics.pendingPods.set({queueName(q)}, static_cast<double>(m_queue->size(q)));
}

void Scheduler::addAssigned(const PodInfoPtr &pod)
{
    if (terminal(*pod))
        return; // finished pods hold no resources
    m_snapshot.addPod(pod);
    m_assigned[pod->uid] = pod;
}

void Scheduler::removeAssigned(const PodInfoPtr &pod)
{
    auto it = m_assigned.find(pod->uid);
    if (it == m_assigned.end())
        return;
    m_snapshot.removePod(it->second->nodeName, pod->uid);
    m_assigned.erase(it);
}

void Scheduler::onPodAdd(const Json &object)
{
    PodInfoPtr pod = parsePod(object);
    if (assigned(*pod)) {
        if (auto a = m_assumed.find(pod->uid); a != m_assumed.end()) {
            m_snapshot.removePod(a->second->nodeName, pod->uid);
            m_assumed.erase(a);
        }
        addAssigned(pod);
        m_queue->moveOnEvent(ClusterEvent::PodAdd, "AssignedPodAdd", [&](const QueuedPod &pending) {
            return affinityMatches(*pending.pod, *pod, m_listers);
        });
        return;
    }
    if (pod->terminating || !responsibleFor(*pod))
        return;
    m_queue->add(pod);
}

void Scheduler::onPodUpdate(const Json &oldObject, const Json &newObject)
{
    PodInfoPtr pod = parsePod(newObject);
    if (assigned(*pod)) {
        m_queue->remove(pod->uid);
        if (auto a = m_assumed.find(pod->uid); a != m_assumed.end()) {
            // The binding we wrote came back: the assumed pod becomes the real one.
            m_snapshot.removePod(a->second->nodeName, pod->uid);
            m_assumed.erase(a);
            addAssigned(pod);
            return;
        }
        const bool wasAssigned = m_assigned.count(pod->uid) > 0;
        if (wasAssigned)
            removeAssigned(pod);
        addAssigned(pod);
        if (!wasAssigned)
            m_queue->moveOnEvent(ClusterEvent::PodAdd, "AssignedPodAdd", [&](const QueuedPod &pending) {
                return affinityMatches(*pending.pod, *pod, m_listers);
            });
        else if (terminal(*pod) || pod->terminating)
            m_queue->moveOnEvent(ClusterEvent::PodDelete, "AssignedPodDelete");
        else
            m_queue->moveOnEvent(ClusterEvent::PodUpdate, "AssignedPodUpdate");
        return;
    }
    if (pod->terminating || !responsibleFor(*pod)) {
        m_queue->remove(pod->uid);
        return;
    }
    m_queue->update(pod, specChanged(oldObject, newObject));
}

void Scheduler::onPodDelete(const Json &object)
{
    PodInfoPtr pod = parsePod(object);
    m_queue->remove(pod->uid);
    if (auto a = m_assumed.find(pod->uid); a != m_assumed.end()) {
        m_snapshot.removePod(a->second->nodeName, pod->uid);
        m_assumed.erase(a);
    }
    if (m_assigned.count(pod->uid)) {
        removeAssigned(pod);
        m_queue->moveOnEvent(ClusterEvent::PodDelete, "AssignedPodDelete");
    }
    updatePendingGauge();
}

void Scheduler::onNodeAdd(const Json &node)
{
    m_snapshot.setNode(node);
    m_queue->moveOnEvent(ClusterEvent::NodeAdd, "NodeAdd");
}

void Scheduler::onNodeUpdate(const Json &oldNode, const Json &newNode)
{
    m_snapshot.setNode(newNode);
    // Which kinds of change (upstream's nodeSchedulingPropertiesChange).
    auto changed = [&](const char *a, const char *b) { return field(oldNode, a, b) != field(newNode, a, b); };
    struct Kind {
        bool changed;
        ClusterEvent event;
        const char *name;
    };
    const Kind kinds[] = {
        {changed("spec", "unschedulable"), ClusterEvent::NodeUnschedulable, "NodeSpecUnschedulableChange"},
        {changed("status", "allocatable"), ClusterEvent::NodeAllocatable, "NodeAllocatableChange"},
        {changed("metadata", "labels"), ClusterEvent::NodeLabel, "NodeLabelChange"},
        {changed("spec", "taints"), ClusterEvent::NodeTaint, "NodeTaintChange"},
        {changed("status", "conditions"), ClusterEvent::NodeCondition, "NodeConditionChange"},
        {changed("metadata", "annotations"), ClusterEvent::NodeAnnotation, "NodeAnnotationChange"},
    };
    for (const Kind &k : kinds)
        if (k.changed)
            m_queue->moveOnEvent(k.event, k.name);
}

void Scheduler::onNodeDelete(const Json &node)
{
    m_snapshot.removeNode(node["metadata"].value("name", ""));
}

std::string Scheduler::metricsText() const { return m_metrics.registry.expose(); }

Json Scheduler::queueJson() const
{
    Json pods = Json::array();
    for (const auto &[queue, pod] : m_queue->pending()) {
        Json e = {{"pod", pod->pod->key},
                  {"queue", queueName(queue)},
                  {"attempts", pod->attempts},
                  {"priority", pod->pod->priority},
                  {"timestamp", pod->timestampNs}};
        if (!pod->rejectors.empty())
            e["unschedulablePlugins"] = pod->rejectors;
        if (queue == QueueName::Backoff)
            e["backoffExpires"] = m_queue->backoffExpiryNs(*pod);
        if (pod->gated)
            e["message"] = pod->gatedMessage;
        pods.push_back(e);
    }
    Json counts = Json::object();
    for (QueueName q : {QueueName::Active, QueueName::Backoff, QueueName::Unschedulable, QueueName::Gated})
        counts[queueName(q)] = m_queue->size(q);
    return {{"counts", counts}, {"pods", pods}};
}

} // namespace k8slab::scheduler
