#include "core/controllers/controller_support.h"

#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

std::string textAt(const Json &object, std::string_view path)
{
    const Json &v = jsonAt(object, path);
    return v.is_string() ? v.get<std::string>() : std::string();
}

std::int64_t intAt(const Json &object, std::string_view path, std::int64_t fallback)
{
    const Json &v = jsonAt(object, path);
    return v.is_number_integer() ? v.get<std::int64_t>() : fallback;
}

namespace {

// The member `key` of `object`, or null (no copies, no path parsing: these helpers run
// for every pod in every sync).
const Json *member(const Json &object, std::string_view key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

bool stringIs(const Json *value, std::string_view expected)
{
    return value && value->is_string() && value->get_ref<const std::string &>() == expected;
}

std::string_view stringOf(const Json *value)
{
    return value && value->is_string() ? std::string_view(value->get_ref<const std::string &>()) : std::string_view();
}

} // namespace

bool isTerminating(const Json &object)
{
    const Json *meta = member(object, "metadata");
    const Json *deletion = meta ? member(*meta, "deletionTimestamp") : nullptr;
    return deletion && deletion->is_string();
}

std::pair<std::string, std::string> splitKey(const std::string &key)
{
    const std::size_t slash = key.find('/');
    if (slash == std::string::npos)
        return {std::string(), key};
    return {key.substr(0, slash), key.substr(slash + 1)};
}

bool podActive(const Json &pod)
{
    const Json *status = member(pod, "status");
    const std::string_view phase = stringOf(status ? member(*status, "phase") : nullptr);
    return phase != "Succeeded" && phase != "Failed" && !isTerminating(pod);
}

const Json *findCondition(const Json &status, std::string_view type)
{
    if (!status.is_object() || !status.contains("conditions") || !status["conditions"].is_array())
        return nullptr;
    for (const Json &c : status["conditions"])
        if (stringIs(member(c, "type"), type))
            return &c;
    return nullptr;
}

bool podReady(const Json &pod)
{
    const Json *status = member(pod, "status");
    const Json *ready = status ? findCondition(*status, "Ready") : nullptr;
    return ready && stringIs(member(*ready, "status"), "True");
}

std::optional<engine::TimePoint> podReadySince(const Json &pod)
{
    const Json *ready = pod.contains("status") ? findCondition(pod["status"], "Ready") : nullptr;
    if (!ready || ready->value("status", "") != "True")
        return std::nullopt;
    return api::parseTime(ready->value("lastTransitionTime", ""));
}

bool podAvailable(const Json &pod, std::int64_t minReadySeconds, engine::TimePoint now)
{
    if (!podReady(pod))
        return false;
    if (minReadySeconds <= 0)
        return true;
    const auto since = podReadySince(pod);
    return since && *since + std::chrono::seconds(minReadySeconds) <= now;
}

const Json *controllerRef(const Json &object)
{
    const Json *meta = member(object, "metadata");
    const Json *refs = meta ? member(*meta, "ownerReferences") : nullptr;
    if (!refs || !refs->is_array())
        return nullptr;
    for (const Json &ref : *refs)
        if (const Json *controller = member(ref, "controller"); controller && controller->is_boolean() && controller->get<bool>())
            return &ref;
    return nullptr;
}

Json controllerReferenceTo(const Json &owner)
{
    return {{"apiVersion", owner.value("apiVersion", "")}, {"kind", owner.value("kind", "")},
            {"name", textAt(owner, "metadata.name")}, {"uid", textAt(owner, "metadata.uid")},
            {"controller", true}, {"blockOwnerDeletion", true}};
}

Json podFromTemplate(const Json &podTemplate, const Json &owner, const std::string &generateName)
{
    Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"},
                {"metadata", {{"generateName", generateName}, {"namespace", textAt(owner, "metadata.namespace")},
                              {"ownerReferences", Json::array({controllerReferenceTo(owner)})}}},
                {"spec", podTemplate.is_object() ? podTemplate.value("spec", Json::object()) : Json::object()}};
    if (jsonAt(podTemplate, "metadata.labels").is_object())
        pod["metadata"]["labels"] = jsonAt(podTemplate, "metadata.labels");
    if (jsonAt(podTemplate, "metadata.annotations").is_object())
        pod["metadata"]["annotations"] = jsonAt(podTemplate, "metadata.annotations");
    return pod;
}

std::vector<const Json *> claimObjects(client::Client &client, const apiserver::ResourceInfo &resource, const Json &owner,
                               const api::LabelSelector &selector, const std::vector<const Json *> &candidates,
                               const std::function<bool(const Json &)> &eligible)
{
    const std::string uid = textAt(owner, "metadata.uid");
    std::vector<const Json *> owned;
    for (const Json *object : candidates) {
        const Json *ref = controllerRef(*object);
        const bool ours = ref && stringIs(member(*ref, "uid"), uid);
        if (ours && !selector.empty() && selector.matches(jsonAt(*object, "metadata.labels"))) {
            owned.push_back(object); // the common case, first and cheapest
            continue;
        }
        const bool matches = !selector.empty() && selector.matches(jsonAt(*object, "metadata.labels"));
        const std::string ns = textAt(*object, "metadata.namespace"), name = textAt(*object, "metadata.name");
        const Json &refs = jsonAt(*object, "metadata.ownerReferences");
        if (ours) {
            if (matches) {
                owned.push_back(object);
            } else if (eligible(*object)) {
                Json kept = Json::array();
                for (const Json &r : refs)
                    if (r.value("uid", "") != uid)
                        kept.push_back(r);
                (void)client.patch(resource, ns, name, "application/merge-patch+json",
                                   {{"metadata", {{"ownerReferences", kept.empty() ? Json() : kept}}}});
            }
        } else if (!ref && matches && eligible(*object) && !isTerminating(owner)) {
            Json next = refs.is_array() ? refs : Json::array();
            next.push_back(controllerReferenceTo(owner));
            auto adopted = client.patch(resource, ns, name, "application/merge-patch+json",
                                        {{"metadata", {{"ownerReferences", next}}}});
            if (adopted.ok())
                owned.push_back(object); // as it was; the informer brings the adopted version
        }
    }
    return owned;
}

bool setCondition(Json &status, const std::string &type, const std::string &conditionStatus, const std::string &reason,
                  const std::string &message, engine::TimePoint now, bool withUpdateTime)
{
    if (!status.is_object())
        status = Json::object();
    if (!status.contains("conditions") || !status["conditions"].is_array())
        status["conditions"] = Json::array();
    Json &conditions = status["conditions"];
    const std::string stamp = api::formatTime(now);
    Json next = {{"type", type}, {"status", conditionStatus}, {"reason", reason}, {"message", message},
                 {"lastTransitionTime", stamp}};
    if (withUpdateTime)
        next["lastUpdateTime"] = stamp;
    // As upstream: the changed condition moves to the end of the list.
    for (auto it = conditions.begin(); it != conditions.end(); ++it) {
        if (!it->is_object() || it->value("type", "") != type)
            continue;
        if (it->value("status", "") == conditionStatus && it->value("reason", "") == reason)
            return false;
        if (it->value("status", "") == conditionStatus && it->contains("lastTransitionTime"))
            next["lastTransitionTime"] = (*it)["lastTransitionTime"];
        conditions.erase(it);
        break;
    }
    conditions.push_back(std::move(next));
    return true;
}

engine::TraceId traceReconcile(engine::TraceBus &trace, const std::string &component, const std::string &code,
                               const Json &object, const std::map<std::string, std::string> &params)
{
    proto::TraceEvent event;
    event.set_component(component);
    event.set_kind(proto::TRACE_KIND_RECONCILE);
    event.set_code(code);
    proto::ObjectRef *ref = event.mutable_object();
    ref->set_kind(object.value("kind", ""));
    ref->set_namespace_(textAt(object, "metadata.namespace"));
    ref->set_name(textAt(object, "metadata.name"));
    ref->set_uid(textAt(object, "metadata.uid"));
    for (const auto &[k, v] : params)
        (*event.mutable_params())[k] = v;
    return trace.publish(std::move(event));
}

} // namespace k8slab::controllers
