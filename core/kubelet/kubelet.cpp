// The node side of the kubelet: registration (or adopting a Node made through the
// API), the Lease heartbeat, node status, pod admission, and watching the node's pods.
#include "core/kubelet/kubelet.h"
#include "core/kubelet/static_pods.h"

#include "core/api/quantity.h"
#include "core/api/time_format.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/status_response.h"
#include "core/kubelet/qos.h"
#include "core/kubelet/static_pods.h"
#include "core/scheduler/framework/pod_info.h"

namespace k8slab::kubelet {

using api::Json;
using namespace std::chrono_literals;

namespace {

constexpr auto kStatusUpdateFrequency = 10s;
constexpr auto kStatusReportFrequency = 5min;
constexpr auto kLeaseRenewInterval = 10s;
constexpr int kLeaseDurationSeconds = 40;

const apiserver::ResourceInfo &nodes() { return client::resource("", "v1", "nodes"); }
const apiserver::ResourceInfo &leases() { return client::resource("coordination.k8s.io", "v1", "leases"); }

std::int64_t quantityValue(const std::string &q)
{
    Result<api::Quantity> v = api::Quantity::parse(q);
    return v.ok() ? v->value() : 0;
}

Json nodeCondition(const std::string &type, const std::string &status, const std::string &reason,
                   const std::string &message, const std::string &now, const Json &old)
{
    Json c = {{"type", type}, {"status", status}, {"reason", reason}, {"message", message}, {"lastHeartbeatTime", now}};
    std::string since = now;
    if (old.is_array())
        for (const Json &o : old)
            if (o.value("type", "") == type && o.value("status", "") == status && o.contains("lastTransitionTime"))
                since = o["lastTransitionTime"];
    c["lastTransitionTime"] = since;
    return c;
}

} // namespace

Kubelet::Kubelet(apiserver::ApiServer &api, engine::TraceBus &trace, NodeSpec spec, std::unique_ptr<ContainerRuntime> runtime)
    : m_api(api), m_trace(trace), m_loop(api.loop()), m_spec(std::move(spec)), m_runtime(std::move(runtime)),
      m_client(api, "kubelet/" + m_spec.name), m_events(api, "kubelet", m_spec.name),
      m_pods(m_client, client::resource("", "v1", "pods"), {}, {"", "spec.nodeName=" + m_spec.name}),
      m_pullBackoff(10s, 300s)
{
    m_runtime->setContainerListener([this](const std::string &id) { onContainerChanged(id); });
    m_runtime->setLogListener([this](const std::string &id) { onLogWritten(id); });
}

Kubelet::~Kubelet()
{
    m_stopped = true;
    for (auto &[id, follow] : m_logFollows)
        follow.output(std::string()); // the node is gone: its followed logs end
    m_logFollows.clear();
    m_pods.stop();
    if (m_heartbeat)
        m_loop.cancel(m_heartbeat);
    if (m_leaseTimer)
        m_loop.cancel(m_leaseTimer);
    if (m_staticScan)
        m_loop.cancel(m_staticScan);
    if (m_evictionTimer)
        m_loop.cancel(m_evictionTimer);
    for (auto &[uid, w] : m_workers)
        for (auto *list : {&w.init, &w.regular})
            for (ContainerRecord &c : *list)
                if (c.retry)
                    m_loop.cancel(c.retry);
}

Json Kubelet::nodeObject() const
{
    Json labels = {{"kubernetes.io/hostname", m_spec.name},
                   {"kubernetes.io/os", "linux"},
                   {"kubernetes.io/arch", m_spec.architecture},
                   {"beta.kubernetes.io/os", "linux"},
                   {"beta.kubernetes.io/arch", m_spec.architecture},
                   {"node.kubernetes.io/instance-type", "k8slab.sim"}};
    for (const auto &[k, v] : m_spec.labels)
        labels[k] = v;
    const std::string cidr = "10.244." + std::to_string(m_spec.index) + ".0/24";
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata",
             {{"name", m_spec.name},
              {"labels", labels},
              {"annotations",
               {{"node.alpha.kubernetes.io/ttl", "0"}, {"volumes.kubernetes.io/controller-managed-attach-detach", "true"}}}}},
            {"spec", m_spec.taints.empty() ? Json{{"podCIDR", cidr}, {"podCIDRs", Json::array({cidr})}}
                                           : Json{{"podCIDR", cidr}, {"podCIDRs", Json::array({cidr})}, {"taints", m_spec.taints}}}};
}

Json Kubelet::nodeStatus(const Json &current) const
{
    const std::string now = api::formatTime(m_loop.now());
    const Json status = current.value("status", Json::object());
    const Json oldConditions = status.value("conditions", Json());
    Json capacity = status.value("capacity", Json::object());
    if (!m_spec.adopted || capacity.empty())
        capacity = {{"cpu", m_spec.cpu}, {"memory", m_spec.memory}, {"pods", m_spec.pods},
                    {"ephemeral-storage", m_spec.ephemeralStorage}};
    Json allocatable = status.value("allocatable", Json::object());
    if (!m_spec.adopted || allocatable.empty()) {
        // allocatable = capacity - the hard eviction thresholds (memory 100Mi, nodefs 10%).
        allocatable = capacity;
        if (capacity.contains("memory"))
            allocatable["memory"] = api::Quantity::fromMilli((quantityValue(capacity["memory"]) - kHardEvictionMemory) * 1000).toString();
        if (capacity.contains("ephemeral-storage"))
            allocatable["ephemeral-storage"] =
                api::Quantity::fromMilli(quantityValue(capacity["ephemeral-storage"]) * 900).toString();
    }
    Json images = Json::array();
    for (const ImageInfo &i : m_runtime->listImages()) {
        Json names = Json::array();
        for (const std::string &d : i.repoDigests)
            names.push_back(d);
        for (const std::string &t : i.repoTags)
            names.push_back(t);
        images.push_back({{"names", names}, {"sizeBytes", i.sizeBytes}});
    }
    return {{"capacity", capacity},
            {"allocatable", allocatable},
            {"conditions",
             Json::array({underMemoryPressure()
                              ? nodeCondition("MemoryPressure", "True", "KubeletHasInsufficientMemory",
                                              "kubelet has insufficient memory available", now, oldConditions)
                              : nodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                              "kubelet has sufficient memory available", now, oldConditions),
                          nodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                                        now, oldConditions),
                          nodeCondition("PIDPressure", "False", "KubeletHasSufficientPID",
                                        "kubelet has sufficient PID available", now, oldConditions),
                          nodeCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now,
                                        oldConditions)})},
            {"addresses",
             Json::array({{{"type", "InternalIP"}, {"address", "172.18.0." + std::to_string(m_spec.index + 2)}},
                          {{"type", "Hostname"}, {"address", m_spec.name}}})},
            {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
            {"nodeInfo",
             {{"machineID", m_spec.name + "-machine"},
              {"systemUUID", m_spec.name + "-uuid"},
              {"bootID", m_spec.name + "-boot"},
              {"kernelVersion", "6.1.0-k8slab"},
              {"osImage", "K8s Lab simulated node"},
              {"containerRuntimeVersion", m_runtime->version()},
              {"kubeletVersion", "v1.32.0"},
              {"kubeProxyVersion", "v1.32.0"},
              {"operatingSystem", "linux"},
              {"architecture", m_spec.architecture}}},
            {"images", images}};
}

Status Kubelet::registerNode()
{
    Result<Json> existing = m_client.get(nodes(), {}, m_spec.name);
    if (!existing.ok()) {
        Result<Json> created = m_client.create(nodes(), {}, nodeObject());
        if (!created.ok())
            return created.status();
        existing = created;
        m_events.record(*existing, "Normal", "Starting", "Starting kubelet.");
    }
    // The status through /status, as the kubelet reports it.
    Json patch = {{"status", nodeStatus(*existing)}};
    Result<Json> written = m_client.patch(nodes(), {}, m_spec.name, "application/merge-patch+json", patch, "status");
    if (!written.ok())
        return written.status();
    m_lastReported = patch["status"];
    m_lastReportNs = m_loop.now().time_since_epoch().count();
    for (const char *reason : {"NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"})
        m_events.record(*written, "Normal", reason, "Node " + m_spec.name + " status is now: " + reason);
    m_events.record(*written, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
    m_events.record(*written, "Normal", "NodeReady", "Node " + m_spec.name + " status is now: NodeReady");
    m_trace.publish("kubelet/" + m_spec.name, proto::TRACE_KIND_ACTION, "kubelet.register", {"Node", "", m_spec.name, ""});
    return Status();
}

void Kubelet::setAgentRunning(bool running)
{
    if (running == !m_agentDown)
        return;
    m_agentDown = !running;
    m_trace.publish("kubelet/" + m_spec.name, proto::TRACE_KIND_FAULT, running ? "kubelet.agent.started" : "kubelet.agent.stopped",
                    {"Node", "", m_spec.name, ""});
    if (!running) {
        m_pods.stop();
        return;
    }
    m_lastReported = Json::object(); // report at once: the node controller may have marked the node Unknown
    (void)m_pods.start(); // relists: every change missed while down arrives as an add/update/delete
    for (auto &[uid, w] : m_workers)
        queueSync(uid);
    renewLease();
    heartbeat();
}

void Kubelet::renewLease()
{
    if (m_leaseTimer)
        m_loop.cancel(m_leaseTimer);
    m_leaseTimer = m_loop.schedule(kLeaseRenewInterval, [this] { renewLease(); });
    if (m_agentDown)
        return;
    const std::string now = api::formatMicroTime(m_loop.now());
    Result<Json> lease = m_client.get(leases(), "kube-node-lease", m_spec.name);
    if (lease.ok()) {
        Json updated = *lease;
        updated["spec"]["renewTime"] = now;
        (void)m_client.update(leases(), updated);
        return;
    }
    Result<Json> node = m_client.get(nodes(), {}, m_spec.name);
    Json object = {{"apiVersion", "coordination.k8s.io/v1"},
                   {"kind", "Lease"},
                   {"metadata", {{"name", m_spec.name}, {"namespace", "kube-node-lease"}}},
                   {"spec",
                    {{"holderIdentity", m_spec.name}, {"leaseDurationSeconds", kLeaseDurationSeconds}, {"renewTime", now}}}};
    if (node.ok())
        object["metadata"]["ownerReferences"] = Json::array(
            {{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", m_spec.name}, {"uid", (*node)["metadata"]["uid"]}}});
    (void)m_client.create(leases(), "kube-node-lease", object);
}

void Kubelet::heartbeat()
{
    if (m_heartbeat)
        m_loop.cancel(m_heartbeat);
    m_heartbeat = m_loop.schedule(kStatusUpdateFrequency, [this] { heartbeat(); });
    if (m_agentDown)
        return;
    Result<Json> node = m_client.get(nodes(), {}, m_spec.name);
    if (!node.ok())
        return;
    Json status = nodeStatus(*node);
    // Written when something besides heartbeat times changed, or every five minutes.
    auto withoutTimes = [](Json s) {
        for (Json &c : s["conditions"])
            c.erase("lastHeartbeatTime");
        return s;
    };
    const std::int64_t now = m_loop.now().time_since_epoch().count();
    if (withoutTimes(status) == withoutTimes(m_lastReported) &&
        now - m_lastReportNs < std::chrono::nanoseconds(kStatusReportFrequency).count())
        return;
    if (m_client.patch(nodes(), {}, m_spec.name, "application/merge-patch+json", {{"status", status}}, "status").ok()) {
        m_lastReported = status;
        m_lastReportNs = now;
    }
}

Status Kubelet::start()
{
    if (Status s = registerNode(); !s.ok())
        return s;
    m_startedAt = m_loop.now();
    renewLease();
    if (!m_spec.staticPodPath.empty())
        m_staticScan = m_loop.schedule(engine::Duration::zero(), [this] { scanStaticPods(); });
    m_evictionTimer = m_loop.schedule(kEvictionMonitoringPeriod, [this] { synchronizeEviction(); });
    m_heartbeat = m_loop.schedule(kStatusUpdateFrequency, [this] { heartbeat(); });
    m_pods.addHandlers({[this](const Json &p) { onPod(p); }, [this](const Json &, const Json &p) { onPod(p); },
                        [this](const Json &p) { onPodDelete(p); }});
    return m_pods.start();
}

std::string Kubelet::admit(const Json &pod, std::string &message) const
{
    // The resource fit of GeneralPredicates: admitted, non-terminal pods plus this one
    // against allocatable (as this kubelet last reported it); the first resource that
    // does not fit is the reason.
    const scheduler::Resource allocatable =
        scheduler::Resource::fromList(m_lastReported.value("allocatable", Json::object()));
    scheduler::Resource used;
    std::int64_t count = 0;
    for (const auto &[uid, w] : m_workers) {
        if (w.rejected || w.terminated)
            continue;
        const std::string phase = w.pod.value("status", Json::object()).value("phase", "");
        if (phase == "Succeeded" || phase == "Failed")
            continue;
        used.add(w.requests);
        ++count;
    }
    // Under MemoryPressure, BestEffort pods only if they tolerate the memory-pressure taint
    // (critical pods always).
    if (underMemoryPressure() && qosClass(pod) == "BestEffort" && pod["spec"].value("priority", 0) < 2'000'000'000) {
        bool tolerates = false;
        for (const Json &t : pod["spec"].value("tolerations", Json::array())) {
            const std::string key = t.value("key", "");
            tolerates = tolerates || ((key.empty() || key == "node.kubernetes.io/memory-pressure") &&
                                      t.value("operator", "Equal") == "Exists" &&
                                      (t.value("effect", "").empty() || t.value("effect", "") == "NoSchedule"));
        }
        if (!tolerates) {
            message = "The node had condition: [MemoryPressure]. ";
            return "Evicted";
        }
    }
    const scheduler::Resource want = scheduler::parsePod(pod)->requests;
    auto check = [&](const std::string &name, std::int64_t requested, std::int64_t inUse, std::int64_t capacity) {
        if (requested == 0 || requested + inUse <= capacity)
            return false;
        message = "Node didn't have enough resource: " + name + ", requested: " + std::to_string(requested) +
                  ", used: " + std::to_string(inUse) + ", capacity: " + std::to_string(capacity);
        return true;
    };
    if (count + 1 > allocatable.allowedPods) {
        message = "Node didn't have enough resource: pods, requested: 1, used: " + std::to_string(count) +
                  ", capacity: " + std::to_string(allocatable.allowedPods);
        return "OutOfpods";
    }
    if (check("cpu", want.milliCpu, used.milliCpu, allocatable.milliCpu))
        return "OutOfcpu";
    if (check("memory", want.memory, used.memory, allocatable.memory))
        return "OutOfmemory";
    if (check("ephemeral-storage", want.ephemeralStorage, used.ephemeralStorage, allocatable.ephemeralStorage))
        return "OutOfephemeral-storage";
    for (const auto &[name, q] : want.scalar)
        if (allocatable.scalar.count(name) && check(name, q, used.get(name), allocatable.get(name)))
            return "OutOf" + name;
    return {};
}

Kubelet::PodWorker &Kubelet::addWorker(const Json &pod)
{
    const std::string uid = pod["metadata"].value("uid", "");
    PodWorker w;
    w.pod = pod;
    w.uid = uid;
    const Json spec = pod.value("spec", Json::object());
    for (const Json &c : spec.value("initContainers", Json::array())) {
        ContainerRecord r;
        r.name = c.value("name", "");
        r.init = true;
        r.sidecar = c.value("restartPolicy", "") == "Always";
        w.init.push_back(r);
    }
    for (const Json &c : spec.value("containers", Json::array())) {
        ContainerRecord r;
        r.name = c.value("name", "");
        w.regular.push_back(r);
    }
    std::string message;
    const std::string reason = admit(pod, message);
    w.requests = scheduler::parsePod(pod)->requests;
    PodWorker &worker = m_workers.emplace(uid, std::move(w)).first->second;
    if (!reason.empty()) {
        worker.rejected = true;
        event(worker, "Warning", reason, message);
        trace(worker, "kubelet.reject", {{"reason", reason}, {"message", message}});
        Json status = {{"phase", "Failed"}, {"reason", reason}, {"message", "Pod was rejected: " + message}};
        (void)m_client.patch(client::resource("", "v1", "pods"), pod["metadata"].value("namespace", ""),
                             pod["metadata"].value("name", ""), "application/merge-patch+json", {{"status", status}},
                             "status");
        return worker;
    }
    worker.startTime = api::formatTime(m_loop.now());
    trace(worker, "kubelet.admit", {});
    return worker;
}

void Kubelet::onPod(const Json &pod)
{
    if (m_stopped)
        return;
    if (isMirrorPod(pod)) {
        onMirrorPod(pod);
        return;
    }
    const std::string uid = pod["metadata"].value("uid", "");
    auto it = m_workers.find(uid);
    if (it == m_workers.end()) {
        const std::string phase = pod.value("status", Json::object()).value("phase", "");
        if (phase == "Succeeded" || phase == "Failed")
            return; // finished before this kubelet saw it (a restarted lab)
        if (addWorker(pod).rejected)
            return;
    } else {
        it->second.pod = pod;
    }
    queueSync(uid);
}

void Kubelet::onPodDelete(const Json &pod)
{
    if (isMirrorPod(pod)) {
        onMirrorPodDelete(pod);
        return;
    }
    const std::string uid = pod["metadata"].value("uid", "");
    auto it = m_workers.find(uid);
    if (it == m_workers.end())
        return;
    PodWorker &w = it->second;
    // Removed from the API (force delete, or our own final delete): stop whatever still runs.
    for (auto *list : {&w.init, &w.regular})
        for (ContainerRecord &c : *list) {
            if (c.retry)
                m_loop.cancel(c.retry);
            if (!c.id.empty())
                m_runtime->stopContainer(c.id, 2s, [] {});
        }
    if (!w.sandboxId.empty())
        (void)m_runtime->stopPodSandbox(w.sandboxId);
    m_workers.erase(it);
}

void Kubelet::onContainerChanged(const std::string &containerId)
{
    ContainerRecord *record = nullptr;
    if (PodWorker *w = workerByContainer(containerId, &record))
        queueSync(w->uid);
    if (!m_logFollows.empty())
        onLogWritten(containerId);
}

} // namespace k8slab::kubelet
