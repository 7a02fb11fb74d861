// Server-side apply: PATCH with Content-Type application/apply-patch+yaml (kubectl apply
// --server-side). The configuration is the manager's whole intent for the fields it
// names; the field manager (field_manager.h) merges it, removes what the manager stopped
// applying, and refuses to change another manager's fields unless forced. An object that
// does not exist yet is created.
#include "core/api/time_format.h"
#include "core/api/yaml.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/field_manager.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/schema.h"
#include "core/apiserver/status_response.h"


namespace k8slab::apiserver {

using api::Json;

namespace {

// The PatchOptions checks upstream makes before it reads the body.
Status checkApplyOptions(const ApiRequest &request)
{
    const std::string manager = request.param("fieldManager").value_or("");
    std::vector<StatusCause> causes;
    if (manager.empty())
        causes.push_back({"fieldManager", "FieldValueRequired", "Required value: is required for apply patch"});
    for (StatusCause &cause : fieldManagerProblems(manager))
        causes.push_back(std::move(cause));
    if (causes.empty())
        return {};
    return invalidStatus("PatchOptions", "meta.k8s.io", "", std::move(causes));
}

Result<Json> parseConfiguration(const std::string &body)
{
    // kubectl sends JSON, which is YAML too; other clients send YAML.
    Json config = Json::parse(body, nullptr, false);
    if (config.is_discarded()) {
        auto yaml = api::parseYaml(body);
        if (!yaml.ok())
            return Status(StatusCode::BadRequest, "error decoding YAML: " + yaml.status().message());
        config = std::move(*yaml);
    }
    if (!config.is_object())
        return Status(StatusCode::BadRequest, "error decoding YAML: the configuration must be an object");
    return config;
}

} // namespace

ApiResponse ApiServer::handleApply(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &info = *target.resource;
    if (Status s = checkApplyOptions(request); !s.ok())
        return errorResponse(s);
    if (!target.subresource.empty() && target.subresource != "status")
        return errorResponse(Status(StatusCode::MethodNotAllowed,
                                    "server-side apply of the " + target.subresource + " subresource is not served"));
    auto parsed = parseConfiguration(request.body);
    if (!parsed.ok())
        return errorResponse(parsed.status());
    Json config = std::move(*parsed);
    const std::string apiVersion = config.value("apiVersion", "");
    const std::string kind = config.value("kind", "");
    if (kind.empty())
        return errorResponse(Status(StatusCode::BadRequest, "Object 'Kind' is missing in '" + request.body + "'"));
    if (apiVersion != info.apiVersion())
        return errorResponse(Status(StatusCode::BadRequest, "Incorrect version specified in apply patch. Specified patch "
                                                            "version: " + apiVersion + ", expected: " + info.apiVersion()));
    if (kind != info.kind)
        return errorResponse(Status(StatusCode::BadRequest, kind + " in version \"" + info.version
                                                                + "\" cannot be handled as a " + info.kind));
    const Json &meta = jsonAt(config, "metadata");
    if (!meta.is_object())
        return errorResponse(Status(StatusCode::BadRequest, "metadata must be an object"));
    if (meta.contains("managedFields"))
        return errorResponse(Status(StatusCode::BadRequest, "metadata.managedFields must be nil"));
    const std::string name = meta.value("name", "");
    if (name != target.name)
        return errorResponse(Status(StatusCode::BadRequest, "the name of the object (" + name
                                                                + ") does not match the name on the URL (" + target.name + ")"));
    if (info.namespaced && meta.contains("namespace") && meta.value("namespace", "") != target.ns)
        return errorResponse(Status(StatusCode::BadRequest,
                                    "the namespace of the provided object does not match the namespace sent on the request"));
    // The configuration is a typed object: unknown fields, duplicate keys and list items
    // without their keys are refused as upstream's typed conversion refuses them.
    const typed::ObjectType type{info.apiVersion(), info.kind};
    if (const auto problems = typed::configurationProblems(config, type); !problems.empty())
        return errorResponse(Status(StatusCode::Unknown, "failed to create typed patch object (" + target.ns + "/" + name
                                                             + "; " + info.apiVersion() + ", Kind=" + info.kind
                                                             + "): " + problems.front()));
    if (Status s = checkTypes(info.apiVersion(), info.kind, config); !s.ok())
        return errorResponse(s);

    if (target.subresource == "status") // only the status is applied through /status
        config = {{"apiVersion", apiVersion}, {"kind", kind}, {"metadata", meta}, {"status", config.value("status", Json::object())}};
    WriteOptions options;
    options.dryRun = request.param("dryRun").value_or("") == "All";
    options.manager = request.param("fieldManager").value_or("");
    options.applied = true;
    ApplyOptions apply;
    apply.owner = {options.manager, target.subresource, api::formatTime(m_loop.now())};
    apply.force = request.flag("force");
    apply.ignoreStatus = target.subresource.empty() && info.subresource("status") != nullptr;

    auto live = get(info, target.ns, target.name);
    if (!live.ok() && live.status().code() != StatusCode::NotFound)
        return errorResponse(live.status());
    if (!live.ok() && !target.subresource.empty())
        return errorResponse(live.status());
    auto merged = applyConfiguration(live.ok() ? &*live : nullptr, config, apply, type);
    if (!merged.ok())
        return errorResponse(merged.status());
    if (!live.ok()) {
        auto created = create(info, target.ns, std::move(*merged), options);
        if (!created.ok())
            return errorResponse(created.status());
        return writtenResponse(201, *created);
    }
    // The write applies to the object the merge read, unless the configuration names a
    // resourceVersion of its own (a precondition, as with any write).
    if (!meta.contains("resourceVersion"))
        (*merged)["metadata"]["resourceVersion"] = (*live)["metadata"]["resourceVersion"];
    auto updated = update(info, target.ns, target.name, target.subresource, std::move(*merged), options);
    if (!updated.ok())
        return errorResponse(updated.status());
    return writtenResponse(200, *updated);
}

} // namespace k8slab::apiserver
