#include "core/kubelet/probes.h"

namespace k8slab::kubelet {

using api::Json;

namespace {

std::chrono::seconds seconds(const Json &probe, const char *key, int fallback)
{
    const auto it = probe.find(key);
    return std::chrono::seconds(it != probe.end() && it->is_number_integer() ? it->get<int>() : fallback);
}

// A port given by number or by the name of one of the container's ports.
int portOf(const Json &port, const Json &container)
{
    if (port.is_number_integer())
        return port.get<int>();
    if (port.is_string()) {
        for (const Json &p : container.value("ports", Json::array()))
            if (p.value("name", "") == port.get<std::string>())
                return p.value("containerPort", 0);
        const std::string text = port.get<std::string>();
        if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos)
            return std::stoi(text);
    }
    return 0;
}

} // namespace

const char *probeKindName(ProbeKind kind)
{
    switch (kind) {
    case ProbeKind::Startup:
        return "Startup";
    case ProbeKind::Liveness:
        return "Liveness";
    case ProbeKind::Readiness:
        return "Readiness";
    }
    return "";
}

std::optional<ProbeSpec> probeOf(const Json &container, ProbeKind kind)
{
    const char *key = kind == ProbeKind::Startup ? "startupProbe" : kind == ProbeKind::Liveness ? "livenessProbe" : "readinessProbe";
    const auto it = container.find(key);
    if (it == container.end() || !it->is_object())
        return std::nullopt;
    const Json &probe = *it;
    ProbeSpec spec;
    if (probe.contains("exec")) {
        spec.handler = ProbeSpec::Handler::Exec;
        for (const Json &arg : probe["exec"].value("command", Json::array()))
            if (arg.is_string())
                spec.command.push_back(arg.get<std::string>());
    } else if (probe.contains("httpGet")) {
        spec.handler = ProbeSpec::Handler::HttpGet;
        spec.port = portOf(probe["httpGet"].value("port", Json()), container);
        spec.path = probe["httpGet"].value("path", "/");
        spec.scheme = probe["httpGet"].value("scheme", "HTTP");
    } else if (probe.contains("tcpSocket")) {
        spec.handler = ProbeSpec::Handler::TcpSocket;
        spec.port = portOf(probe["tcpSocket"].value("port", Json()), container);
    } else if (probe.contains("grpc")) {
        spec.handler = ProbeSpec::Handler::Grpc;
        spec.port = probe["grpc"].value("port", 0);
    } else {
        return std::nullopt;
    }
    spec.initialDelay = seconds(probe, "initialDelaySeconds", 0);
    spec.period = seconds(probe, "periodSeconds", 10);
    spec.timeout = seconds(probe, "timeoutSeconds", 1);
    spec.successThreshold = static_cast<int>(seconds(probe, "successThreshold", 1).count());
    spec.failureThreshold = static_cast<int>(seconds(probe, "failureThreshold", 3).count());
    if (probe.contains("terminationGracePeriodSeconds") && probe["terminationGracePeriodSeconds"].is_number_integer())
        spec.terminationGrace = std::chrono::seconds(probe["terminationGracePeriodSeconds"].get<int>());
    return spec;
}

ProbeOutcome runProbe(ContainerRuntime &runtime, const std::string &containerId, const std::string &podIP,
                      const ProbeSpec &probe)
{
    switch (probe.handler) {
    case ProbeSpec::Handler::Exec: {
        Result<ExecResult> result = runtime.execSync(containerId, probe.command, probe.timeout);
        if (!result.ok())
            return {false, result.status().message()};
        std::string output = result->stdoutText + result->stderrText;
        while (!output.empty() && output.back() == '\n')
            output.pop_back();
        if (result->exitCode == 0)
            return {true, output};
        // Upstream reports what the command printed (or its exit when it printed nothing).
        return {false, output.empty() ? "command " + (probe.command.empty() ? std::string() : probe.command.front()) +
                                            " exited with " + std::to_string(result->exitCode)
                                      : output};
    }
    case ProbeSpec::Handler::HttpGet: {
        const std::string scheme = probe.scheme == "HTTPS" ? "https" : "http";
        const std::string url = scheme + "://" + podIP + ":" + std::to_string(probe.port) + probe.path;
        const NetworkProbeAnswer answer = runtime.probePort(containerId, probe.port, probe.path);
        if (!answer.connected)
            return {false, "Get \"" + url + "\": dial tcp " + podIP + ":" + std::to_string(probe.port) +
                               ": connect: connection refused"};
        if (answer.httpStatus >= 200 && answer.httpStatus < 400)
            return {true, {}};
        if (answer.httpStatus == 0)
            return {false, "Get \"" + url + "\": net/http: HTTP/1.x transport connection broken: malformed HTTP response"};
        return {false, "HTTP probe failed with statuscode: " + std::to_string(answer.httpStatus)};
    }
    case ProbeSpec::Handler::TcpSocket:
    case ProbeSpec::Handler::Grpc: {
        const NetworkProbeAnswer answer = runtime.probePort(containerId, probe.port, {});
        if (answer.connected)
            return {true, {}};
        return {false, "dial tcp " + podIP + ":" + std::to_string(probe.port) + ": connect: connection refused"};
    }
    }
    return {false, "unknown probe"};
}

} // namespace k8slab::kubelet
