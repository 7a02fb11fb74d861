#include "core/kubelet/pod_status.h"

#include <set>

namespace k8slab::kubelet {

using api::Json;

namespace {

const Json *statusOf(const Json &statuses, const std::string &name)
{
    if (!statuses.is_array())
        return nullptr;
    for (const Json &s : statuses)
        if (s.value("name", "") == name)
            return &s;
    return nullptr;
}

bool has(const Json &s, const char *state) { return s.contains("state") && s["state"].contains(state); }

int exitCodeOf(const Json &s, const char *where)
{
    return s[where]["terminated"].value("exitCode", 0);
}

bool hasLastTermination(const Json &s) { return s.contains("lastState") && s["lastState"].contains("terminated"); }

std::string names(const std::vector<std::string> &list)
{
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i)
        out += (i ? " " : "") + list[i];
    return out + "]";
}

Json condition(const std::string &type, bool status, const std::string &reason = {}, const std::string &message = {})
{
    Json c = {{"type", type}, {"status", status ? "True" : "False"}, {"lastProbeTime", nullptr}};
    if (!reason.empty())
        c["reason"] = reason;
    if (!message.empty())
        c["message"] = message;
    return c;
}

} // namespace

std::string podPhase(const Json &spec, const Json &initStatuses, const Json &statuses, bool podIsTerminal)
{
    int pendingInit = 0, failedInit = 0;
    int running = 0, waiting = 0, stopped = 0, succeeded = 0, unknown = 0;
    for (const Json &c : spec.value("initContainers", Json::array())) {
        const Json *s = statusOf(initStatuses, c.value("name", ""));
        const bool sidecar = c.value("restartPolicy", "") == "Always";
        if (!sidecar) {
            if (!s || has(*s, "running"))
                ++pendingInit;
            else if (has(*s, "terminated")) {
                if (exitCodeOf(*s, "state") != 0)
                    ++failedInit;
            } else if (has(*s, "waiting")) {
                if (hasLastTermination(*s)) {
                    if (exitCodeOf(*s, "lastState") != 0)
                        ++failedInit;
                } else {
                    ++pendingInit;
                }
            } else {
                ++pendingInit;
            }
            continue;
        }
        if (!s)
            ++unknown;
        else if (has(*s, "running")) {
            ++running;
            if (!s->value("started", false))
                ++pendingInit;
        } else if (has(*s, "terminated")) {
        } else if (has(*s, "waiting")) {
            if (!hasLastTermination(*s)) {
                ++pendingInit;
                ++waiting;
            }
        } else {
            ++pendingInit;
            ++unknown;
        }
    }
    bool regularStarted = false;
    for (const Json &c : spec.value("containers", Json::array())) {
        const Json *s = statusOf(statuses, c.value("name", ""));
        if (!s) {
            ++unknown;
        } else if (has(*s, "running")) {
            ++running;
            regularStarted = true;
        } else if (has(*s, "terminated")) {
            ++stopped;
            regularStarted = true;
            if (exitCodeOf(*s, "state") == 0)
                ++succeeded;
        } else if (has(*s, "waiting")) {
            if (hasLastTermination(*s))
                ++stopped;
            else
                ++waiting;
        } else {
            ++unknown;
        }
    }
    const std::string policy = spec.value("restartPolicy", "Always");
    if (failedInit > 0 && policy == "Never")
        return "Failed";
    if ((pendingInit > 0 && !regularStarted) || waiting > 0)
        return "Pending";
    if (running > 0 && unknown == 0)
        return "Running";
    if (running == 0 && stopped > 0 && unknown == 0) {
        if (podIsTerminal)
            return stopped == succeeded ? "Succeeded" : "Failed";
        if (policy == "Always")
            return "Running";
        if (stopped == succeeded)
            return "Succeeded";
        if (policy == "Never")
            return "Failed";
        return "Running";
    }
    return "Pending";
}

Json kubeletConditions(const Json &pod, const Json &initStatuses, const Json &statuses, const std::string &phase,
                       bool sandboxReady)
{
    const Json spec = pod.value("spec", Json::object());
    Json out = Json::array();
    out.push_back(condition("PodReadyToStartContainers", sandboxReady));

    // Initialized.
    std::vector<std::string> incomplete;
    std::vector<std::string> unknownInit;
    bool regularStarted = false;
    for (const Json &c : spec.value("containers", Json::array()))
        if (const Json *s = statusOf(statuses, c.value("name", "")); s && (has(*s, "running") || has(*s, "terminated")))
            regularStarted = true;
    for (const Json &c : spec.value("initContainers", Json::array())) {
        const std::string name = c.value("name", "");
        const Json *s = statusOf(initStatuses, name);
        if (!s) {
            unknownInit.push_back(name);
            continue;
        }
        const bool sidecar = c.value("restartPolicy", "") == "Always";
        if (sidecar ? !s->value("started", false) : !s->value("ready", false))
            incomplete.push_back(name);
    }
    if (phase == "Succeeded")
        out.push_back(condition("Initialized", true, "PodCompleted"));
    else if ((incomplete.empty() && unknownInit.empty()) || regularStarted)
        out.push_back(condition("Initialized", true));
    else {
        std::string message;
        if (!incomplete.empty())
            message = "containers with incomplete status: " + names(incomplete);
        if (!unknownInit.empty())
            message += (message.empty() ? "" : ", ") + std::string("containers with unknown status: ") + names(unknownInit);
        out.push_back(condition("Initialized", false, "ContainersNotInitialized", message));
    }

    // ContainersReady: regular containers and sidecars.
    Json containersReady;
    if (phase == "Succeeded") {
        containersReady = condition("ContainersReady", false, "PodCompleted");
    } else if (phase == "Failed") {
        containersReady = condition("ContainersReady", false, "PodFailed");
    } else {
        std::vector<std::string> unready;
        std::vector<std::string> unknownList;
        auto check = [&](const Json &c, const Json &list) {
            const std::string name = c.value("name", "");
            const Json *s = statusOf(list, name);
            if (!s)
                unknownList.push_back(name);
            else if (!s->value("ready", false))
                unready.push_back(name);
        };
        for (const Json &c : spec.value("initContainers", Json::array()))
            if (c.value("restartPolicy", "") == "Always")
                check(c, initStatuses);
        for (const Json &c : spec.value("containers", Json::array()))
            check(c, statuses);
        if (unready.empty() && unknownList.empty()) {
            containersReady = condition("ContainersReady", true);
        } else {
            std::string message;
            if (!unknownList.empty())
                message = "containers with unknown status: " + names(unknownList);
            if (!unready.empty())
                message += (message.empty() ? "" : ", ") + std::string("containers with unready status: ") + names(unready);
            containersReady = condition("ContainersReady", false, unknownList.empty() ? "ContainersNotReady" : "ContainersNotReady",
                                        message);
        }
    }
    out.push_back(containersReady);

    // Ready: ContainersReady, then the readiness gates.
    if (containersReady["status"] != "True") {
        Json ready = containersReady;
        ready["type"] = "Ready";
        out.push_back(ready);
    } else {
        Json ready = condition("Ready", true);
        const Json conditions = pod.value("status", Json::object()).value("conditions", Json::array());
        for (const Json &gate : spec.value("readinessGates", Json::array())) {
            const std::string type = gate.value("conditionType", "");
            const Json *found = nullptr;
            for (const Json &c : conditions)
                if (c.value("type", "") == type)
                    found = &c;
            if (!found) {
                ready = condition("Ready", false, "ReadinessGatesNotReady",
                                  "corresponding condition of pod readiness gate \"" + type + "\" does not exist.");
                break;
            }
            if (found->value("status", "") != "True") {
                ready = condition("Ready", false, "ReadinessGatesNotReady",
                                  "the status of pod readiness gate \"" + type + "\" is not \"True\", but " +
                                      found->value("status", ""));
                break;
            }
        }
        out.push_back(ready);
    }
    return out;
}

Json mergeConditions(const Json &old, const Json &owned, const std::string &now)
{
    static const std::set<std::string> kOwned = {"PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"};
    Json out = Json::array();
    std::set<std::string> seen;
    auto oldOf = [&](const std::string &type) -> const Json * {
        if (!old.is_array())
            return nullptr;
        for (const Json &c : old)
            if (c.value("type", "") == type)
                return &c;
        return nullptr;
    };
    for (Json c : owned) {
        const std::string type = c["type"];
        const Json *before = oldOf(type);
        c["lastTransitionTime"] = before && before->value("status", "") == c["status"] && before->contains("lastTransitionTime")
                                      ? (*before)["lastTransitionTime"]
                                      : Json(now);
        out.push_back(c);
        seen.insert(type);
    }
    if (old.is_array())
        for (const Json &c : old)
            if (!kOwned.count(c.value("type", "")))
                out.push_back(c);
    return out;
}

} // namespace k8slab::kubelet
