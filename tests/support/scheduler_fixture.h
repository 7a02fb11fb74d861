#pragma once

#include "core/api/json.h"
#include "core/engine/random.h"
#include "core/scheduler/framework/framework.h"
#include "core/scheduler/framework/snapshot.h"
#include "core/scheduler/schedule_one.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace k8slab::test {

/// Builds a Pod object for scheduler tests: PodBuilder("web").req("cpu", "500m").label("app", "web").build().
class PodBuilder {
public:
    /// A pod `name` in `ns` with one container "c" (image "registry.k8s.io/pause:3.9").
    explicit PodBuilder(std::string name, std::string ns = "default");
    /// A request of the first container.
    PodBuilder &req(const std::string &resource, const std::string &quantity);
    /// Adds a container with its image and requests ({"cpu": "100m"}).
    PodBuilder &container(const std::string &image, const api::Json &requests = api::Json::object());
    /// Adds an init container.
    PodBuilder &initContainer(const std::string &image, const api::Json &requests = api::Json::object(),
                              bool sidecar = false);
    /// Sets the first container's image.
    PodBuilder &image(const std::string &image);
    /// A label.
    PodBuilder &label(const std::string &key, const std::string &value);
    /// spec.nodeSelector entry.
    PodBuilder &nodeSelector(const std::string &key, const std::string &value);
    /// spec.nodeName.
    PodBuilder &nodeName(const std::string &node);
    /// A toleration.
    PodBuilder &toleration(const std::string &key, const std::string &op, const std::string &value,
                           const std::string &effect);
    /// A host port on the first container.
    PodBuilder &hostPort(int port, const std::string &protocol = "TCP", const std::string &ip = "");
    /// spec.priority.
    PodBuilder &priority(int priority);
    /// spec.affinity (the whole object).
    PodBuilder &affinity(const api::Json &affinity);
    /// A topology spread constraint.
    PodBuilder &spread(int maxSkew, const std::string &key, bool hard, const api::Json &labelSelector);
    /// A scheduling gate.
    PodBuilder &gate(const std::string &name);
    /// status.startTime / creationTimestamp (RFC 3339).
    PodBuilder &started(const std::string &time);
    /// Marks it terminating.
    PodBuilder &terminating();
    /// The uid (defaults to "uid-<ns>-<name>").
    PodBuilder &uid(const std::string &uid);
    /// The object.
    [[nodiscard]] api::Json build() const { return m_pod; }
    /// The parsed PodInfo.
    [[nodiscard]] scheduler::PodInfoPtr info() const;

private:
    api::Json m_pod;
};

/// Builds a Node object: NodeBuilder("n1").cpu("4").memory("8Gi").label("zone", "a").build().
class NodeBuilder {
public:
    /// A node with 4 CPUs, 32Gi memory and 110 pods allocatable (scheduler_perf's template).
    explicit NodeBuilder(std::string name);
    /// Allocatable and capacity of a resource.
    NodeBuilder &resource(const std::string &name, const std::string &quantity);
    /// Allocatable CPU.
    NodeBuilder &cpu(const std::string &q) { return resource("cpu", q); }
    /// Allocatable memory.
    NodeBuilder &memory(const std::string &q) { return resource("memory", q); }
    /// Allocatable pods.
    NodeBuilder &pods(const std::string &q) { return resource("pods", q); }
    /// A label.
    NodeBuilder &label(const std::string &key, const std::string &value);
    /// A taint.
    NodeBuilder &taint(const std::string &key, const std::string &value, const std::string &effect);
    /// spec.unschedulable.
    NodeBuilder &unschedulable();
    /// An image present on the node.
    NodeBuilder &image(const std::string &name, std::int64_t sizeBytes);
    /// The object.
    [[nodiscard]] api::Json build() const { return m_node; }

private:
    api::Json m_node;
};

/// A snapshot and a framework over it (the default profile unless given), without an
/// API server: enough to run plugins and the scheduling algorithm in unit tests.
class SchedulerHarness {
public:
    /// The default profile (or `profile`), random source seeded with 1.
    explicit SchedulerHarness(const scheduler::ProfileConfig &profile = {});

    /// Adds a node.
    void addNode(const api::Json &node) { m_snapshot.setNode(node); }
    /// Places a pod on the node its spec.nodeName names.
    void addPod(const api::Json &pod);
    /// The snapshot.
    scheduler::Snapshot &snapshot() { return m_snapshot; }
    /// The framework.
    scheduler::Framework &framework() { return *m_framework; }
    /// The node called `name` (fails the test if missing).
    scheduler::NodeInfo &node(const std::string &name);
    /// Runs the scheduling algorithm for `pod`.
    scheduler::ScheduleResult schedule(const api::Json &pod, scheduler::DecisionRecord *record = nullptr);
    /// Runs PreFilter then the filters for `pod` on each node: node → status.
    std::vector<std::pair<std::string, scheduler::PluginStatus>> filter(const api::Json &pod);
    /// Runs PreFilter, PreScore, Score and NormalizeScore of one plugin over every node
    /// (all treated as feasible): (raw, normalized) per node, or nothing when PreScore skipped.
    std::vector<std::pair<std::int64_t, std::int64_t>> score(const std::string &plugin, const api::Json &pod);

private:
    engine::Random m_random{1};
    scheduler::Snapshot m_snapshot;
    std::unique_ptr<scheduler::Framework> m_framework;
    scheduler::SchedulingAlgorithm m_algorithm;
};

/// Adds nodes described as "name k=v ... [+taint=key:Effect]"; the key "zone" stands
/// for topology.kubernetes.io/zone.
void addNodes(SchedulerHarness &harness, const QStringList &specs);

/// Each node's filter outcome as `describe` words it: "name:word ..." for the nodes
/// of `specs` (as addNodes takes them), in that order.
QString filterOutcomes(SchedulerHarness &harness, const QStringList &specs, const api::Json &pod,
                       const std::function<QString(const scheduler::PluginStatus &)> &describe);

/// One plugin's scores: "name=raw/normalized ..." for the nodes of `specs`, in that
/// order, or "skipped" when its PreScore skipped.
QString scoreOutcomes(SchedulerHarness &harness, const std::string &plugin, const QStringList &specs,
                      const api::Json &pod);

} // namespace k8slab::test
