#include "core/kubelet/node_agents.h"

#include "core/apiserver/api_server.h"
#include "core/apiserver/status_response.h"

#include <QDir>

#include <algorithm>

namespace k8slab::kubelet {

using api::Json;

Result<Kubelet *> NodeAgents::kubeletOf(const Json &pod)
{
    const std::string node = pod["spec"].value("nodeName", "");
    if (Kubelet *k = kubelet(node))
        return k;
    return Status(StatusCode::BadRequest, "no kubelet runs on node \"" + node + "\" (its Node is not simulated by the lab)");
}

template<typename Action>
auto NodeAgents::onKubelet(const std::string &node, Action action)
{
    return [this, alive = std::weak_ptr<int>(m_alive), node, action](auto &&...args) {
        if (alive.lock())
            if (Kubelet *k = kubelet(node))
                action(*k, std::forward<decltype(args)>(args)...);
    };
}

NodeAgents::NodeAgents(apiserver::ApiServer &api, engine::TraceBus &trace, RuntimeFactory factory)
    : m_api(api), m_trace(trace), m_factory(std::move(factory)), m_client(api, "k8slab-node-agents"),
      m_nodes(m_client, client::resource("", "v1", "nodes"))
{
    m_api.setPodLogSource([this](const Json &pod, const apiserver::ApiRequest &request) {
        Result<Kubelet *> k = kubeletOf(pod);
        return k.ok() ? (*k)->logs(pod, request) : apiserver::errorResponse(k.status());
    });
    // The streams below may outlive the node (or the lab): what they call later goes
    // through onKubelet.
    m_api.setPodLogFollower([this](const Json &pod, const apiserver::ApiRequest &request,
                                   std::function<void(std::string)> output) -> Result<std::function<void()>> {
        Result<Kubelet *> k = kubeletOf(pod);
        if (!k.ok())
            return k.status();
        Result<std::uint64_t> id = (*k)->followLogs(pod, request, std::move(output));
        if (!id.ok())
            return id.status();
        return std::function<void()>(onKubelet(pod["spec"].value("nodeName", ""),
                                               [id = *id](Kubelet &kubelet) { kubelet.stopFollowing(id); }));
    });
    m_api.setPodCommandRunner([this](const Json &pod, const apiserver::RemoteCommandOptions &options,
                                     apiserver::RemoteCommandOutput output) -> Result<apiserver::RemoteCommandSession> {
        Result<Kubelet *> k = kubeletOf(pod);
        if (!k.ok())
            return k.status();
        Result<std::uint64_t> id = (*k)->startCommand(pod, options, std::move(output));
        if (!id.ok())
            return id.status();
        const std::string node = pod["spec"].value("nodeName", "");
        apiserver::RemoteCommandSession session;
        session.input = onKubelet(node, [id = *id](Kubelet &k, std::string bytes) { k.commandInput(id, bytes); });
        session.closeInput = onKubelet(node, [id = *id](Kubelet &k) { k.commandInputClosed(id); });
        session.resize = onKubelet(node, [id = *id](Kubelet &k, int width, int height) { k.commandResized(id, width, height); });
        session.stop = onKubelet(node, [id = *id](Kubelet &k) { k.stopCommand(id); });
        return session;
    });
    apiserver::PodPortForwarder forwarder;
    forwarder.reachable = [this](const Json &pod) {
        Result<Kubelet *> k = kubeletOf(pod);
        return k.ok() ? (*k)->streamingReachable() : k.status();
    };
    forwarder.connect = [this](const Json &pod, int port,
                               apiserver::PortForwardOutput output) -> Result<apiserver::PortForwardConnection> {
        Result<Kubelet *> k = kubeletOf(pod);
        if (!k.ok())
            return k.status();
        Result<std::uint64_t> id = (*k)->forwardPort(pod, port, std::move(output));
        if (!id.ok())
            return id.status();
        const std::string node = pod["spec"].value("nodeName", "");
        apiserver::PortForwardConnection connection;
        connection.write = onKubelet(node, [id = *id](Kubelet &k, std::string bytes) { k.portForwardInput(id, bytes); });
        connection.closeWrite = onKubelet(node, [id = *id](Kubelet &k) { k.portForwardInputClosed(id); });
        connection.stop = onKubelet(node, [id = *id](Kubelet &k) { k.stopPortForward(id); });
        return connection;
    };
    m_api.setPodPortForwarder(std::move(forwarder));
    m_api.setNodeProxy([this](const Json &node, const std::string &path, const apiserver::ApiRequest &request) {
        const std::string name = node["metadata"].value("name", "");
        Kubelet *k = kubelet(name);
        if (!k)
            return apiserver::errorResponse(Status(StatusCode::Unavailable, "no kubelet runs on node \"" + name +
                                                                                "\" (its Node is not simulated by the lab)"));
        return k->proxy(path, request);
    });
}

NodeAgents::~NodeAgents()
{
    m_api.setPodLogSource({});
    m_api.setPodLogFollower({});
    m_api.setPodCommandRunner({});
    m_api.setPodPortForwarder({});
    m_api.setNodeProxy({});
    m_nodes.stop();
    m_kubelets.clear();
}

Kubelet *NodeAgents::kubelet(const std::string &node)
{
    auto it = m_kubelets.find(node);
    return it == m_kubelets.end() ? nullptr : it->second.get();
}

std::vector<const Kubelet *> NodeAgents::kubelets() const
{
    std::vector<const Kubelet *> out;
    for (const auto &[name, k] : m_kubelets)
        out.push_back(k.get());
    return out;
}

void NodeAgents::setServiceResolver(ServiceResolver resolver)
{
    m_resolver = std::move(resolver);
    for (const auto &[name, k] : m_kubelets)
        k->runtime().setServiceResolver(m_resolver);
}

Status NodeAgents::addNode(NodeSpec spec)
{
    if (m_kubelets.count(spec.name))
        return Status(StatusCode::AlreadyExists, "node \"" + spec.name + "\" already has an agent");
    if (spec.index == 0)
        spec.index = m_nextIndex++;
    if (spec.staticPodPath.empty() && !m_staticPodRoot.empty()) {
        spec.staticPodPath = m_staticPodRoot + "/" + spec.name + "/manifests";
        QDir().mkpath(QString::fromStdString(spec.staticPodPath));
    }
    const std::string name = spec.name;
    std::unique_ptr<ContainerRuntime> runtime = m_factory(m_api.loop(), spec);
    if (m_resolver)
        runtime->setServiceResolver(m_resolver);
    if (!m_registryReachable)
        (void)runtime->setRegistryReachable(false);
    auto k = std::make_unique<Kubelet>(m_api, m_trace, std::move(spec), std::move(runtime));
    Kubelet *raw = k.get();
    m_kubelets[name] = std::move(k);
    if (Status s = raw->start(); !s.ok()) {
        m_kubelets.erase(name);
        return s;
    }
    return {};
}

Status NodeAgents::setAgentRunning(const std::string &node, bool running)
{
    Kubelet *k = kubelet(node);
    if (!k)
        return Status(StatusCode::NotFound, "node \"" + node + "\" has no agent in the lab");
    k->setAgentRunning(running);
    return {};
}

Result<NodeAgents::KilledContainer> NodeAgents::killContainer(const std::string &ns, const std::string &pod,
                                                               const std::string &container)
{
    Result<Json> object = m_client.get(client::resource("", "v1", "pods"), ns, pod);
    if (!object.ok())
        return object.status();
    KilledContainer killed;
    killed.node = (*object)["spec"].value("nodeName", "");
    Kubelet *k = kubelet(killed.node);
    if (!k)
        return Status(StatusCode::FailedPrecondition,
                      killed.node.empty() ? "pod \"" + pod + "\" is not scheduled to a node yet"
                                          : "node \"" + killed.node + "\" has no agent in the lab");
    killed.container = container;
    Result<std::string> id = k->runningContainerId(ns, pod, killed.container);
    if (!id.ok())
        return id.status();
    // As the pod's status names it: "<runtime>://<id>".
    const std::string version = k->runtime().version();
    killed.containerId = version.substr(0, version.find("://")) + "://" + *id;
    // The fault first, so what the kubelet does about the exit is traced as its effect.
    const engine::TraceId fault = m_trace.publish(
        "lab", proto::TRACE_KIND_FAULT, "fault.container.killed", {"Pod", ns, pod, (*object)["metadata"].value("uid", "")},
        {{"node", killed.node}, {"container", killed.container}, {"containerID", id->substr(0, 12)}, {"signal", "SIGKILL"}});
    engine::CauseScope cause(m_api.loop(), fault);
    if (Status s = k->runtime().killContainer(*id); !s.ok())
        return s;
    return killed;
}

Status NodeAgents::fillMemory(const std::string &node, std::int64_t bytes)
{
    Kubelet *k = kubelet(node);
    if (!k)
        return Status(StatusCode::NotFound, "node \"" + node + "\" has no agent in the lab");
    if (bytes < 0)
        return Status(StatusCode::Invalid, "memory to hold must not be negative");
    const engine::TraceId fault =
        m_trace.publish("lab", proto::TRACE_KIND_FAULT, "fault.node.memory", {"Node", "", node, ""}, {{"bytes", std::to_string(bytes)}});
    engine::CauseScope cause(m_api.loop(), fault);
    return k->runtime().setHostMemoryHog(bytes);
}

Result<std::int64_t> NodeAgents::fillMemoryLeaving(const std::string &node, std::int64_t available)
{
    Kubelet *k = kubelet(node);
    if (!k)
        return Status(StatusCode::NotFound, "node \"" + node + "\" has no agent in the lab");
    Result<NodeUsage> usage = k->resourceUsage();
    if (!usage.ok())
        return usage.status();
    const std::int64_t others = usage->memoryWorkingSetBytes - k->runtime().hostMemoryHog();
    const std::int64_t bytes = std::max<std::int64_t>(0, usage->memoryCapacityBytes - others - available);
    if (Status s = fillMemory(node, bytes); !s.ok())
        return s;
    return bytes;
}

Status NodeAgents::setRegistryReachable(bool reachable)
{
    for (const auto &[name, k] : m_kubelets)
        if (Status s = k->runtime().setRegistryReachable(reachable); !s.ok())
            return s;
    if (reachable != m_registryReachable)
        m_trace.publish("lab", proto::TRACE_KIND_FAULT, reachable ? "fault.registry.repaired" : "fault.registry.broken",
                        {"", "", "", ""}, {});
    m_registryReachable = reachable;
    return {};
}

Status NodeAgents::start(int count)
{
    std::vector<NodeSpec> nodes(std::size_t(std::max(count, 0)));
    for (int i = 1; i <= count; ++i)
        nodes[std::size_t(i - 1)].name = "worker-" + std::to_string(i);
    return start(std::move(nodes));
}

Status NodeAgents::start(std::vector<NodeSpec> nodes)
{
    for (NodeSpec &spec : nodes) {
        const std::string name = spec.name;
        if (Status s = addNode(std::move(spec)); !s.ok())
            return Status(s.code(), "node " + name + ": " + s.message(), s.causes());
    }
    m_nodes.addHandlers({[this](const Json &n) { onNode(n); }, [this](const Json &, const Json &n) { onNode(n); }, {}});
    return m_nodes.start();
}

void NodeAgents::onNode(const Json &node)
{
    const Json &meta = node["metadata"];
    const std::string name = meta.value("name", "");
    if (m_kubelets.count(name))
        return;
    if (meta.contains("annotations") && meta["annotations"].value(kAgentAnnotation, "") == "none")
        return;
    NodeSpec spec;
    spec.name = name;
    spec.adopted = true;
    const Json labels = meta.value("labels", Json::object());
    spec.architecture = labels.value("kubernetes.io/arch", "amd64");
    // The machine is what the Node says it has.
    const Json status = node.value("status", Json::object());
    const Json capacity = status.value("capacity", Json::object());
    if (capacity.contains("cpu") && capacity["cpu"].is_string())
        spec.cpu = capacity["cpu"].get<std::string>();
    if (capacity.contains("memory") && capacity["memory"].is_string())
        spec.memory = capacity["memory"].get<std::string>();
    (void)addNode(spec);
}

} // namespace k8slab::kubelet
