#include "core/scheduler/framework/pod_info.h"

#include "core/api/time_format.h"

namespace k8slab::scheduler {

using api::Json;

namespace {

const Json &at(const Json &o, const char *key)
{
    static const Json null;
    if (!o.is_object())
        return null;
    auto it = o.find(key);
    return it == o.end() ? null : *it;
}

std::string str(const Json &o, const char *key)
{
    const Json &v = at(o, key);
    return v.is_string() ? v.get<std::string>() : std::string();
}

std::int64_t timeNs(const Json &v)
{
    if (!v.is_string())
        return 0;
    std::optional<engine::TimePoint> t = api::parseTime(v.get<std::string>());
    return t ? t->time_since_epoch().count() : 0;
}

struct Requests {
    Resource actual;
    std::int64_t nonZeroCpu = 0;
    std::int64_t nonZeroMemory = 0;
};

Requests containerRequests(const Json &container)
{
    Requests r;
    const Json &list = at(at(container, "resources"), "requests");
    r.actual = Resource::fromList(list);
    const bool hasCpu = list.is_object() && list.contains("cpu");
    const bool hasMemory = list.is_object() && list.contains("memory");
    r.nonZeroCpu = hasCpu ? r.actual.milliCpu : kDefaultMilliCpuRequest;
    r.nonZeroMemory = hasMemory ? r.actual.memory : kDefaultMemoryRequest;
    return r;
}

void addTo(Requests &sum, const Requests &r)
{
    sum.actual.add(r.actual);
    sum.nonZeroCpu += r.nonZeroCpu;
    sum.nonZeroMemory += r.nonZeroMemory;
}

void maxInto(Requests &into, const Requests &r)
{
    into.actual.setMax(r.actual);
    into.nonZeroCpu = std::max(into.nonZeroCpu, r.nonZeroCpu);
    into.nonZeroMemory = std::max(into.nonZeroMemory, r.nonZeroMemory);
}

// Upstream's resource.PodRequests with sidecars: regular containers and restartable
// init containers add up; each ordinary init container runs alone beside the sidecars
// started before it; the pod needs the larger of the two, plus its overhead.
Requests podRequests(const Json &spec)
{
    Requests sum;
    for (const Json &c : at(spec, "containers").is_array() ? at(spec, "containers") : Json::array())
        addTo(sum, containerRequests(c));
    Requests sidecars;
    Requests initMax;
    for (const Json &c : at(spec, "initContainers").is_array() ? at(spec, "initContainers") : Json::array()) {
        Requests r = containerRequests(c);
        if (str(c, "restartPolicy") == "Always") {
            addTo(sum, r);
            addTo(sidecars, r);
            r = sidecars;
        } else {
            addTo(r, sidecars);
        }
        maxInto(initMax, r);
    }
    maxInto(sum, initMax);
    const Json &overhead = at(spec, "overhead");
    if (overhead.is_object()) {
        Resource o = Resource::fromList(overhead);
        sum.actual.add(o);
        sum.nonZeroCpu += o.milliCpu;
        sum.nonZeroMemory += o.memory;
    }
    return sum;
}

std::vector<WeightedAffinityTerm> weightedTerms(const Json &list, const std::string &ns)
{
    std::vector<WeightedAffinityTerm> out;
    if (!list.is_array())
        return out;
    for (const Json &w : list)
        out.push_back({at(w, "weight").is_number_integer() ? at(w, "weight").get<std::int32_t>() : 0,
                       parseAffinityTerm(at(w, "podAffinityTerm"), ns)});
    return out;
}

std::vector<AffinityTerm> requiredTerms(const Json &list, const std::string &ns)
{
    std::vector<AffinityTerm> out;
    if (list.is_array())
        for (const Json &t : list)
            out.push_back(parseAffinityTerm(t, ns));
    return out;
}

SpreadConstraint parseSpread(const Json &c, const Json &podLabels)
{
    SpreadConstraint s;
    s.maxSkew = at(c, "maxSkew").is_number_integer() ? at(c, "maxSkew").get<std::int32_t>() : 1;
    s.topologyKey = str(c, "topologyKey");
    s.hard = str(c, "whenUnsatisfiable") != "ScheduleAnyway";
    if (at(c, "minDomains").is_number_integer())
        s.minDomains = at(c, "minDomains").get<std::int32_t>();
    s.honorNodeAffinity = str(c, "nodeAffinityPolicy") != "Ignore";
    s.honorNodeTaints = str(c, "nodeTaintsPolicy") == "Honor";
    const Json &sel = at(c, "labelSelector");
    if (!sel.is_null()) {
        Json merged = sel;
        // matchLabelKeys (beta, on): the pod's values of those keys join the selector.
        const Json &keys = at(c, "matchLabelKeys");
        if (keys.is_array())
            for (const Json &k : keys)
                if (k.is_string() && podLabels.contains(k.get<std::string>()))
                    merged["matchExpressions"].push_back(
                        {{"key", k}, {"operator", "In"}, {"values", Json::array({podLabels[k.get<std::string>()]})}});
        if (Result<api::LabelSelector> ls = api::LabelSelector::fromJson(merged); ls.ok())
            s.selector = *ls;
    }
    return s;
}

} // namespace

std::string normalizedImageName(const std::string &image)
{
    const auto colon = image.rfind(':');
    const auto slash = image.rfind('/');
    if (image.find('@') != std::string::npos)
        return image;
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
        return image + ":latest";
    return image;
}

PodInfoPtr parsePod(const Json &pod)
{
    auto info = std::make_shared<PodInfo>();
    const Json &meta = at(pod, "metadata");
    const Json &spec = at(pod, "spec");
    const Json &status = at(pod, "status");
    info->ns = str(meta, "namespace");
    info->name = str(meta, "name");
    info->uid = str(meta, "uid");
    info->resourceVersion = str(meta, "resourceVersion");
    info->key = info->ns + "/" + info->name;
    if (at(meta, "labels").is_object())
        info->labels = at(meta, "labels");
    info->terminating = at(meta, "deletionTimestamp").is_string();
    info->creationNs = timeNs(at(meta, "creationTimestamp"));
    if (at(status, "startTime").is_string())
        info->startNs = timeNs(at(status, "startTime"));
    info->nodeName = str(spec, "nodeName");
    info->schedulerName = str(spec, "schedulerName");
    info->nominatedNodeName = str(status, "nominatedNodeName");
    info->phase = str(status, "phase");
    if (at(status, "conditions").is_array())
        for (const Json &c : at(status, "conditions"))
            if (str(c, "type") == "DisruptionTarget" && str(c, "status") == "True" &&
                str(c, "reason") == "PreemptionByScheduler")
                info->disruptedByScheduler = true;
    if (at(spec, "priority").is_number_integer())
        info->priority = at(spec, "priority").get<std::int32_t>();
    info->preemptNever = str(spec, "preemptionPolicy") == "Never";
    if (at(spec, "schedulingGates").is_array())
        for (const Json &g : at(spec, "schedulingGates"))
            info->schedulingGates.push_back(str(g, "name"));

    Requests r = podRequests(spec);
    info->requests = r.actual;
    info->nonZeroMilliCpu = r.nonZeroCpu;
    info->nonZeroMemory = r.nonZeroMemory;

    for (const char *list : {"initContainers", "containers"}) {
        const Json &containers = at(spec, list);
        if (!containers.is_array())
            continue;
        for (const Json &c : containers) {
            ++info->containerCount;
            if (at(c, "image").is_string())
                info->images.push_back(normalizedImageName(at(c, "image").get<std::string>()));
            const Json &ports = at(c, "ports");
            if (!ports.is_array())
                continue;
            for (const Json &p : ports) {
                if (!at(p, "hostPort").is_number_integer() || at(p, "hostPort").get<int>() <= 0)
                    continue;
                HostPort hp{str(p, "hostIP"), str(p, "protocol"), at(p, "hostPort").get<std::int32_t>()};
                if (hp.ip.empty())
                    hp.ip = "0.0.0.0";
                if (hp.protocol.empty())
                    hp.protocol = "TCP";
                info->hostPorts.push_back(hp);
            }
        }
    }

    info->tolerations = parseTolerations(at(spec, "tolerations"));
    if (at(spec, "nodeSelector").is_object())
        info->nodeSelector = at(spec, "nodeSelector");
    const Json &affinity = at(spec, "affinity");
    const Json &nodeAffinity = at(affinity, "nodeAffinity");
    if (at(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution").is_object())
        info->requiredNodeAffinity = parseNodeSelector(at(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution"));
    if (at(nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution").is_array())
        for (const Json &p : at(nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution"))
            info->preferredNodeAffinity.push_back(
                {at(p, "weight").is_number_integer() ? at(p, "weight").get<std::int32_t>() : 0,
                 parseNodeSelectorTerm(at(p, "preference"))});
    const Json &podAffinity = at(affinity, "podAffinity");
    const Json &antiAffinity = at(affinity, "podAntiAffinity");
    info->requiredAffinity = requiredTerms(at(podAffinity, "requiredDuringSchedulingIgnoredDuringExecution"), info->ns);
    info->preferredAffinity = weightedTerms(at(podAffinity, "preferredDuringSchedulingIgnoredDuringExecution"), info->ns);
    info->requiredAntiAffinity =
        requiredTerms(at(antiAffinity, "requiredDuringSchedulingIgnoredDuringExecution"), info->ns);
    info->preferredAntiAffinity =
        weightedTerms(at(antiAffinity, "preferredDuringSchedulingIgnoredDuringExecution"), info->ns);
    if (at(spec, "topologySpreadConstraints").is_array())
        for (const Json &c : at(spec, "topologySpreadConstraints"))
            info->spreadConstraints.push_back(parseSpread(c, info->labels));
    return info;
}

Json PodInfo::objectRef() const
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"namespace", ns}, {"name", name}, {"uid", uid}, {"resourceVersion", resourceVersion}}}};
}

} // namespace k8slab::scheduler
