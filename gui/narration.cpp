#include "gui/narration.h"

#include <QLocale>

#include <functional>
#include <string>
#include <unordered_map>

namespace k8slab::gui {

namespace {

/// What one narration sees: the step, its object, and its parameters.
struct Step {
    const proto::TraceEvent &event;
    const proto::ObjectRef &subject;

    [[nodiscard]] QString param(const char *key) const
    {
        auto it = event.params().find(key);
        return it == event.params().end() ? QString() : QString::fromStdString(it->second);
    }
    [[nodiscard]] QString kind() const { return QString::fromStdString(subject.kind()); }
    [[nodiscard]] QString name() const { return QString::fromStdString(subject.name()); }
    /// "Pod web-7d9c-x2k4q" (or just the kind when the object has no name yet).
    [[nodiscard]] QString object() const { return name().isEmpty() ? kind() : kind() + QLatin1Char(' ') + name(); }
    /// The component's instance, e.g. the node of "kubelet/worker-1".
    [[nodiscard]] QString instance() const
    {
        const std::string &c = event.component();
        const auto slash = c.find('/');
        return slash == std::string::npos ? QString() : QString::fromStdString(c.substr(slash + 1));
    }
};

using Narrate = std::function<Narration(const Step &)>;

const std::unordered_map<std::string_view, Narrate> &narrations()
{
    static const std::unordered_map<std::string_view, Narrate> table = {
        {"lab.started",
         [](const Step &) {
             return Narration{Narrator::tr("The lab starts"),
                              Narrator::tr("The lab starts its control plane: the store, the API server, the controller "
                                           "manager, the scheduler, a kubelet and a kube-proxy per node.")};
         }},
        {"apiserver.request",
         [](const Step &s) {
             const QString verb = s.param("verb");
             const QString client = s.param("client");
             const QString sub = s.param("subresource");
             if (sub == QLatin1String("binding"))
                 return Narration{Narrator::tr("POST binding"),
                                  Narrator::tr("%1 asks the API server to bind %2 to a node. The binding subresource "
                                               "sets spec.nodeName; the scheduler never writes the pod itself.")
                                      .arg(client, s.object())};
             if (sub == QLatin1String("status"))
                 return Narration{Narrator::tr("%1 status").arg(verb),
                                  Narrator::tr("%1 writes the status of %2 through the status subresource: status "
                                               "changes never go through the main resource, and spec changes never "
                                               "through status.")
                                      .arg(client, s.object())};
             if (verb == QLatin1String("POST"))
                 return Narration{Narrator::tr("POST %1").arg(s.kind()),
                                  Narrator::tr("%1 sends a create request for %2. The API server authenticates it, "
                                               "runs admission (defaults, quotas, the service account), validates the "
                                               "object and only then writes it to the store.")
                                      .arg(client, s.object())};
             if (verb == QLatin1String("DELETE"))
                 return Narration{Narrator::tr("DELETE %1").arg(s.kind()),
                                  Narrator::tr("%1 asks to delete %2. With a grace period the object first gets a "
                                               "deletionTimestamp; it goes when its finalizers and the kubelet are done.")
                                      .arg(client, s.object())};
             return Narration{Narrator::tr("%1 %2").arg(verb, s.kind()),
                              Narrator::tr("%1 sends %2 for %3. The request carries the resourceVersion it read: if "
                                           "someone wrote the object since, the API server answers 409 Conflict "
                                           "(optimistic concurrency).")
                                  .arg(client, verb, s.object())};
         }},
        {"apiserver.response",
         [](const Step &s) {
             return Narration{Narrator::tr("Answer %1").arg(s.param("code")),
                              Narrator::tr("The API server answers with HTTP %1.").arg(s.param("code"))};
         }},
        {"store.create",
         [](const Step &s) {
             return Narration{Narrator::tr("store: create %1").arg(s.kind()),
                              Narrator::tr("The store (etcd in a real cluster) commits %1 at revision %2. Nothing "
                                           "runs yet: every component that cares learns of the new object through its "
                                           "watch on the API server.")
                                  .arg(s.object())
                                  .arg(s.event.revision())};
         }},
        {"store.update",
         [](const Step &s) {
             return Narration{Narrator::tr("store: update %1").arg(s.kind()),
                              Narrator::tr("The store commits a new version of %1 at revision %2; the object's "
                                           "resourceVersion is that revision. Watchers receive a MODIFIED event.")
                                  .arg(s.object())
                                  .arg(s.event.revision())};
         }},
        {"store.delete",
         [](const Step &s) {
             return Narration{Narrator::tr("store: delete %1").arg(s.kind()),
                              Narrator::tr("The store removes %1 at revision %2. Watchers receive a DELETED event.")
                                  .arg(s.object())
                                  .arg(s.event.revision())};
         }},
        {"controller.deployment.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("Deployment controller: reconcile"),
                              Narrator::tr("The deployment controller compares %1 with its ReplicaSets: strategy %2, "
                                           "%3 replicas wanted, new ReplicaSet %4. It never creates pods itself; it "
                                           "only sizes ReplicaSets.")
                                  .arg(s.object(), s.param("strategy"), s.param("replicas"),
                                       s.param("newReplicaSet"))};
         }},
        {"controller.deployment.newReplicaSet",
         [](const Step &s) {
             return Narration{Narrator::tr("New ReplicaSet %1").arg(s.param("replicaSet")),
                              Narrator::tr("No ReplicaSet matches the pod template of %1, so the deployment controller "
                                           "creates %2: the template's hash %3 goes into its name and into the label "
                                           "pod-template-hash, revision %4.")
                                  .arg(s.object(), s.param("replicaSet"),
                                       s.param("podTemplateHash"), s.param("revision"))};
         }},
        {"controller.deployment.scale",
         [](const Step &s) {
             return Narration{Narrator::tr("Scale %1: %2 → %3")
                                  .arg(s.param("replicaSet"), s.param("from"),
                                       s.param("to")),
                              Narrator::tr("The deployment controller scales ReplicaSet %1 from %2 to %3 (%4). During a "
                                           "rolling update maxSurge and maxUnavailable bound each step.")
                                  .arg(s.param("replicaSet"), s.param("from"),
                                       s.param("to"), s.param("why"))};
         }},
        {"controller.deployment.cleanup",
         [](const Step &s) {
             return Narration{Narrator::tr("Delete old ReplicaSet"),
                              Narrator::tr("%1 keeps %2 old ReplicaSets for rollbacks (revisionHistoryLimit); the "
                                           "deployment controller deletes %3.")
                                  .arg(s.object(), s.param("revisionHistoryLimit"),
                                       s.param("replicaSet"))};
         }},
        {"controller.replicaset.sync",
         [](const Step &s) {
             const QString action = s.param("action");
             const QString title = action == QLatin1String("create")   ? Narrator::tr("ReplicaSet controller: create pods")
                                   : action == QLatin1String("delete") ? Narrator::tr("ReplicaSet controller: delete pods")
                                                                       : Narrator::tr("ReplicaSet controller: in sync");
             return Narration{title, Narrator::tr("The ReplicaSet controller counts the pods that match the selector of "
                                                  "%1: %2 wanted, %3 found. It creates or deletes the difference (in "
                                                  "growing batches) and records what it expects to see next.")
                                         .arg(s.object(), s.param("desired"),
                                              s.param("observed"))};
         }},
        {"controller.daemonset.sync",
         [](const Step &s) {
             if (s.param("step") == "rollingUpdate")
                 return Narration{Narrator::tr("DaemonSet controller: rolling update"),
                                  Narrator::tr("The pod template of %1 changed. The daemonset controller replaces the "
                                               "old pods node by node, within maxSurge %2 (new pods started beside "
                                               "old ones) and maxUnavailable %3 (nodes without an available pod): "
                                               "this step it creates %4 pods and deletes %5.")
                                      .arg(s.object(), s.param("maxSurge"), s.param("maxUnavailable"),
                                           s.param("create"), s.param("delete"))};
             return Narration{Narrator::tr("DaemonSet controller: reconcile"),
                              Narrator::tr("The daemonset controller checks that every eligible node runs one pod of "
                                           "%1, and creates or deletes pods where not.")
                                  .arg(s.object())};
         }},
        {"controller.daemonset.revision",
         [](const Step &s) {
             return Narration{Narrator::tr("DaemonSet revision %1").arg(s.param("revision")),
                              Narrator::tr("The daemonset controller stores the pod template of %1 as ControllerRevision "
                                           "%2, so a rolling update can tell old pods from new.")
                                  .arg(s.object(), s.param("controllerRevision"))};
         }},
        {"controller.job.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("Job controller: reconcile"),
                              Narrator::tr("The job controller counts the pods of %1: %2 active, %3 succeeded, %4 "
                                           "failed; decision: %5.")
                                  .arg(s.object(), s.param("active"), s.param("succeeded"),
                                       s.param("failed"), s.param("decision"))};
         }},
        {"controller.job.finished",
         [](const Step &s) {
             return Narration{Narrator::tr("Job %1").arg(s.param("condition")),
                              Narrator::tr("The job controller sets the condition %1 on %2 (reason %3); no new pods "
                                           "start.")
                                  .arg(s.param("condition"), s.object(), s.param("reason"))};
         }},
        {"controller.job.ttlExpired",
         [](const Step &s) {
             return Narration{Narrator::tr("TTL expired: delete Job"),
                              Narrator::tr("%1 finished more than ttlSecondsAfterFinished (%2 s) ago; the "
                                           "TTL-after-finished controller deletes it and its pods.")
                                  .arg(s.object(), s.param("ttlSecondsAfterFinished"))};
         }},
        {"controller.cronjob.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("CronJob controller: reconcile"),
                              Narrator::tr("The cronjob controller checks the schedule of %1, starts a Job when one is "
                                           "due (honouring concurrencyPolicy) and trims the history.")
                                  .arg(s.object())};
         }},
        {"controller.hpa.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("HPA: %1 → %2 replicas")
                                  .arg(s.param("currentReplicas"), s.param("desiredReplicas")),
                              Narrator::tr("The horizontal pod autoscaler reads %1 for the pods of %2: desired = "
                                           "ceil(current × metric ÷ target) gives %3; after tolerance, bounds and "
                                           "stabilization it asks for %4.")
                                  .arg(s.param("metric"), s.object(), s.param("proposal"),
                                       s.param("desiredReplicas"))};
         }},
        {"controller.serviceaccount.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("Create ServiceAccount default"),
                              Narrator::tr("Every namespace gets a ServiceAccount named default; pods that name none "
                                           "run as it. The serviceaccount controller creates it in %1.")
                                  .arg(s.name())};
         }},
        {"controller.service.ensureLoadBalancer",
         [](const Step &s) {
             return Narration{Narrator::tr("LoadBalancer IP %1").arg(s.param("ip")),
                              Narrator::tr("The service controller gives %1 the external address %2 from the lab's "
                                           "pool %3 (as MetalLB or a cloud would) and writes it to "
                                           "status.loadBalancer.")
                                  .arg(s.object(), s.param("ip"), s.param("pool"))};
         }},
        {"controller.service.releaseLoadBalancer",
         [](const Step &s) {
             return Narration{Narrator::tr("Release LoadBalancer IP"),
                              Narrator::tr("%1 no longer needs its external address %2; the service controller gives "
                                           "it back to the pool.")
                                  .arg(s.object(), s.param("ip"))};
         }},
        {"controller.endpoints.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("Endpoints: %1 ready").arg(s.param("ready")),
                              Narrator::tr("The endpoints controller lists the pods that %1 selects and writes their "
                                           "IPs to the Endpoints object of the same name: %2 ready, %3 not ready "
                                           "(notReadyAddresses).")
                                  .arg(s.object(), s.param("ready"), s.param("notReady"))};
         }},
        {"controller.endpointslice.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("EndpointSlices: %1 ready").arg(s.param("ready")),
                              Narrator::tr("The endpointslice controller puts the pods that %1 selects into "
                                           "EndpointSlices (up to 100 each): %2 endpoints, %3 ready. A pod counts as "
                                           "ready once its Ready condition is True; kube-proxy only sends traffic to "
                                           "ready endpoints.")
                                  .arg(s.object(), s.param("endpoints"), s.param("ready"))};
         }},
        {"controller.nodelifecycle.unknown",
         [](const Step &s) {
             return Narration{Narrator::tr("Node %1 silent: Unknown").arg(s.name()),
                              Narrator::tr("The kubelet on %1 has not renewed its Lease for more than %2 (last at %3); "
                                           "the node lifecycle controller sets its conditions to Unknown.")
                                  .arg(s.name(), s.param("gracePeriod"), s.param("lastProbe"))};
         }},
        {"controller.nodelifecycle.taints",
         [](const Step &s) {
             return Narration{Narrator::tr("Node %1 taints").arg(s.name()),
                              Narrator::tr("The node lifecycle controller sets the taints of %1 to %2 (%3). Pods "
                                           "without a matching toleration will be evicted after their "
                                           "tolerationSeconds.")
                                  .arg(s.name(), s.param("taints"), s.param("why"))};
         }},
        {"controller.tainteviction.schedule",
         [](const Step &s) {
             return Narration{Narrator::tr("Eviction in %1 s").arg(s.param("afterSeconds")),
                              Narrator::tr("%1 tolerates the NoExecute taint of %2 for %3 s only; the taint eviction "
                                           "controller will delete it at %4 unless the taint goes.")
                                  .arg(s.object(), s.param("node"), s.param("afterSeconds"),
                                       s.param("at"))};
         }},
        {"controller.tainteviction.cancel",
         [](const Step &s) {
             return Narration{Narrator::tr("Eviction cancelled"),
                              Narrator::tr("The taint on %1 is gone before the deadline; %2 stays.")
                                  .arg(s.param("node"), s.object())};
         }},
        {"controller.tainteviction.evict",
         [](const Step &s) {
             return Narration{Narrator::tr("Evict from %1").arg(s.param("node")),
                              Narrator::tr("Time is up: the taint eviction controller deletes %1 from %2 (condition "
                                           "DisruptionTarget, reason DeletionByTaintManager). Its owner will create a "
                                           "replacement elsewhere.")
                                  .arg(s.object(), s.param("node"))};
         }},
        {"controller.podgc.forceDelete",
         [](const Step &s) {
             return Narration{Narrator::tr("Pod GC: force delete"),
                              Narrator::tr("The pod garbage collector force-deletes %1 (%2).")
                                  .arg(s.object(), s.param("why"))};
         }},
        {"scheduler.gated",
         [](const Step &s) {
             return Narration{Narrator::tr("Held by scheduling gates"),
                              Narrator::tr("%1 has spec.schedulingGates: the scheduler leaves it alone until they are "
                                           "removed.")
                                  .arg(s.object())};
         }},
        {"scheduler.queue.move",
         [](const Step &) {
             return Narration{Narrator::tr("Queue: retry unschedulable pods"),
                              Narrator::tr("A cluster event (a node added, a pod deleted) might make waiting pods "
                                           "schedulable; the scheduler moves them back to its active queue.")};
         }},
        {"scheduler.attempt",
         [](const Step &s) {
             const QString node = s.param("node");
             if (node.isEmpty())
                 return Narration{Narrator::tr("Scheduler: no node fits"),
                                  Narrator::tr("The scheduler filtered %1 nodes for %2 and none passed: %3 The pod "
                                               "stays Pending until something changes.")
                                      .arg(s.param("nodes"), s.object(), s.param("message"))};
             return Narration{Narrator::tr("Scheduler: choose %1").arg(node),
                              Narrator::tr("The scheduler takes %1 from its queue. Filter plugins (predicates) drop "
                                           "the nodes that cannot run it; score plugins (priorities) rank the rest; "
                                           "%2 of %3 nodes were examined and %4 scored highest.")
                                  .arg(s.object(), s.param("examined"), s.param("nodes"), node)};
         }},
        {"scheduler.status.failed",
         [](const Step &s) {
             return Narration{Narrator::tr("Cannot record PodScheduled"),
                              Narrator::tr("The scheduler could not write the PodScheduled=False condition of %1.")
                                  .arg(s.object())};
         }},
        {"scheduler.preempt",
         [](const Step &s) {
             return Narration{Narrator::tr("Preemption"),
                              Narrator::tr("No node fits %1, but evicting lower-priority pods would make room: the "
                                           "scheduler nominates a node and deletes the victims.")
                                  .arg(s.object())};
         }},
        {"scheduler.bind",
         [](const Step &s) {
             return Narration{Narrator::tr("Bound to %1").arg(s.param("node")),
                              Narrator::tr("The binding succeeded: %1 now has spec.nodeName = %2 and the condition "
                                           "PodScheduled=True. The scheduler's work for this pod is done.")
                                  .arg(s.object(), s.param("node"))};
         }},
        {"scheduler.bind.failed",
         [](const Step &s) {
             return Narration{Narrator::tr("Binding failed"),
                              Narrator::tr("The API server refused the binding of %1; the scheduler forgets its "
                                           "assumption and queues the pod again.")
                                  .arg(s.object())};
         }},
        {"kubelet.register",
         [](const Step &s) {
             return Narration{Narrator::tr("Register node %1").arg(s.name()),
                              Narrator::tr("The kubelet creates its Node object with capacity, allocatable, labels and "
                                           "conditions, then renews a Lease in kube-node-lease every 10 s as its "
                                           "heartbeat.")};
         }},
        {"kubelet.agent.stopped",
         [](const Step &s) {
             return Narration{Narrator::tr("Kubelet stopped on %1").arg(s.name()),
                              Narrator::tr("The lab stopped the kubelet on %1: no heartbeats, no status. The node "
                                           "lifecycle controller will notice after the grace period.")
                                  .arg(s.name())};
         }},
        {"kubelet.agent.started",
         [](const Step &s) {
             return Narration{Narrator::tr("Kubelet started on %1").arg(s.name()),
                              Narrator::tr("The kubelet on %1 runs again and resumes its heartbeats.").arg(s.name())};
         }},
        {"fault.container.killed",
         [](const Step &s) {
             return Narration{Narrator::tr("Container %1 killed (SIGKILL)").arg(s.param("container")),
                              Narrator::tr("The lab killed container %1 of %2 on %3 from outside, as kill -9 on the node "
                                           "would. The kubelet is not told: it sees the container exit with 137 (128 + "
                                           "9) and acts on the pod's restartPolicy.")
                                  .arg(s.param("container"), s.object(), s.param("node"))};
         }},
        {"fault.node.memory",
         [](const Step &s) {
             const qint64 bytes = s.param("bytes").toLongLong();
             if (bytes == 0)
                 return Narration{Narrator::tr("Memory released on %1").arg(s.name()),
                                  Narrator::tr("The process outside the pods on %1 let its memory go.").arg(s.name())};
             return Narration{Narrator::tr("Memory filled on %1").arg(s.name()),
                              Narrator::tr("A process outside the pods on %1 now holds %2. The kubelet's eviction "
                                           "manager sees memory.available fall; below 100Mi it reports MemoryPressure "
                                           "and evicts pods.")
                                  .arg(s.name(), QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat))};
         }},
        {"fault.registry.broken",
         [](const Step &) {
             return Narration{Narrator::tr("Image registry broken"),
                              Narrator::tr("The lab cut every node off the image registries. Images already on a node "
                                           "still run; every pull fails (ErrImagePull, then ImagePullBackOff).")};
         }},
        {"fault.registry.repaired",
         [](const Step &) {
             return Narration{Narrator::tr("Image registry repaired"),
                              Narrator::tr("The registries answer again: each waiting pull succeeds at its next try, "
                                           "when its back-off ends.")};
         }},
        {"kubelet.admit",
         [](const Step &s) {
             return Narration{Narrator::tr("Kubelet on %1: admit").arg(s.instance()),
                              Narrator::tr("The kubelet on %1 watches pods whose spec.nodeName is its node. It sees "
                                           "%2, checks that it fits (resources, node selector, taints) and starts a "
                                           "pod worker for it.")
                                  .arg(s.instance(), s.object())};
         }},
        {"kubelet.reject",
         [](const Step &s) {
             return Narration{Narrator::tr("Rejected: %1").arg(s.param("reason")),
                              Narrator::tr("The kubelet on %1 rejects %2: %3 The pod fails with this reason; its owner "
                                           "will make another.")
                                  .arg(s.instance(), s.object(), s.param("message"))};
         }},
        {"kubelet.sandbox",
         [](const Step &s) {
             return Narration{Narrator::tr("RunPodSandbox"),
                              Narrator::tr("The kubelet asks the container runtime (through CRI) for the pod sandbox: "
                                           "the pause container holding the network namespace. The CNI plugin gives the "
                                           "pod its IP %1.")
                                  .arg(s.param("ip"))};
         }},
        {"kubelet.pull",
         [](const Step &s) {
             return Narration{Narrator::tr("PullImage %1").arg(s.param("image")),
                              Narrator::tr("The kubelet has the runtime pull %1 for container %2 (imagePullPolicy "
                                           "decides whether a present image is reused). The node pulls the variant of "
                                           "its own architecture.")
                                  .arg(s.param("image"), s.param("container"))};
         }},
        {"kubelet.pull.failed",
         [](const Step &s) {
             return Narration{Narrator::tr("Pull failed"),
                              Narrator::tr("The image of container %1 could not be pulled: ErrImagePull, then "
                                           "ImagePullBackOff while the kubelet retries with a growing delay.")
                                  .arg(s.param("container"))};
         }},
        {"kubelet.start",
         [](const Step &s) {
             return Narration{Narrator::tr("Start %1").arg(s.param("container")),
                              Narrator::tr("The kubelet has the runtime create and start container %1 (id %2) in the "
                                           "pod's sandbox. Init containers run first, one at a time; then the app "
                                           "containers.")
                                  .arg(s.param("container"), s.param("containerID"))};
         }},
        {"kubelet.start.failed",
         [](const Step &s) {
             return Narration{Narrator::tr("Start failed"),
                              Narrator::tr("Container %1 could not start; the kubelet will retry with back-off.")
                                  .arg(s.param("container"))};
         }},
        {"kubelet.probe.failed",
         [](const Step &s) {
             return Narration{Narrator::tr("%1 probe failed: kill %2").arg(s.param("probe"), s.param("container")),
                              Narrator::tr("Container %1 failed its %2 probe %3 times in a row (%4). The kubelet kills "
                                           "it; the restart policy decides whether it starts again.")
                                  .arg(s.param("container"), s.param("probe").toLower(), s.param("failures"),
                                       s.param("message"))};
         }},
        {"kubelet.exec",
         [](const Step &s) {
             return Narration{Narrator::tr("exec in %1: %2").arg(s.param("container"), s.param("command")),
                              Narrator::tr("kubectl exec reached the kubelet through the API server (a WebSocket on "
                                           "pods/exec). The kubelet had the container runtime run \"%1\" inside "
                                           "container %2's namespaces; it exited with %3, and that code is kubectl's "
                                           "exit code.")
                                  .arg(s.param("command"), s.param("container"), s.param("exitCode"))};
         }},
        {"kubelet.attach",
         [](const Step &s) {
             return Narration{Narrator::tr("attach to %1").arg(s.param("container")),
                              Narrator::tr("kubectl attach connects to the container's own process: from now on, what "
                                           "%1 writes goes to the client too, until it exits. Nothing new runs.")
                                  .arg(s.param("container"))};
         }},
        {"kubelet.portForward",
         [](const Step &s) {
             const QString outcome = s.param("outcome");
             if (outcome == QLatin1String("connected"))
                 return Narration{Narrator::tr("port-forward to port %1").arg(s.param("port")),
                                  Narrator::tr("kubectl port-forward reached the kubelet through the API server "
                                               "(SPDY on pods/portforward). For this local connection the container "
                                               "runtime connected to localhost:%1 inside the pod's network namespace; "
                                               "bytes now flow both ways through the API server. No Service and no "
                                               "kube-proxy rule is involved.")
                                      .arg(s.param("port"))};
             return Narration{Narrator::tr("port-forward to port %1 failed").arg(s.param("port")),
                              Narrator::tr("Nothing in the pod accepted a connection on port %1: %2. kubectl prints "
                                           "this error and closes the forward.")
                                  .arg(s.param("port"), outcome)};
         }},
        {"kubelet.staticPod.added",
         [](const Step &s) {
             return Narration{Narrator::tr("Static pod %1").arg(s.object()),
                              Narrator::tr("The kubelet found %1 in its static pod folder and runs the pod itself: no "
                                           "scheduler, no controller, not even the API server is needed. Its name "
                                           "ends with the node's; its UID is a hash of the file.")
                                  .arg(s.param("file"))};
         }},
        {"kubelet.staticPod.removed",
         [](const Step &s) {
             return Narration{Narrator::tr("Static pod gone: %1").arg(s.object()),
                              Narrator::tr("%1 left the static pod folder (or changed): the kubelet stops the pod and "
                                           "deletes its mirror. Deleting the mirror through the API would not have "
                                           "stopped it.")
                                  .arg(s.param("file"))};
         }},
        {"kubelet.staticPod.invalid",
         [](const Step &s) {
             return Narration{Narrator::tr("Unreadable static pod"),
                              Narrator::tr("The kubelet could not read a manifest in its static pod folder: %1")
                                  .arg(s.param("message"))};
         }},
        {"kubelet.mirrorPod.created",
         [](const Step &s) {
             return Narration{Narrator::tr("Mirror pod %1").arg(s.object()),
                              Narrator::tr("The kubelet writes a mirror of the static pod to the API (annotation "
                                           "kubernetes.io/config.mirror, owned by the Node) so kubectl and the "
                                           "scheduler see it. It only shows status: delete it and the kubelet "
                                           "creates it again.")};
         }},
        {"kubelet.eviction.thresholdMet",
         [](const Step &s) {
             return Narration{Narrator::tr("Memory pressure"),
                              Narrator::tr("The kubelet's eviction manager sees memory.available = %1, below the hard "
                                           "threshold of %2: the node reports MemoryPressure (tainted, so no new "
                                           "pods come) and the kubelet evicts one pod per round to reclaim memory.")
                                  .arg(s.param("available"), s.param("threshold"))};
         }},
        {"kubelet.eviction.localStorage",
         [](const Step &s) {
             return Narration{Narrator::tr("Over the ephemeral-storage limit"),
                              Narrator::tr("The kubelet's eviction manager adds up what the containers of %1 wrote to "
                                           "their writable layers and logs: %2, more than its ephemeral-storage "
                                           "limit allows. It evicts the pod at once, without a grace period: %3")
                                  .arg(s.object(), s.param("used"), s.param("message"))};
         }},
        {"kubelet.evict",
         [](const Step &s) {
             return Narration{Narrator::tr("Evict %1").arg(s.object()),
                              Narrator::tr("The eviction manager chose this %1 pod: first pods using more memory than "
                                           "they request, then lower priority, then the largest excess. Its "
                                           "containers are killed (1 s of grace) and the pod ends Failed with reason "
                                           "Evicted; its controller makes a new one elsewhere.")
                                  .arg(s.param("qosClass"))};
         }},
        {"metrics-server.scrape",
         [](const Step &s) {
             return Narration{Narrator::tr("metrics-server scrape"),
                              Narrator::tr("metrics-server reads /metrics/resource from %1 kubelets (cumulative CPU "
                                           "seconds, memory working set) for %2 pods. CPU usage is the difference "
                                           "between two scrapes ÷ the time between them, so a new pod has metrics "
                                           "after its second scrape; kubectl top and the HPA read these through the "
                                           "metrics.k8s.io API.")
                                  .arg(s.param("nodes"), s.param("pods"))};
         }},
        {"kubelet.status",
         [](const Step &s) {
             return Narration{Narrator::tr("Status: %1").arg(s.param("phase")),
                              Narrator::tr("The kubelet's status manager writes what it saw to the API server: phase "
                                           "%1, container states, conditions (Ready once every container is ready and "
                                           "its readiness probe passes), the pod IP.")
                                  .arg(s.param("phase"))};
         }},
        {"kubelet.terminate",
         [](const Step &s) {
             return Narration{Narrator::tr("Stop containers"),
                              Narrator::tr("%1 is being deleted: the kubelet runs preStop hooks, sends SIGTERM, and "
                                           "SIGKILL after the grace period.")
                                  .arg(s.object())};
         }},
        {"kubelet.terminated",
         [](const Step &s) {
             return Narration{Narrator::tr("Pod finished"),
                              Narrator::tr("The containers of %1 have stopped and its sandbox is gone; the kubelet "
                                           "confirms the deletion so the API server can remove the object.")
                                  .arg(s.object())};
         }},
        {"proxy.sync",
         [](const Step &s) {
             return Narration{Narrator::tr("kube-proxy on %1: +%2 −%3 rules")
                                  .arg(s.name(), s.param("added"), s.param("removed")),
                              Narrator::tr("kube-proxy on %1 watched the change (%2) and rewrote its %3 rules (%4 sync): "
                                           "%5 rules added, %6 removed. Traffic to the Service's cluster IP now reaches "
                                           "the ready endpoints.")
                                  .arg(s.name(), s.param("causes"), s.param("mode"),
                                       s.param("sync"), s.param("added"),
                                       s.param("removed"))};
         }},
        {"proxy.sync_failed",
         [](const Step &s) {
             return Narration{Narrator::tr("kube-proxy sync failed"),
                              Narrator::tr("kube-proxy on %1 could not apply its rules: %2 It will retry.")
                                  .arg(s.name(), s.param("error"))};
         }},
    };
    return table;
}

} // namespace

Narration Narrator::narrate(const proto::TraceEvent &event, const proto::ObjectRef &subject)
{
    const Step step{event, subject};
    const auto &table = narrations();
    if (auto it = table.find(event.code()); it != table.end())
        return it->second(step);
    return Narration{QString::fromStdString(event.code()),
                     tr("%1 took the step %2 on %3.")
                         .arg(QString::fromStdString(event.component()), QString::fromStdString(event.code()), step.object())};
}

bool Narrator::knows(std::string_view code)
{
    return narrations().contains(code);
}

} // namespace k8slab::gui
