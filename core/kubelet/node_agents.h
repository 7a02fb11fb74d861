#pragma once

#include "core/client/informer.h"
#include "core/kubelet/kubelet.h"

#include <map>
#include <memory>
#include <string>

namespace k8slab::kubelet {

/// Makes the runtime of one node (the executables choose the backend).
using RuntimeFactory = std::function<std::unique_ptr<ContainerRuntime>(engine::EventLoop &loop, const NodeSpec &node)>;

/// The lab's node agents: a kubelet for each node the lab starts with, and — as KWOK
/// does — for each Node created through the API (kubectl apply of a Node manifest),
/// unless that Node is annotated `k8slab.io/agent: none`. Routes pods/log requests to
/// the kubelet of the pod's node.
class NodeAgents {
public:
    /// Agents on `api`, each with a runtime from `factory`.
    NodeAgents(apiserver::ApiServer &api, engine::TraceBus &trace, RuntimeFactory factory);
    ~NodeAgents();

    /// Starts `count` default nodes ("worker-1", …) and adopts Nodes made through the API.
    Status start(int count);
    /// Starts these nodes and adopts Nodes made through the API. A node that cannot
    /// register (the API refuses its name, labels or taints) stops the start with the
    /// API's error, naming the node.
    Status start(std::vector<NodeSpec> nodes);
    /// Adds a node with its own spec.
    Status addNode(NodeSpec spec);
    /// Stops or restarts a node's agent (Kubelet::setAgentRunning); NotFound for a node
    /// without one.
    Status setAgentRunning(const std::string &node, bool running);
    /// A container the kill-a-container fault killed.
    struct KilledContainer {
        std::string node;        ///< Where the pod runs.
        std::string container;   ///< Its name (the default container when none was named).
        std::string containerId; ///< The instance killed, as the pod's status names it ("<runtime>://<id>").
    };
    /// The lab's faults, each a trace event of component "lab" (kind fault):
    /// kills a running container of a pod (Kubelet::killContainer) ...
    Result<KilledContainer> killContainer(const std::string &ns, const std::string &pod, const std::string &container);
    /// ... has a process outside the pods on `node` hold `bytes` of memory (0: frees it) ...
    Status fillMemory(const std::string &node, std::int64_t bytes);
    /// ... or as much as leaves `available` bytes of memory.available (what the eviction
    /// manager compares with its threshold) as things stand: the bytes now held ...
    Result<std::int64_t> fillMemoryLeaving(const std::string &node, std::int64_t available);
    /// ... and cuts every node off the image registries, or brings them back (nodes
    /// added later too).
    Status setRegistryReachable(bool reachable);
    /// False while the registries are cut off.
    [[nodiscard]] bool registryReachable() const { return m_registryReachable; }
    /// The kubelet of a node, or null.
    Kubelet *kubelet(const std::string &node);
    /// Every kubelet, by node name.
    [[nodiscard]] std::vector<const Kubelet *> kubelets() const;
    /// How pods reach names and Services (cluster DNS and kube-proxy's routing), handed
    /// to every node's runtime, now and for nodes added later.
    void setServiceResolver(ServiceResolver resolver);
    /// Gives every node added from now on a static pod folder, <root>/<node>/manifests
    /// (made if missing), as kubeadm's /etc/kubernetes/manifests. Set before start().
    void setStaticPodRoot(std::string root) { m_staticPodRoot = std::move(root); }
    /// The annotation that keeps a Node without an agent.
    static constexpr const char *kAgentAnnotation = "k8slab.io/agent";

private:
    void onNode(const api::Json &node);
    /// The kubelet of a pod's node, or the error a client gets when the lab runs none there.
    Result<Kubelet *> kubeletOf(const api::Json &pod);
    /// `action(kubelet, args...)` on the kubelet of `node`, as a callable that does
    /// nothing once the node (or the lab) is gone: for clients that outlive them.
    template<typename Action>
    auto onKubelet(const std::string &node, Action action);

    apiserver::ApiServer &m_api;
    engine::TraceBus &m_trace;
    RuntimeFactory m_factory;
    client::Client m_client;
    client::Informer m_nodes;
    std::map<std::string, std::unique_ptr<Kubelet>> m_kubelets;
    ServiceResolver m_resolver;
    std::string m_staticPodRoot;
    int m_nextIndex = 1;
    bool m_registryReachable = true;
    std::shared_ptr<int> m_alive = std::make_shared<int>(0); // what a followed log's stop checks
};

} // namespace k8slab::kubelet
