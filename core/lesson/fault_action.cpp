#include "core/lesson/fault_action.h"

#include "core/api/quantity.h"
#include "core/client/client.h"
#include "core/lab/lab_session.h"

namespace k8slab::lesson {

using api::Json;

namespace {

constexpr const char *kForms = "wants {stopNodeAgent: NODE}, {startNodeAgent: NODE}, {killContainer: {pod, namespace, "
                               "container}}, {fillMemory: {node, bytes | available}}, {releaseMemory: NODE}, "
                               "breakRegistry or repairRegistry";

Status invalid(const std::string &where, const std::string &message)
{
    return Status(StatusCode::Invalid, where + ": " + message);
}

bool nonEmpty(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() && !it->get<std::string>().empty();
}

std::string text(const Json &object, const char *key)
{
    return nonEmpty(object, key) ? object[key].get<std::string>() : std::string();
}

// The pod a killContainer names: by name, or the first running pod (by name) its
// selector picks.
Result<std::string> podOf(lab::LabSession &session, const Json &spec)
{
    if (nonEmpty(spec, "pod"))
        return text(spec, "pod");
    client::Client client(session.api(), "k8slab-lesson");
    Result<Json> pods = client.list(client::resource("", "v1", "pods"), text(spec, "namespace"),
                                    {text(spec, "selector"), "status.phase=Running"});
    if (!pods.ok())
        return pods.status();
    std::string first;
    for (const Json &pod : (*pods)["items"]) {
        const std::string name = pod["metadata"].value("name", "");
        if (first.empty() || name < first)
            first = name;
    }
    if (first.empty())
        return Status(StatusCode::NotFound, "no running pod matches " + text(spec, "selector"));
    return first;
}

} // namespace

Status parseFault(const Json &body, const std::string &where, Json &spec)
{
    if (body.is_string()) {
        const std::string type = body.get<std::string>();
        if (type != "breakRegistry" && type != "repairRegistry")
            return invalid(where, "unknown fault \"" + type + "\": " + kForms);
        spec = Json{{"type", type}};
        return {};
    }
    if (!body.is_object() || body.size() != 1)
        return invalid(where, kForms);
    const std::string type = body.begin().key();
    const Json &value = body.begin().value();
    const std::string at = where + "." + type;
    if (type == "stopNodeAgent" || type == "startNodeAgent" || type == "releaseMemory") {
        if (!value.is_string() || value.get<std::string>().empty())
            return invalid(at, "wants a node's name");
        spec = Json{{"type", type}, {"node", value}};
    } else if (type == "killContainer") {
        if (!value.is_object() || nonEmpty(value, "pod") == nonEmpty(value, "selector"))
            return invalid(at, "wants {pod: NAME} or {selector: LABELS}, and optionally namespace and container");
        spec = Json{{"type", type}, {"namespace", value.contains("namespace") ? text(value, "namespace") : "default"}};
        for (const char *key : {"pod", "selector", "container"})
            if (nonEmpty(value, key))
                spec[key] = value[key];
    } else if (type == "fillMemory") {
        if (!value.is_object() || !nonEmpty(value, "node") || nonEmpty(value, "bytes") == nonEmpty(value, "available"))
            return invalid(at, "wants {node: NODE, bytes: QUANTITY} or {node: NODE, available: QUANTITY}");
        const char *key = nonEmpty(value, "bytes") ? "bytes" : "available";
        Result<api::Quantity> q = api::Quantity::parse(text(value, key));
        if (!q.ok() || q->milli() < 0)
            return invalid(at + "." + key, "wants a non-negative quantity such as 6Gi or 50Mi");
        spec = Json{{"type", type}, {"node", value["node"]}, {key, q->value()}};
    } else {
        return invalid(where, "unknown fault \"" + type + "\": " + kForms);
    }
    return {};
}

Status performFault(lab::LabSession &session, const Json &spec, std::string &message)
{
    kubelet::NodeAgents *agents = session.nodeAgents();
    if (!agents)
        return Status(StatusCode::FailedPrecondition, "the lab runs no node agents");
    const std::string type = text(spec, "type");
    const std::string node = text(spec, "node");
    if (type == "stopNodeAgent" || type == "startNodeAgent") {
        const bool start = type == "startNodeAgent";
        if (Status s = agents->setAgentRunning(node, start); !s.ok())
            return s;
        message = "the kubelet on " + node + (start ? " started" : " stopped");
    } else if (type == "killContainer") {
        Result<std::string> pod = podOf(session, spec);
        if (!pod.ok())
            return pod.status();
        auto killed = agents->killContainer(text(spec, "namespace"), *pod, text(spec, "container"));
        if (!killed.ok())
            return killed.status();
        message = "killed container " + killed->container + " of pod " + *pod + " on " + killed->node + " (SIGKILL)";
    } else if (type == "fillMemory" && spec.contains("available")) {
        Result<std::int64_t> held = agents->fillMemoryLeaving(node, spec["available"].get<std::int64_t>());
        if (!held.ok())
            return held.status();
        message = "a process on " + node + " holds " + api::Quantity::fromMilli(*held / 1048576 * 1048576 * 1000).toString() +
                  " of memory";
    } else if (type == "fillMemory" || type == "releaseMemory") {
        const std::int64_t bytes = type == "fillMemory" ? spec["bytes"].get<std::int64_t>() : 0;
        if (Status s = agents->fillMemory(node, bytes); !s.ok())
            return s;
        message = bytes ? "a process on " + node + " holds " + api::Quantity::fromMilli(bytes * 1000).toString() + " of memory"
                        : "the process holding memory on " + node + " let it go";
    } else if (type == "breakRegistry" || type == "repairRegistry") {
        const bool repair = type == "repairRegistry";
        if (Status s = agents->setRegistryReachable(repair); !s.ok())
            return s;
        message = repair ? "the image registries answer again" : "every node is cut off the image registries";
    } else {
        return Status(StatusCode::Invalid, "unknown fault " + type);
    }
    return {};
}

} // namespace k8slab::lesson
