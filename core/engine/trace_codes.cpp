#include "core/engine/trace_codes.h"

#include <algorithm>
#include <array>

namespace k8slab::engine {

namespace {

constexpr std::array kCodes = {
    TraceCode{"lab.started", "the lab session started"},
    TraceCode{"apiserver.request", "a client's request reached the API server"},
    TraceCode{"apiserver.response", "the API server answered a request"},
    TraceCode{"store.create", "the store committed a new key"},
    TraceCode{"store.update", "the store committed a new value for a key"},
    TraceCode{"store.delete", "the store deleted a key"},
    TraceCode{"controller.deployment.sync", "the deployment controller reconciled a Deployment"},
    TraceCode{"controller.deployment.newReplicaSet", "the deployment controller created a ReplicaSet for a new pod template"},
    TraceCode{"controller.deployment.scale", "the deployment controller scaled a ReplicaSet"},
    TraceCode{"controller.deployment.cleanup", "the deployment controller deleted old ReplicaSets beyond the history limit"},
    TraceCode{"controller.replicaset.sync", "the replicaset controller compared desired and actual pods"},
    TraceCode{"controller.daemonset.sync", "the daemonset controller reconciled a DaemonSet"},
    TraceCode{"controller.daemonset.revision", "the daemonset controller recorded a ControllerRevision"},
    TraceCode{"controller.job.sync", "the job controller reconciled a Job"},
    TraceCode{"controller.job.finished", "the job controller marked a Job Complete or Failed"},
    TraceCode{"controller.job.ttlExpired", "the TTL-after-finished controller deleted a finished Job"},
    TraceCode{"controller.cronjob.sync", "the cronjob controller reconciled a CronJob"},
    TraceCode{"controller.hpa.sync", "the horizontal pod autoscaler computed a desired replica count"},
    TraceCode{"controller.serviceaccount.sync", "the serviceaccount controller ensured the default ServiceAccount"},
    TraceCode{"controller.service.ensureLoadBalancer", "the service controller gave a LoadBalancer Service an address"},
    TraceCode{"controller.service.releaseLoadBalancer", "the service controller released a LoadBalancer address"},
    TraceCode{"controller.endpoints.sync", "the endpoints controller rewrote a Service's Endpoints"},
    TraceCode{"controller.endpointslice.sync", "the endpointslice controller reconciled a Service's EndpointSlices"},
    TraceCode{"controller.nodelifecycle.unknown", "the node lifecycle controller marked a silent node's conditions Unknown"},
    TraceCode{"controller.nodelifecycle.taints", "the node lifecycle controller changed a node's not-ready/unreachable taints"},
    TraceCode{"controller.tainteviction.schedule", "the taint eviction controller scheduled a pod's eviction"},
    TraceCode{"controller.tainteviction.cancel", "the taint eviction controller cancelled a pod's eviction"},
    TraceCode{"controller.tainteviction.evict", "the taint eviction controller deleted a pod from a tainted node"},
    TraceCode{"controller.podgc.forceDelete", "the pod garbage collector force-deleted a pod"},
    TraceCode{"scheduler.gated", "the scheduler held a pod back by its scheduling gates"},
    TraceCode{"scheduler.queue.move", "the scheduler moved pods between its queues after a cluster event"},
    TraceCode{"scheduler.attempt", "the scheduler filtered and scored nodes for a pod"},
    TraceCode{"scheduler.status.failed", "the scheduler could not record why a pod is unschedulable"},
    TraceCode{"scheduler.preempt", "the scheduler chose victims to preempt for a pod"},
    TraceCode{"scheduler.bind", "the scheduler bound a pod to a node"},
    TraceCode{"scheduler.bind.failed", "the scheduler's binding was refused"},
    TraceCode{"kubelet.register", "a kubelet registered its node"},
    TraceCode{"kubelet.agent.stopped", "the lab stopped a node's kubelet"},
    TraceCode{"kubelet.agent.started", "the lab started a node's kubelet again"},
    TraceCode{"fault.container.killed", "the lab killed a container's processes with SIGKILL, from outside the kubelet"},
    TraceCode{"fault.node.memory", "the lab had a process outside the pods hold a node's memory (or let it go)"},
    TraceCode{"fault.registry.broken", "the lab cut every node off the image registries"},
    TraceCode{"fault.registry.repaired", "the lab made the image registries reachable again"},
    TraceCode{"kubelet.admit", "a kubelet admitted a pod bound to its node"},
    TraceCode{"kubelet.reject", "a kubelet rejected a pod at admission"},
    TraceCode{"kubelet.sandbox", "a kubelet had the runtime create the pod sandbox"},
    TraceCode{"kubelet.pull", "a kubelet had the runtime pull an image"},
    TraceCode{"kubelet.pull.failed", "an image pull failed"},
    TraceCode{"kubelet.start", "a kubelet had the runtime create and start a container"},
    TraceCode{"kubelet.start.failed", "a container could not be started"},
    TraceCode{"kubelet.staticPod.added", "the kubelet found a manifest in its static pod folder and runs the pod"},
    TraceCode{"kubelet.staticPod.removed", "a static pod's manifest left the folder (or changed): the kubelet stops the pod"},
    TraceCode{"kubelet.staticPod.invalid", "the kubelet could not read a manifest in its static pod folder"},
    TraceCode{"kubelet.mirrorPod.created", "the kubelet created the mirror pod of a static pod in the API"},
    TraceCode{"kubelet.eviction.thresholdMet", "the eviction manager found memory.available below its hard threshold"},
    TraceCode{"kubelet.eviction.localStorage", "the kubelet's eviction manager found a pod over its ephemeral-storage limit"},
    TraceCode{"kubelet.evict", "the eviction manager evicted a pod to reclaim memory"},
    TraceCode{"metrics-server.scrape", "metrics-server read every kubelet's resource metrics (CPU and memory)"},
    TraceCode{"kubelet.exec", "a kubelet ran a command in a container for kubectl exec"},
    TraceCode{"kubelet.attach", "a kubelet attached kubectl to a container's output"},
    TraceCode{"kubelet.portForward", "a kubelet connected kubectl port-forward to a port inside a pod"},
    TraceCode{"kubelet.probe.failed", "a container failed its liveness or startup probe and is killed"},
    TraceCode{"kubelet.status", "a kubelet reported a pod's status"},
    TraceCode{"kubelet.terminate", "a kubelet began stopping a pod's containers"},
    TraceCode{"kubelet.terminated", "a kubelet finished a pod and released it"},
    TraceCode{"proxy.sync", "a kube-proxy rewrote its node's rules"},
    TraceCode{"proxy.sync_failed", "a kube-proxy's rule sync failed"},
};

} // namespace

std::span<const TraceCode> traceCodes()
{
    return kCodes;
}

const TraceCode *findTraceCode(std::string_view code)
{
    const auto *it = std::find_if(kCodes.begin(), kCodes.end(), [code](const TraceCode &c) { return c.code == code; });
    return it == kCodes.end() ? nullptr : &*it;
}

} // namespace k8slab::engine
