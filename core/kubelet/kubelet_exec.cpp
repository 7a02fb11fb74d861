// kubectl exec and attach on this node: what the kubelet's streaming server and the
// runtime's do once the API server has checked the request and the pod.
#include "core/kubelet/exec_session.h"
#include "core/kubelet/kubelet.h"

namespace k8slab::kubelet {

using api::Json;

namespace {

// How long a command of an exec may run (the runtime's ExecSync timeout).
constexpr engine::Duration kExecTimeout = std::chrono::minutes(1);

} // namespace

Result<std::uint64_t> Kubelet::startCommand(const Json &pod, const apiserver::RemoteCommandOptions &options,
                                            apiserver::RemoteCommandOutput output)
{
    const Json &meta = pod["metadata"];
    const std::string ns = meta.value("namespace", "");
    const std::string name = meta.value("name", "");
    if (Status reachable = streamingReachable(); !reachable.ok())
        return reachable;
    std::string container = options.container;
    Result<std::string> containerId = runningContainerId(ns, name, container);
    if (!containerId.ok()) {
        if (containerId.status().code() == StatusCode::BadRequest)
            return containerId.status();
        return Status(StatusCode::NotFound, "container not found (\"" + container + "\")");
    }
    const std::string uid = meta.value("uid", "");
    const auto worker = m_workers.find(uid);
    const std::uint64_t id = m_nextCommand++;

    if (options.attach) {
        apiserver::ApiRequest follow;
        follow.query.emplace("container", container);
        follow.query.emplace("tailLines", "0");
        auto onOutput = [output](std::string chunk) {
            if (chunk.empty())
                output.finish(0, {});
            else
                output.write(apiserver::channel::kStdout, std::move(chunk));
        };
        Result<std::uint64_t> followId = followLogs(pod, follow, std::move(onOutput));
        if (!followId.ok())
            return followId.status();
        if (worker != m_workers.end())
            trace(worker->second, "kubelet.attach", {{"container", container}});
        m_commands.emplace(id, CommandSession{nullptr, *followId});
        return id;
    }

    // Each command run is a step of the trace: what ran, where, and how it ended.
    auto run = [this, uid, container, id = *containerId](const std::vector<std::string> &command) -> Result<ExecResult> {
        Result<ExecResult> result = m_runtime->execSync(id, command, kExecTimeout);
        const auto w = m_workers.find(uid);
        if (w != m_workers.end())
            trace(w->second, "kubelet.exec",
                  {{"container", container},
                   {"command", commandLine(command)},
                   {"exitCode", result.ok() ? std::to_string(result->exitCode) : std::string("-")}});
        if (!result.ok())
            return Status(StatusCode::NotFound, "container not found (\"" + container + "\")");
        return result;
    };
    auto finishOutput = output;
    finishOutput.finish = [this, id, finish = output.finish](int exitCode, std::string message) {
        finish(exitCode, std::move(message));
        m_commands.erase(id); // the caller holds its own reference while it runs
    };
    const std::string prompt = options.command.empty() || options.command.front().find("bash") == std::string::npos
                                   ? "/ # "
                                   : "root@" + name + ":/# ";
    auto session = std::make_shared<ExecSession>(options, prompt, std::move(run), std::move(finishOutput));
    m_commands.emplace(id, CommandSession{session, 0});
    // It runs once the connection is upgraded (the caller answers 101 first).
    m_loop.post([session] { session->start(); });
    return id;
}

void Kubelet::commandInput(std::uint64_t id, const std::string &bytes)
{
    const auto it = m_commands.find(id);
    if (it == m_commands.end() || !it->second.exec)
        return;
    const std::shared_ptr<ExecSession> session = it->second.exec;
    session->input(bytes);
}

void Kubelet::commandInputClosed(std::uint64_t id)
{
    const auto it = m_commands.find(id);
    if (it == m_commands.end() || !it->second.exec)
        return;
    const std::shared_ptr<ExecSession> session = it->second.exec;
    session->closeInput();
}

void Kubelet::commandResized(std::uint64_t id, int width, int height)
{
    const auto it = m_commands.find(id);
    if (it != m_commands.end() && it->second.exec)
        it->second.exec->resize(width, height);
}

void Kubelet::stopCommand(std::uint64_t id)
{
    const auto it = m_commands.find(id);
    if (it == m_commands.end())
        return;
    if (it->second.follow != 0)
        stopFollowing(it->second.follow);
    m_commands.erase(it);
}

} // namespace k8slab::kubelet
