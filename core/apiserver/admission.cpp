// Admission: what the API server checks and changes between validation and storage,
// as upstream's admission plugins do (NamespaceLifecycle, ServiceAccount,
// DefaultTolerationSeconds, Priority, LimitRanger, ResourceQuota), and the Service
// address allocation.
#include "core/api/quantity.h"
#include "core/api/selectors.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/defaults.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/service_network.h"
#include "core/apiserver/status_response.h"

#include <set>

namespace k8slab::apiserver {

using api::Json;

Status ApiServer::admitCreate(const ResourceInfo &info, const std::string &ns, Json &object)
{
    // NamespaceLifecycle: the namespace must exist and not be terminating.
    if (info.namespaced) {
        const ResourceInfo &namespaces = *builtinResources().find("", "v1", "namespaces");
        auto nsObject = get(namespaces, "", ns);
        if (!nsObject.ok())
            return notFoundStatus("namespaces", "", ns);
        if (jsonAt(*nsObject, "status.phase") == "Terminating")
            return Status(StatusCode::Forbidden, info.groupResource() + " \"" + jsonAt(object, "metadata.name").get<std::string>()
                                                     + "\" is forbidden: unable to create new content in namespace "
                                                     + ns + " because it is being terminated");
    }
    if (info.kind == "Pod") {
        Json &spec = object["spec"];
        // ServiceAccount admission; a mirror pod (a static pod's) may not use one.
        const Json annotations = jsonAt(object, "metadata.annotations").is_object() ? jsonAt(object, "metadata.annotations") : Json::object();
        if (annotations.contains("kubernetes.io/config.mirror")) {
            if (!spec.value("serviceAccountName", "").empty())
                return Status(StatusCode::Forbidden, "pods \"" + jsonAt(object, "metadata.name").get<std::string>()
                                                         + "\" is forbidden: a mirror pod may not reference service accounts");
        } else {
            if (!spec.contains("serviceAccountName") || spec["serviceAccountName"].get<std::string>().empty())
                spec["serviceAccountName"] = "default";
            spec["serviceAccount"] = spec["serviceAccountName"];
        }
        // DefaultTolerationSeconds admission: unless a toleration already covers the
        // taint (its key, or no key; NoExecute, or no effect).
        if (!spec.contains("tolerations"))
            spec["tolerations"] = Json::array();
        for (const char *taint : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
            bool present = false;
            for (const Json &t : spec["tolerations"]) {
                const std::string key = t.value("key", "");
                const std::string effect = t.value("effect", "");
                present = present || ((key == taint || key.empty()) && (effect == "NoExecute" || effect.empty()));
            }
            if (!present)
                spec["tolerations"].push_back({{"key", taint}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}});
        }
    }
    const std::string name = jsonAt(object, "metadata.name").is_string() ? jsonAt(object, "metadata.name").get<std::string>() : "";
    const auto forbidden = [&](const std::string &why) {
        return Status(StatusCode::Forbidden, info.groupResource() + " \"" + name + "\" is forbidden: " + why)
            .withDetails({name, info.group, info.plural});
    };
    if (info.kind == "Pod") {
        if (std::string why = admitPriority(object); !why.empty())
            return forbidden(why);
        if (std::string why = admitLimitRanges(ns, object); !why.empty())
            return forbidden(why);
    }
    if (info.namespaced) {
        if (std::string why = admitQuota(info, ns, object); !why.empty())
            return forbidden(why);
    }
    if (info.kind == "Service")
        return allocateServiceAddresses(object, nullptr);
    return {};
}

namespace {

const ResourceInfo &resource(std::string_view group, std::string_view version, std::string_view plural)
{
    return *builtinResources().find(group, version, plural);
}

api::Quantity quantityAt(const Json &map, const std::string &key)
{
    if (!map.is_object() || !map.contains(key) || !map[key].is_string())
        return {};
    auto q = api::Quantity::parse(map[key].get<std::string>());
    return q.ok() ? *q : api::Quantity();
}

// The pod's total of one resource in requests or limits, as quota counts it.
api::Quantity podTotal(const Json &pod, const char *which, const std::string &res)
{
    api::Quantity sum;
    for (const Json &c : jsonAt(pod, "spec.containers").is_array() ? jsonAt(pod, "spec.containers") : Json::array())
        sum = sum + quantityAt(jsonAt(c, std::string("resources.") + which), res);
    return sum;
}

bool terminal(const Json &pod)
{
    const Json &phase = jsonAt(pod, "status.phase");
    return phase == "Succeeded" || phase == "Failed";
}

} // namespace

std::string ApiServer::admitPriority(Json &pod)
{
    Json &spec = pod["spec"];
    const std::string className = spec.value("priorityClassName", "");
    auto classes = m_store.range(resource("scheduling.k8s.io", "v1", "priorityclasses").storagePrefix());
    if (!classes.ok())
        return classes.status().message();
    const ResourceInfo &info = resource("scheduling.k8s.io", "v1", "priorityclasses");
    for (const store::KeyValue &kv : classes->kvs) {
        const Json pc = decodeObject(info, kv);
        const bool chosen = className.empty() ? pc.value("globalDefault", false) : jsonAt(pc, "metadata.name") == className;
        if (!chosen)
            continue;
        spec["priorityClassName"] = pc["metadata"]["name"];
        spec["priority"] = pc.value("value", 0);
        spec["preemptionPolicy"] = pc.value("preemptionPolicy", "PreemptLowerPriority");
        return {};
    }
    if (!className.empty())
        return "no PriorityClass with name " + className + " was found";
    spec["priority"] = 0;
    return {};
}

std::string ApiServer::admitLimitRanges(const std::string &ns, Json &pod)
{
    const ResourceInfo &info = resource("", "v1", "limitranges");
    auto ranges = m_store.range(collectionPrefix(info, ns));
    if (!ranges.ok())
        return ranges.status().message();
    std::vector<std::string> problems;
    std::vector<std::string> setRequests, setLimits;
    for (const store::KeyValue &kv : ranges->kvs) {
        const Json range = decodeObject(info, kv);
        for (const Json &item : jsonAt(range, "spec.limits").is_array() ? jsonAt(range, "spec.limits") : Json::array()) {
            if (item.value("type", "") != "Container")
                continue;
            const Json defaults = item.value("default", Json::object());
            const Json maxima = item.value("max", Json::object());
            const Json minima = item.value("min", Json::object());
            Json defaultRequests = item.value("defaultRequest", Json::object());
            for (const auto &[res, value] : defaults.items())
                if (!defaultRequests.contains(res))
                    defaultRequests[res] = value; // upstream: a default limit is also the default request
            for (Json &c : pod["spec"]["containers"]) {
                Json &resources = c["resources"];
                const std::string cname = c.value("name", "");
                for (const auto &[res, value] : defaults.items()) {
                    if (!resources["limits"].contains(res)) {
                        resources["limits"][res] = value;
                        setLimits.push_back(res + " limit for container " + cname);
                    }
                }
                for (const auto &[res, value] : defaultRequests.items()) {
                    if (!resources["requests"].contains(res)) {
                        resources["requests"][res] = value;
                        setRequests.push_back(res + " request for container " + cname);
                    }
                }
                for (const auto &[res, value] : maxima.items()) {
                    const api::Quantity max = quantityAt(maxima, res);
                    if (!resources["limits"].contains(res))
                        problems.push_back("maximum " + res + " usage per Container is " + value.get<std::string>()
                                           + ".  No limit is specified");
                    else if (quantityAt(resources["limits"], res) > max)
                        problems.push_back("maximum " + res + " usage per Container is " + value.get<std::string>()
                                           + ", but limit is " + resources["limits"][res].get<std::string>());
                }
                for (const auto &[res, value] : minima.items()) {
                    const api::Quantity min = quantityAt(minima, res);
                    if (!resources["requests"].contains(res))
                        problems.push_back("minimum " + res + " usage per Container is " + value.get<std::string>()
                                           + ".  No request is specified");
                    else if (quantityAt(resources["requests"], res) < min)
                        problems.push_back("minimum " + res + " usage per Container is " + value.get<std::string>()
                                           + ", but request is " + resources["requests"][res].get<std::string>());
                }
            }
        }
    }
    if (!problems.empty()) {
        std::string joined;
        for (std::size_t i = 0; i < problems.size(); ++i)
            joined += (i ? ", " : "") + problems[i];
        return problems.size() == 1 ? joined : "[" + joined + "]";
    }
    if (!setRequests.empty() || !setLimits.empty()) {
        std::string note = "LimitRanger plugin set: ";
        std::vector<std::string> all = setRequests;
        all.insert(all.end(), setLimits.begin(), setLimits.end());
        for (std::size_t i = 0; i < all.size(); ++i)
            note += (i ? "; " : "") + all[i];
        pod["metadata"]["annotations"]["kubernetes.io/limit-ranger"] = note;
    }
    // LimitRanger changes resources, so the QoS class follows them.
    pod["status"]["qosClass"] = qosClass(pod["spec"]);
    return {};
}

std::string ApiServer::admitQuota(const ResourceInfo &info, const std::string &ns, const Json &object)
{
    const ResourceInfo &quotas = resource("", "v1", "resourcequotas");
    auto listed = m_store.range(collectionPrefix(quotas, ns));
    if (!listed.ok() || listed->kvs.empty())
        return {};
    // What this namespace uses now, for the keys any quota limits.
    const auto countOf = [&](const ResourceInfo &r, bool podsOnlyLive) -> std::int64_t {
        auto items = m_store.range(collectionPrefix(r, ns));
        if (!items.ok())
            return 0;
        if (!podsOnlyLive)
            return static_cast<std::int64_t>(items->kvs.size());
        std::int64_t live = 0;
        for (const store::KeyValue &kv : items->kvs)
            live += terminal(decodeObject(r, kv)) ? 0 : 1;
        return live;
    };
    const ResourceInfo &pods = resource("", "v1", "pods");
    for (const store::KeyValue &kv : listed->kvs) {
        Json quota = decodeObject(quotas, kv);
        const Json hard = jsonAt(quota, "spec.hard");
        if (!hard.is_object())
            continue;
        std::vector<std::string> requested, used, limited, missing;
        Json usedNow = Json::object();
        for (const auto &[key, limitText] : hard.items()) {
            const api::Quantity limit = quantityAt(hard, key);
            api::Quantity current, adding;
            const bool podCompute = key == "cpu" || key == "memory" || key.starts_with("requests.") || key.starts_with("limits.");
            if (key == "pods" || (podCompute && info.kind == "Pod")) {
                auto items = m_store.range(collectionPrefix(pods, ns));
                for (const store::KeyValue &p : items.ok() ? items->kvs : std::vector<store::KeyValue>{}) {
                    const Json pod = decodeObject(pods, p);
                    if (terminal(pod))
                        continue;
                    if (key == "pods")
                        current = current + api::Quantity::fromMilli(1000);
                    else {
                        const bool limits = key.starts_with("limits.");
                        const std::string res = key.substr(key.find('.') + 1);
                        current = current + podTotal(pod, limits ? "limits" : "requests", res);
                    }
                }
                if (info.kind == "Pod") {
                    if (key == "pods") {
                        adding = api::Quantity::fromMilli(1000);
                    } else {
                        const bool limits = key.starts_with("limits.");
                        const std::string res = key.substr(key.find('.') + 1);
                        adding = podTotal(object, limits ? "limits" : "requests", res);
                        for (const Json &c : object["spec"]["containers"]) {
                            if (!jsonAt(c, std::string("resources.") + (limits ? "limits" : "requests")).contains(res))
                                missing.push_back(key + " for: " + c.value("name", ""));
                        }
                    }
                }
            } else {
                // Object counts: "services", "configmaps", "count/deployments.apps", ...
                std::string counted = key.starts_with("count/") ? key.substr(6) : key;
                const ResourceInfo *target = nullptr;
                for (const auto &r : builtinResources().all())
                    if (r->groupResource() == counted)
                        target = r.get();
                if (!target)
                    continue;
                current = api::Quantity::fromMilli(1000 * countOf(*target, false));
                if (target->kind == info.kind && target->group == info.group)
                    adding = api::Quantity::fromMilli(1000);
            }
            usedNow[key] = (current + adding).toString();
            if (adding.milli() > 0 && current + adding > limit) {
                requested.push_back(key + "=" + adding.toString());
                used.push_back(key + "=" + current.toString());
                limited.push_back(key + "=" + limitText.get<std::string>());
            }
        }
        const std::string quotaName = jsonAt(quota, "metadata.name").get<std::string>();
        if (!missing.empty()) {
            std::string list;
            for (std::size_t i = 0; i < missing.size(); ++i)
                list += (i ? "; " : "") + missing[i];
            return "failed quota: " + quotaName + ": must specify " + list;
        }
        if (!requested.empty()) {
            auto join = [](const std::vector<std::string> &v) {
                std::string out;
                for (std::size_t i = 0; i < v.size(); ++i)
                    out += (i ? "," : "") + v[i];
                return out;
            };
            return "exceeded quota: " + quotaName + ", requested: " + join(requested) + ", used: " + join(used)
                   + ", limited: " + join(limited);
        }
        // Keep the quota's status current, as upstream's admission does.
        quota["status"] = {{"hard", hard}, {"used", usedNow}};
        (void)update(quotas, ns, quotaName, "status", quota, {});
    }
    return {};
}

Status ApiServer::allocateServiceAddresses(Json &service, const Json *old)
{
    Json &spec = service["spec"];
    const std::string type = spec.value("type", "ClusterIP");
    const ResourceInfo &services = *builtinResources().find("", "v1", "services");
    auto existing = m_store.range("/registry/services/");
    if (!existing.ok())
        return existing.status();
    std::set<std::string> usedIps;
    std::set<int> usedPorts;
    for (const store::KeyValue &kv : existing->kvs) {
        const Json other = decodeObject(services, kv);
        if (old && jsonAt(other, "metadata.uid") == jsonAt(*old, "metadata.uid"))
            continue;
        if (jsonAt(other, "spec.clusterIP").is_string())
            usedIps.insert(jsonAt(other, "spec.clusterIP").get<std::string>());
        for (const Json &port : jsonAt(other, "spec.ports").is_array() ? jsonAt(other, "spec.ports") : Json::array())
            if (port.contains("nodePort"))
                usedPorts.insert(port["nodePort"].get<int>());
    }
    if (type == "ExternalName") {
        spec.erase("clusterIP");
        return {};
    }
    if (old && jsonAt(*old, "spec.clusterIP").is_string() && !spec.contains("clusterIP"))
        spec["clusterIP"] = jsonAt(*old, "spec.clusterIP");
    if (!spec.contains("clusterIP") || spec["clusterIP"] == "") {
        // Random within the range, like upstream's allocator, from the lab's seeded source.
        for (int attempt = 0; attempt < 4096; ++attempt) {
            const std::string ip = ipString(kServiceBase + 10 + static_cast<std::uint32_t>(m_loop.random().below(kServiceSize - 20)));
            if (!usedIps.contains(ip)) {
                spec["clusterIP"] = ip;
                break;
            }
        }
    } else if (spec["clusterIP"] != "None" && usedIps.contains(spec["clusterIP"].get<std::string>())) {
        return invalidStatus("Service", "", jsonAt(service, "metadata.name").get<std::string>(),
                             {{"spec.clusterIPs", "FieldValueInvalid",
                               "Invalid value: " + spec["clusterIP"].dump() + ": failed to allocate IP "
                                   + spec["clusterIP"].get<std::string>() + ": provided IP is already allocated"}});
    }
    spec["clusterIPs"] = Json::array({spec["clusterIP"]});
    if (type == "NodePort" || type == "LoadBalancer") {
        for (Json &port : spec["ports"]) {
            if (port.contains("nodePort"))
                continue;
            for (int attempt = 0; attempt < 4096; ++attempt) {
                const int candidate = static_cast<int>(m_loop.random().between(kNodePortMin, kNodePortMax));
                if (!usedPorts.contains(candidate)) {
                    port["nodePort"] = candidate;
                    usedPorts.insert(candidate);
                    break;
                }
            }
        }
    }
    return {};
}


Status ApiServer::checkDisruptionBudgets(const std::string &ns, const Json &pod)
{
    const ResourceInfo &pdbs = resource("policy", "v1", "poddisruptionbudgets");
    auto listed = m_store.range(collectionPrefix(pdbs, ns));
    if (!listed.ok())
        return listed.status();
    for (const store::KeyValue &kv : listed->kvs) {
        Json pdb = decodeObject(pdbs, kv);
        auto selector = api::LabelSelector::fromJson(jsonAt(pdb, "spec.selector"));
        if (!selector.ok() || selector->empty() || !selector->matches(jsonAt(pod, "metadata.labels")))
            continue;
        const std::string name = jsonAt(pdb, "metadata.name").get<std::string>();
        const auto refuse = [&](const std::string &cause) {
            return Status(StatusCode::TooManyRequests, "Cannot evict pod as it would violate the pod's disruption budget.",
                          {{"", "DisruptionBudget", cause}});
        };
        // Until the disruption controller has looked at the budget, nothing may be evicted.
        const Json &observed = jsonAt(pdb, "status.observedGeneration");
        if (!observed.is_number() || observed.get<std::int64_t>() < jsonAt(pdb, "metadata.generation").get<std::int64_t>())
            return refuse("The disruption budget " + name + " is still being processed by the server.");
        const std::int64_t allowed = jsonAt(pdb, "status.disruptionsAllowed").is_number()
                                         ? jsonAt(pdb, "status.disruptionsAllowed").get<std::int64_t>() : 0;
        if (allowed <= 0) {
            const Json &desired = jsonAt(pdb, "status.desiredHealthy");
            const Json &current = jsonAt(pdb, "status.currentHealthy");
            return refuse("The disruption budget " + name + " needs " + (desired.is_number() ? desired.dump() : "0")
                          + " healthy pods and has " + (current.is_number() ? current.dump() : "0") + " currently");
        }
        pdb["status"]["disruptionsAllowed"] = allowed - 1;
        if (auto updated = update(pdbs, ns, name, "status", pdb, {}); !updated.ok())
            return updated.status();
    }
    return {};
}

} // namespace k8slab::apiserver
