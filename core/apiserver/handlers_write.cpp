// Writes: create, replace (PUT), patch, delete and deletecollection, with upstream's
// preconditions, generation, status and graceful-deletion rules.
#include "core/api/json_duplicates.h"
#include "core/api/patch.h"
#include "core/api/selectors.h"
#include "core/api/time_format.h"
#include "core/apiserver/access_review.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/defaults.h"
#include "core/apiserver/field_manager.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/protobuf_codec.h"
#include "core/apiserver/scale.h"
#include "core/apiserver/schema.h"
#include "core/apiserver/status_response.h"
#include "core/apiserver/validation.h"

namespace k8slab::apiserver {

using api::Json;

namespace {

WriteOptions writeOptions(const ApiRequest &request)
{
    WriteOptions options;
    options.dryRun = request.param("dryRun").value_or("") == "All";
    options.manager = managerOf(request.param("fieldManager").value_or(""), request.userAgent);
    return options;
}

Result<Json> parseBody(const ApiRequest &request)
{
    // kubectl >= 1.32 sends its typed-client writes (create namespace, deployment, ...)
    // as Protobuf, with no fallback to JSON.
    if (request.contentType.starts_with("application/vnd.kubernetes.protobuf"))
        return decodeProtobufObject(request.body);
    Json body = Json::parse(request.body, nullptr, false);
    if (body.is_discarded())
        return Status(StatusCode::BadRequest, "the body of the request was in an unknown format - accepted media "
                                              "types include: application/json, application/yaml");
    // An object, or upstream's decoder gives up looking for its kind, in its own words.
    if (body.is_null())
        return Status(StatusCode::BadRequest, "Object 'Kind' is missing in 'null'");
    if (!body.is_object()) {
        const char *goType = body.is_array() ? "array" : body.is_string() ? "string" : body.is_boolean() ? "bool" : "number";
        return Status(StatusCode::BadRequest,
                      std::string("couldn't get version/kind; json parse error: json: cannot unmarshal ") + goType
                          + " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; "
                            "Kind string \"json:\\\"kind,omitempty\\\"\" }");
    }
    return body;
}

Status checkKind(const ResourceInfo &info, const Json &body, const std::string &expectedKind,
                 const std::string &expectedApiVersion)
{
    const std::string kind = body.value("kind", "");
    const std::string apiVersion = body.value("apiVersion", "");
    if (!kind.empty() && kind != expectedKind)
        return Status(StatusCode::BadRequest, kind + " in version \"" + (apiVersion.empty() ? info.version : apiVersion)
                                                  + "\" cannot be handled as a " + expectedKind
                                                  + ": the kind of the body does not match the URL");
    if (!apiVersion.empty() && apiVersion != expectedApiVersion)
        return Status(StatusCode::BadRequest, "the API version in the data (" + apiVersion
                                                  + ") does not match the expected API version (" + expectedApiVersion + ")");
    return {};
}

// fieldValidation: Strict refuses unknown fields as upstream's strict decoder does;
// Warn (the default) answers with a warning per field; Ignore says nothing.
Status checkFields(const ApiRequest &request, const ResourceInfo &info, const Json &object,
                   std::vector<std::string> &warnings)
{
    const std::string mode = request.param("fieldValidation").value_or("Warn");
    if (mode == "Ignore")
        return {};
    if (mode != "Strict" && mode != "Warn")
        return Status(StatusCode::BadRequest, "fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\"");
    // Unknown fields, and fields a JSON body sets twice (JSON lets the last win; strict
    // decoding does not).
    std::vector<std::string> problems;
    for (const std::string &field : unknownFields(info.apiVersion(), info.kind, object))
        problems.push_back("unknown field \"" + field + "\"");
    if (!request.contentType.starts_with("application/vnd.kubernetes.protobuf"))
        for (const std::string &field : api::duplicateFields(request.body))
            problems.push_back("duplicate field \"" + field + "\"");
    if (problems.empty())
        return {};
    if (mode == "Warn") {
        warnings.insert(warnings.end(), problems.begin(), problems.end());
        return {};
    }
    std::string list;
    for (std::size_t i = 0; i < problems.size(); ++i)
        list += (i ? ", " : "") + problems[i];
    return Status(StatusCode::BadRequest, info.kind + " in version \"" + info.version + "\" cannot be handled as a "
                                              + info.kind + ": strict decoding error: " + list);
}

// A body as the request decodes it: of the URL's kind, its values of their types, and
// its unknown fields handled by fieldValidation (warnings collected).
Status checkBody(const ApiRequest &request, const ResourceInfo &info, Json &body, bool checkKindToo,
                 std::vector<std::string> &warnings)
{
    if (checkKindToo)
        if (Status s = checkKind(info, body, info.kind, info.apiVersion()); !s.ok())
            return s;
    if (Status s = checkTypes(info.apiVersion(), info.kind, body); !s.ok())
        return s;
    return checkFields(request, info, body, warnings);
}

} // namespace

ApiResponse ApiServer::handleCreate(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &info = *target.resource;
    auto body = parseBody(request);
    if (!body.ok())
        return errorResponse(body.status());
    if (isAccessReview(info)) {
        std::vector<std::string> warnings;
        if (Status s = checkBody(request, info, *body, true, warnings); !s.ok())
            return errorResponse(s);
        auto answered = answerAccessReview(info, std::move(*body));
        if (!answered.ok())
            return errorResponse(answered.status());
        ApiResponse response = jsonResponse(201, *answered);
        response.warnings = std::move(warnings);
        return response;
    }
    if (!target.subresource.empty() || !target.name.empty() || info.plural == "bindings") {
        if (target.subresource == "token")
            return handleTokenRequest(request, target, std::move(*body));
        if (target.subresource == "binding" || info.plural == "bindings") {
            // pods/<name>/binding (or the bindings collection): set the node once.
            const std::string podName = target.name.empty() ? jsonAt(*body, "metadata.name").get<std::string>() : target.name;
            const ResourceInfo &pods = *builtinResources().find("", "v1", "pods");
            auto pod = get(pods, target.ns, podName);
            if (!pod.ok())
                return errorResponse(pod.status());
            const std::string node = jsonAt(*body, "target.name").is_string() ? jsonAt(*body, "target.name").get<std::string>() : "";
            if (node.empty())
                return errorResponse(invalidStatus("Binding", "", podName, {{"target.name", "FieldValueRequired", "Required value"}}));
            if (jsonAt(*pod, "spec.nodeName").is_string() && !jsonAt(*pod, "spec.nodeName").get<std::string>().empty())
                return errorResponse(Status(StatusCode::Conflict, "Operation cannot be fulfilled on pods/binding \"" + podName
                                                                      + "\": pod " + podName + " is already assigned to node \""
                                                                      + jsonAt(*pod, "spec.nodeName").get<std::string>() + "\""));
            if (jsonAt(*pod, "metadata.deletionTimestamp").is_string())
                return errorResponse(Status(StatusCode::Conflict, "Operation cannot be fulfilled on pods/binding \"" + podName
                                                                      + "\": pod " + podName
                                                                      + " is being deleted, cannot be assigned to a host"));
            const Json &wantUid = jsonAt(*body, "metadata.uid");
            if (wantUid.is_string() && !wantUid.get<std::string>().empty()
                && wantUid != jsonAt(*pod, "metadata.uid"))
                return errorResponse(Status(StatusCode::Conflict, "Operation cannot be fulfilled on pods/binding \"" + podName
                                                                      + "\": Precondition failed: UID in precondition: "
                                                                      + wantUid.get<std::string>() + ", UID in object meta: "
                                                                      + jsonAt(*pod, "metadata.uid").get<std::string>()));
            // As upstream's setPodHostAndAnnotations: the node, the binding's annotations,
            // and PodScheduled=True (its transition time moves only if the status changes).
            Json bound = *pod;
            bound["spec"]["nodeName"] = node;
            const Json &annotations = jsonAt(*body, "metadata.annotations");
            if (annotations.is_object())
                for (auto it = annotations.begin(); it != annotations.end(); ++it)
                    bound["metadata"]["annotations"][it.key()] = it.value();
            Json &conditions = bound["status"]["conditions"];
            if (!conditions.is_array())
                conditions = Json::array();
            Json scheduled = {{"type", "PodScheduled"}, {"status", "True"}, {"lastProbeTime", nullptr},
                              {"lastTransitionTime", api::formatTime(m_loop.now())}};
            bool replaced = false;
            for (Json &c : conditions)
                if (c.value("type", "") == "PodScheduled") {
                    if (c.value("status", "") == "True" && c.contains("lastTransitionTime"))
                        scheduled["lastTransitionTime"] = c["lastTransitionTime"];
                    c = scheduled;
                    replaced = true;
                }
            if (!replaced)
                conditions.push_back(scheduled);
            auto updated = update(pods, target.ns, podName, "binding", bound, writeOptions(request));
            if (!updated.ok())
                return errorResponse(updated.status());
            ApiResponse response = jsonResponse(201, {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()}, {"status", "Success"}, {"code", 201}});
            response.writtenRevision = std::atoll(jsonAt(*updated, "metadata.resourceVersion").get<std::string>().c_str());
            return response;
        }
        if (target.subresource == "eviction") {
            auto pod = get(info, target.ns, target.name);
            if (!pod.ok())
                return errorResponse(pod.status());
            if (Status s = checkDisruptionBudgets(target.ns, *pod); !s.ok())
                return errorResponse(s);
            auto removed = remove(info, target.ns, target.name, body->value("deleteOptions", Json::object()),
                                  writeOptions(request).dryRun);
            if (!removed.ok())
                return errorResponse(removed.status());
            return writtenResponse(201, {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()}, {"status", "Success"}, {"code", 201}});
        }
        return errorResponse(Status(StatusCode::MethodNotAllowed, "the server does not allow this method on the requested resource"));
    }
    std::vector<std::string> warnings;
    if (Status s = checkBody(request, info, *body, true, warnings); !s.ok())
        return errorResponse(s);
    auto created = create(info, target.ns, std::move(*body), writeOptions(request));
    if (!created.ok())
        return errorResponse(created.status());
    ApiResponse response = writtenResponse(201, *created);
    response.warnings = std::move(warnings);
    return response;
}

Result<Json> ApiServer::update(const ResourceInfo &info, const std::string &ns, const std::string &name,
                               const std::string &subresource, Json object, const WriteOptions &options,
                               bool deleting)
{
    auto existing = get(info, ns, name);
    if (!existing.ok())
        return existing.status();
    const Json &old = *existing;
    if (!object.is_object() || !object["metadata"].is_object())
        return Status(StatusCode::BadRequest, "the body of the request was in an unknown format");
    Json &meta = object["metadata"];
    const std::string bodyName = meta.value("name", name);
    if (bodyName != name)
        return Status(StatusCode::BadRequest, "the name of the object (" + bodyName
                                                  + ") does not match the name on the URL (" + name + ")");
    const std::string oldRv = old["metadata"]["resourceVersion"];
    const std::string rv = meta.value("resourceVersion", "");
    if (!rv.empty() && rv != oldRv)
        return conflictStatus(info.groupResource(), info.group, name);
    // Who owns which field after this write (upstream's field manager). Binding, the
    // namespace's finalize and deletion go around it, as upstream's do.
    const bool tracked = !deleting && subresource != "binding" && subresource != "finalize";
    const Json appliedFields = options.applied && meta.contains("managedFields") ? meta["managedFields"] : Json();
    const auto record = [&](Json &written) {
        if (!tracked)
            return;
        if (options.applied) {
            if (appliedFields.is_null())
                written["metadata"].erase("managedFields");
            else
                written["metadata"]["managedFields"] = appliedFields;
            return;
        }
        recordUpdate(&old, written, {options.manager, subresource, api::formatTime(m_loop.now())},
                     {info.apiVersion(), info.kind});
    };
    Json next;
    if (subresource == "finalize") {
        // A namespace's spec.finalizers change only here (the namespace controller's last step).
        next = old;
        next["spec"]["finalizers"] = jsonAt(object, "spec.finalizers").is_array() ? jsonAt(object, "spec.finalizers")
                                                                                 : Json::array();
    } else if (subresource == "binding") {
        // pods/binding built `object` from the stored pod: its node, annotations and
        // PodScheduled condition are the change.
        next = std::move(object);
    } else if (subresource == "status") {
        // Only the status changes through /status — and, for a Deployment, its annotations
        // (upstream's deployment status strategy keeps only spec and labels), which is how
        // the deployment controller records deployment.kubernetes.io/revision.
        next = old;
        next["status"] = object.value("status", Json::object());
        if (info.kind == "Deployment") {
            if (jsonAt(object, "metadata.annotations").is_object())
                next["metadata"]["annotations"] = jsonAt(object, "metadata.annotations");
            else
                next["metadata"].erase("annotations");
        }
        record(next);
    } else {
        next = std::move(object);
        if (info.subresource("status"))
            next["status"] = old.value("status", Json::object());
        for (const char *key : {"uid", "creationTimestamp", "namespace", "generation", "deletionTimestamp",
                                "deletionGracePeriodSeconds"}) {
            // Only the delete path may start a deletion; clients cannot set or clear it.
            if (deleting && std::string_view(key).starts_with("deletion"))
                continue;
            if (old["metadata"].contains(key))
                next["metadata"][key] = old["metadata"][key];
            else
                next["metadata"].erase(key);
        }
        next["metadata"]["name"] = name;
        applyDefaults(info.kind, next);
        if (info.kind == "Pod")
            next["status"] = old.value("status", Json::object());
        record(next);
        if (info.kind == "Namespace") // only /finalize changes them
            next["spec"]["finalizers"] = jsonAt(old, "spec.finalizers").is_array() ? jsonAt(old, "spec.finalizers") : Json::array();
        if (info.tracksGeneration && next.value("spec", Json()) != old.value("spec", Json()))
            next["metadata"]["generation"] = old["metadata"].value("generation", 0) + 1;
        if (auto causes = validateObject(info.kind, next); !causes.empty())
            return invalidStatus(info.kind, info.group, name, std::move(causes));
        if (auto causes = validateUpdate(info.kind, old, next); !causes.empty())
            return invalidStatus(info.kind, info.group, name, std::move(causes));
        if (info.kind == "Service") {
            if (Status s = allocateServiceAddresses(next, &old); !s.ok())
                return s;
        }
    }
    next["apiVersion"] = info.apiVersion();
    next["kind"] = info.kind;
    // A terminating object whose last finalizer is removed goes away now — unless it is
    // in a grace period (a pod its kubelet is stopping), as upstream's shouldDeleteDuringUpdate.
    // (A namespace also waits for its spec.finalizers: the namespace controller's.)
    const auto emptyList = [](const Json &list) { return !list.is_array() || list.empty(); };
    const Json &oldGrace = jsonAt(old, "metadata.deletionGracePeriodSeconds");
    const bool finalized = old["metadata"].contains("deletionTimestamp") && emptyList(jsonAt(next, "metadata.finalizers"))
                           && (!oldGrace.is_number() || oldGrace.get<long long>() == 0)
                           && (info.kind != "Namespace" || emptyList(jsonAt(next, "spec.finalizers")));
    if (options.dryRun) {
        next["metadata"]["resourceVersion"] = oldRv;
        return next;
    }
    const std::string key = objectKey(info, ns, name);
    const store::Revision expected = std::atoll(oldRv.c_str());
    auto stored = finalized ? m_store.remove(key, expected) : m_store.update(key, encodeObject(next), expected);
    if (!stored.ok()) {
        if (stored.status().code() == StatusCode::Conflict)
            return conflictStatus(info.groupResource(), info.group, name);
        return stored.status();
    }
    if (finalized) {
        next["metadata"]["resourceVersion"] = std::to_string(m_store.revision());
        return next;
    }
    return decodeObject(info, *stored);
}

Result<Json> ApiServer::replace(const ResourceInfo &info, const std::string &ns, Json object, const WriteOptions &options)
{
    const Json &name = jsonAt(object, "metadata.name");
    if (!name.is_string())
        return Status(StatusCode::BadRequest, "the object has no metadata.name");
    return update(info, ns, name.get<std::string>(), "", std::move(object), options);
}

ApiResponse ApiServer::handleUpdate(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &info = *target.resource;
    auto body = parseBody(request);
    if (!body.ok())
        return errorResponse(body.status());
    if (target.subresource == "scale") {
        if (Status s = checkKind(info, *body, "Scale", "autoscaling/v1"); !s.ok())
            return errorResponse(s);
        auto existing = get(info, target.ns, target.name);
        if (!existing.ok())
            return errorResponse(existing.status());
        Json next = *existing;
        next["metadata"]["resourceVersion"] = jsonAt(*body, "metadata.resourceVersion").is_string()
                                                  ? jsonAt(*body, "metadata.resourceVersion")
                                                  : (*existing)["metadata"]["resourceVersion"];
        next["spec"]["replicas"] = jsonAt(*body, "spec.replicas").is_number() ? jsonAt(*body, "spec.replicas") : Json(0);
        auto updated = update(info, target.ns, target.name, "scale", next, writeOptions(request));
        if (!updated.ok())
            return errorResponse(updated.status());
        return writtenResponse(200, scaleOf(info, *updated));
    }
    std::vector<std::string> warnings;
    if (Status s = checkBody(request, info, *body, true, warnings); !s.ok())
        return errorResponse(s);
    auto updated = update(info, target.ns, target.name, target.subresource, std::move(*body), writeOptions(request));
    if (!updated.ok())
        return errorResponse(updated.status());
    ApiResponse response = writtenResponse(200, *updated);
    response.warnings = std::move(warnings);
    return response;
}

ApiResponse ApiServer::handlePatch(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &info = *target.resource;
    const std::string &type = request.contentType;
    if (Status s = checkPatchType(type); !s.ok())
        return errorResponse(s);
    if (type.starts_with("application/apply-patch"))
        return handleApply(request, target);
    if (request.param("force"))
        return errorResponse(invalidStatus("PatchOptions", "meta.k8s.io", "",
                                           {{"force", "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch"}}));
    Json patch = Json::parse(request.body, nullptr, false);
    if (patch.is_discarded())
        return errorResponse(Status(StatusCode::BadRequest, "error decoding patch: invalid JSON"));
    auto existing = get(info, target.ns, target.name);
    if (!existing.ok())
        return errorResponse(existing.status());
    const bool scale = target.subresource == "scale";
    const Json current = scale ? scaleOf(info, *existing) : *existing;
    Result<Json> patched = Status(StatusCode::UnsupportedMediaType, "the patch content type " + type + " is not supported");
    if (type.starts_with("application/merge-patch+json"))
        patched = api::applyMergePatch(current, patch);
    else if (type.starts_with("application/json-patch+json"))
        patched = api::applyJsonPatch(current, patch);
    else if (type.starts_with("application/strategic-merge-patch+json"))
        patched = api::applyStrategicMergePatch(current, patch, scale ? "Scale" : info.kind);
    if (!patched.ok()) {
        Status s = patched.status();
        if (s.code() == StatusCode::Invalid)
            s = Status(StatusCode::Invalid, s.message());
        return errorResponse(s);
    }
    Json next = *patched;
    std::vector<std::string> warnings;
    if (!scale) {
        if (Status s = checkBody(request, info, next, false, warnings); !s.ok())
            return errorResponse(s);
    }
    if (scale) {
        Json parent = *existing;
        parent["spec"]["replicas"] = jsonAt(next, "spec.replicas").is_number() ? jsonAt(next, "spec.replicas") : Json(0);
        next = parent;
    }
    // Without a resourceVersion in the patch the write applies to what we read (a
    // conflict then means another writer came between, and upstream retries).
    if (!jsonAt(next, "metadata.resourceVersion").is_string() || jsonAt(patch, "metadata.resourceVersion").is_null())
        next["metadata"]["resourceVersion"] = (*existing)["metadata"]["resourceVersion"];
    auto updated = update(info, target.ns, target.name, target.subresource, std::move(next), writeOptions(request));
    if (!updated.ok())
        return errorResponse(updated.status());
    ApiResponse response = writtenResponse(200, scale ? scaleOf(info, *updated) : *updated);
    response.warnings = std::move(warnings);
    return response;
}

Result<Json> ApiServer::remove(const ResourceInfo &info, const std::string &ns, const std::string &name,
                               const Json &deleteOptions, bool dryRun)
{
    auto existing = get(info, ns, name);
    if (!existing.ok())
        return existing.status();
    Json object = *existing;
    const Json &pre = deleteOptions.value("preconditions", Json::object());
    if (pre.contains("uid") && pre["uid"] != jsonAt(object, "metadata.uid"))
        return Status(StatusCode::Conflict, "Precondition failed: UID in precondition: " + pre["uid"].get<std::string>()
                                                + ", UID in object meta: " + jsonAt(object, "metadata.uid").get<std::string>());
    if (pre.contains("resourceVersion") && pre["resourceVersion"] != jsonAt(object, "metadata.resourceVersion"))
        return conflictStatus(info.groupResource(), info.group, name);
    if (dryRun)
        return object;
    Json &meta = object["metadata"];
    const std::string now = api::formatTime(m_loop.now());
    // Graceful deletion: a pod on a node is only marked; its kubelet finishes it.
    if (info.kind == "Pod" && jsonAt(object, "spec.nodeName").is_string() && !meta.contains("deletionTimestamp")) {
        long long grace = jsonAt(object, "spec.terminationGracePeriodSeconds").is_number()
                              ? jsonAt(object, "spec.terminationGracePeriodSeconds").get<long long>() : 30;
        if (deleteOptions.contains("gracePeriodSeconds") && deleteOptions["gracePeriodSeconds"].is_number())
            grace = deleteOptions["gracePeriodSeconds"].get<long long>();
        if (grace > 0) {
            meta["deletionTimestamp"] = api::formatTime(m_loop.now() + std::chrono::seconds(grace));
            meta["deletionGracePeriodSeconds"] = grace;
            return update(info, ns, name, "", object, {}, true);
        }
    }
    if (info.kind == "Namespace" && !meta.contains("deletionTimestamp")) {
        // The namespace controller empties it and removes the "kubernetes" finalizer.
        meta["deletionTimestamp"] = now;
        meta["deletionGracePeriodSeconds"] = 0;
        object["status"]["phase"] = "Terminating";
        Json stored = object;
        auto marked = update(info, ns, name, "", stored, {}, true);
        if (!marked.ok())
            return marked;
        Json withStatus = *marked;
        withStatus["status"]["phase"] = "Terminating";
        return update(info, ns, name, "status", withStatus, {}, true);
    }
    // Foreground and Orphan deletion are finalizers the garbage collector acts on.
    std::string policy = deleteOptions.value("propagationPolicy", "");
    if (policy.empty() && deleteOptions.value("orphanDependents", false))
        policy = "Orphan";
    const char *gcFinalizer = policy == "Foreground" ? "foregroundDeletion" : policy == "Orphan" ? "orphan" : nullptr;
    if (gcFinalizer) {
        Json &finalizers = meta["finalizers"];
        if (!finalizers.is_array())
            finalizers = Json::array();
        if (std::find(finalizers.begin(), finalizers.end(), gcFinalizer) == finalizers.end())
            finalizers.push_back(gcFinalizer);
    }
    const bool hasFinalizers = meta.contains("finalizers") && !meta["finalizers"].empty();
    if (hasFinalizers) {
        if (!meta.contains("deletionTimestamp")) {
            meta["deletionTimestamp"] = now;
            meta["deletionGracePeriodSeconds"] = 0;
            return update(info, ns, name, "", object, {}, true);
        }
        if (gcFinalizer) // a second delete may ask for a different cascade
            return update(info, ns, name, "", object, {}, true);
        return object; // already terminating, waiting for its finalizers
    }
    auto removed = m_store.remove(objectKey(info, ns, name), std::atoll(meta["resourceVersion"].get<std::string>().c_str()));
    if (!removed.ok())
        return removed.status().code() == StatusCode::Conflict ? conflictStatus(info.groupResource(), info.group, name)
                                                               : removed.status();
    object["metadata"]["resourceVersion"] = std::to_string(m_store.revision());
    return object;
}

ApiResponse ApiServer::handleDelete(const ApiRequest &request, const RequestTarget &target)
{
    Json options = request.body.empty() ? Json::object() : Json::parse(request.body, nullptr, false);
    if (!options.is_object())
        return errorResponse(Status(StatusCode::BadRequest, "the body of the request was in an unknown format"));
    const bool dryRun = request.param("dryRun").value_or("") == "All"
                        || (options.contains("dryRun") && options["dryRun"].is_array() && !options["dryRun"].empty());
    if (auto grace = request.param("gracePeriodSeconds"))
        options["gracePeriodSeconds"] = std::atoll(grace->c_str());
    if (auto policy = request.param("propagationPolicy"))
        options["propagationPolicy"] = *policy;
    auto removed = remove(*target.resource, target.ns, target.name, options, dryRun);
    if (!removed.ok())
        return errorResponse(removed.status());
    return writtenResponse(200, *removed);
}

ApiResponse ApiServer::handleDeleteCollection(const ApiRequest &request, const RequestTarget &target)
{
    ApiRequest list = request;
    list.method = "GET";
    list.accept = "application/json";
    ApiResponse listed = handleList(list, target);
    if (listed.code != 200)
        return listed;
    const Json items = Json::parse(listed.body)["items"];
    Json options = request.body.empty() ? Json::object() : Json::parse(request.body, nullptr, false);
    if (!options.is_object())
        options = Json::object();
    const bool dryRun = request.param("dryRun").value_or("") == "All";
    Json deleted = Json::array();
    store::Revision last = 0;
    for (const Json &item : items) {
        auto removed = remove(*target.resource, jsonAt(item, "metadata.namespace").is_string()
                                                   ? jsonAt(item, "metadata.namespace").get<std::string>() : "",
                              jsonAt(item, "metadata.name").get<std::string>(), options, dryRun);
        if (removed.ok()) {
            last = std::max(last, static_cast<store::Revision>(std::atoll(jsonAt(*removed, "metadata.resourceVersion").get<std::string>().c_str())));
            deleted.push_back(*removed);
        }
    }
    ApiResponse response = jsonResponse(200, {{"kind", target.resource->kind + "List"}, {"apiVersion", target.resource->apiVersion()},
                                              {"metadata", {{"resourceVersion", std::to_string(m_store.revision())}}}, {"items", deleted}});
    response.writtenRevision = last;
    return response;
}

} // namespace k8slab::apiserver
