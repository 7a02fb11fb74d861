// Container logs as the kubelet serves them (GET pods/<name>/log): which container and
// instance (--container, the only container, --previous), the CRI log lines turned into
// text (--timestamps, --tail), and followed logs (`kubectl logs -f`) that stream each
// new line until the container exits.
#include "core/kubelet/kubelet.h"

#include "core/apiserver/status_response.h"

namespace k8slab::kubelet {

using api::Json;

namespace {

// A CRI log line "<time> <stream> <tag> <text>" as the client sees it.
std::string textOf(const std::string &line, bool timestamps)
{
    const auto s1 = line.find(' ');
    const auto s2 = line.find(' ', s1 + 1);
    const auto s3 = line.find(' ', s2 + 1);
    return (timestamps ? line.substr(0, s1) + " " : std::string()) + line.substr(s3 + 1) + "\n";
}

} // namespace

Result<Kubelet::LogSelection> Kubelet::selectLog(const Json &pod, const apiserver::ApiRequest &request) const
{
    const std::string uid = pod["metadata"].value("uid", "");
    const std::string podName = pod["metadata"].value("name", "");
    auto it = m_workers.find(uid);
    std::vector<std::string> names;
    for (const char *list : {"initContainers", "containers"})
        for (const Json &c : pod["spec"].value(list, Json::array()))
            names.push_back(c.value("name", ""));
    std::string container = request.param("container").value_or("");
    if (container.empty()) {
        const Json regular = pod["spec"].value("containers", Json::array());
        if (regular.size() != 1) {
            std::string list;
            for (const Json &c : regular)
                list += (list.empty() ? "" : " ") + c.value("name", "");
            return Status(StatusCode::BadRequest,
                          "a container name must be specified for pod " + podName + ", choose one of: [" + list + "]");
        }
        container = regular[0].value("name", "");
    }
    if (std::find(names.begin(), names.end(), container) == names.end())
        return Status(StatusCode::BadRequest, "container " + container + " is not valid for pod " + podName);
    const ContainerRecord *record = nullptr;
    if (it != m_workers.end())
        for (const auto *list : {&it->second.init, &it->second.regular})
            for (const ContainerRecord &c : *list)
                if (c.name == container)
                    record = &c;
    const bool previous = request.param("previous").value_or("false") == "true";
    LogSelection selection;
    selection.containerId = record ? (previous ? record->previousId : record->id) : std::string();
    if (selection.containerId.empty()) {
        if (previous)
            return Status(StatusCode::BadRequest,
                          "previous terminated container \"" + container + "\" in pod \"" + podName + "\" not found");
        const std::string reason = record && !record->waitingReason.empty() ? record->waitingReason : "ContainerCreating";
        return Status(StatusCode::BadRequest,
                      "container \"" + container + "\" in pod \"" + podName + "\" is waiting to start: " + reason);
    }
    if (auto tail = request.param("tailLines"))
        selection.tail = static_cast<std::size_t>(std::max(0LL, std::atoll(tail->c_str())));
    selection.timestamps = request.param("timestamps").value_or("false") == "true";
    return selection;
}

apiserver::ApiResponse Kubelet::logs(const Json &pod, const apiserver::ApiRequest &request) const
{
    Result<LogSelection> selection = selectLog(pod, request);
    if (!selection.ok())
        return apiserver::errorResponse(selection.status());
    const std::vector<std::string> lines = m_runtime->logs(selection->containerId);
    const std::size_t from = selection->tail && lines.size() > *selection->tail ? lines.size() - *selection->tail : 0;
    apiserver::ApiResponse r;
    r.contentType = "text/plain";
    for (std::size_t i = from; i < lines.size(); ++i)
        r.body += textOf(lines[i], selection->timestamps);
    return r;
}

Result<std::uint64_t> Kubelet::followLogs(const Json &pod, const apiserver::ApiRequest &request,
                                          std::function<void(std::string)> output)
{
    Result<LogSelection> selection = selectLog(pod, request);
    if (!selection.ok())
        return selection.status();
    const std::uint64_t id = m_nextFollow++;
    const std::vector<std::string> lines = m_runtime->logs(selection->containerId);
    LogFollow follow{selection->containerId, lines.size(), selection->timestamps, std::move(output)};
    std::string first;
    for (std::size_t i = selection->tail && lines.size() > *selection->tail ? lines.size() - *selection->tail : 0;
         i < lines.size(); ++i)
        first += textOf(lines[i], follow.timestamps);
    if (!first.empty())
        follow.output(std::move(first));
    m_logFollows.emplace(id, std::move(follow));
    onLogWritten(selection->containerId); // a container that has already exited ends the stream now
    return id;
}

void Kubelet::stopFollowing(std::uint64_t id)
{
    m_logFollows.erase(id);
}

void Kubelet::onLogWritten(const std::string &containerId)
{
    const std::optional<ContainerStatus> status = m_runtime->containerStatus(containerId);
    const bool over = !status || status->state == ContainerState::Exited;
    std::vector<std::string> lines;
    for (auto it = m_logFollows.begin(); it != m_logFollows.end();) {
        LogFollow &follow = it->second;
        if (follow.containerId != containerId) {
            ++it;
            continue;
        }
        if (lines.empty())
            lines = m_runtime->logs(containerId);
        std::string chunk;
        for (; follow.sent < lines.size(); ++follow.sent)
            chunk += textOf(lines[follow.sent], follow.timestamps);
        if (!chunk.empty())
            follow.output(std::move(chunk));
        if (over) {
            follow.output(std::string()); // the container is gone: so is the stream
            it = m_logFollows.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace k8slab::kubelet
