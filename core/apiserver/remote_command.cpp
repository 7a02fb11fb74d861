#include "core/apiserver/remote_command.h"

#include "core/apiserver/object_io.h"

namespace k8slab::apiserver {

namespace {

using api::Json;

// The names of a pod's containers of one list, as upstream joins them ("a b c").
std::string containerNames(const Json &containers)
{
    std::string names;
    if (containers.is_array())
        for (const Json &c : containers)
            names += (names.empty() ? "" : " ") + c.value("name", "");
    return names;
}

bool hasContainer(const Json &pod, const std::string &name)
{
    for (const char *list : {"spec.containers", "spec.initContainers", "spec.ephemeralContainers"}) {
        const Json &containers = jsonAt(pod, list);
        if (containers.is_array())
            for (const Json &c : containers)
                if (c.value("name", "") == name)
                    return true;
    }
    return false;
}

} // namespace

Result<RemoteCommandOptions> parseRemoteCommand(const ApiRequest &request, bool attach)
{
    RemoteCommandOptions options;
    options.attach = attach;
    options.container = request.param("container").value_or("");
    options.stdinOpen = request.flag("stdin");
    options.stdoutOpen = request.flag("stdout");
    options.stderrOpen = request.flag("stderr");
    options.tty = request.flag("tty");
    if (!attach) {
        const auto [first, last] = request.query.equal_range("command");
        for (auto it = first; it != last; ++it)
            options.command.push_back(it->second);
    }
    // The kubelet's own checks (upstream's remotecommand NewOptions and ExecOptions).
    if (!options.stdinOpen && !options.stdoutOpen && !options.stderrOpen)
        return Status(StatusCode::BadRequest, "you must specify at least 1 of stdin, stdout, stderr");
    if (!attach && options.command.empty())
        return Status(StatusCode::BadRequest, "you must specify at least one command for the container");
    return options;
}

Result<std::string> resolveContainer(const Json &pod, const std::string &requested)
{
    const std::string name = jsonAt(pod, "metadata.name").is_string() ? jsonAt(pod, "metadata.name").get<std::string>() : "";
    if (!requested.empty()) {
        if (!hasContainer(pod, requested))
            return Status(StatusCode::BadRequest, "container " + requested + " is not valid for pod " + name);
        return requested;
    }
    const Json &containers = jsonAt(pod, "spec.containers");
    const std::size_t count = containers.is_array() ? containers.size() : 0;
    if (count == 1)
        return containers[0].value("name", "");
    if (count == 0)
        return Status(StatusCode::BadRequest, "a container name must be specified for pod " + name);
    std::string message = "a container name must be specified for pod " + name + ", choose one of: ["
                        + containerNames(containers) + "]";
    const std::string init = containerNames(jsonAt(pod, "spec.initContainers"));
    if (!init.empty())
        message += " or one of the init containers: [" + init + "]";
    return Status(StatusCode::BadRequest, message);
}

Json remoteCommandStatus(int exitCode, const std::string &message)
{
    if (exitCode == 0)
        return {{"metadata", Json::object()}, {"status", "Success"}};
    if (exitCode < 0)
        return {{"metadata", Json::object()}, {"status", "Failure"}, {"message", message}, {"reason", "InternalError"},
                {"code", 500}};
    return {{"metadata", Json::object()},
            {"status", "Failure"},
            {"message", message.empty() ? "command terminated with non-zero exit code: exit status " + std::to_string(exitCode)
                                        : message},
            {"reason", "NonZeroExitCode"},
            {"details", {{"causes", Json::array({{{"reason", "ExitCode"}, {"message", std::to_string(exitCode)}}})}}}};
}

} // namespace k8slab::apiserver
