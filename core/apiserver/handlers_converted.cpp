// Requests for a version that is not the stored one (autoscaling/v1 HPAs,
// events.k8s.io/v1 Events): converted to the stored version on the way in and back
// on the way out, so everything in between works on one version, as upstream's
// apiserver does with its internal version.
#include "core/api/patch.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/protobuf_codec.h"
#include "core/apiserver/status_response.h"

namespace k8slab::apiserver {

using api::Json;

namespace {

Json convertOut(const ResourceInfo &requested, const Json &body)
{
    if (!body.is_object())
        return body;
    const ResourceInfo &stored = requested.stored();
    const std::string kind = body.value("kind", "");
    if (kind == stored.kind + "List") {
        Json list = body;
        list["apiVersion"] = requested.apiVersion();
        for (Json &item : list["items"]) {
            item = requested.fromStorage(std::move(item));
            item["apiVersion"] = requested.apiVersion();
        }
        return list;
    }
    if (kind == stored.kind && body.value("apiVersion", "") == stored.apiVersion()) {
        Json object = requested.fromStorage(body);
        object["apiVersion"] = requested.apiVersion();
        return object;
    }
    return body; // a Status or a Table (printed from the stored version, as upstream does)
}

ApiResponse withBody(ApiResponse response, const Json &body)
{
    response.body = body.dump();
    return response;
}

} // namespace

ApiResponse ApiServer::dispatchConverted(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &requested = *target.resource;
    RequestTarget stored = target;
    stored.resource = &requested.stored();
    ApiRequest inner = request;
    if (request.method == "PATCH" && !target.name.empty()) {
        // A patch is written against this version's shape: apply it to this version's view.
        auto existing = get(*stored.resource, target.ns, target.name);
        if (!existing.ok())
            return errorResponse(existing.status());
        Json view = requested.fromStorage(*existing);
        view["apiVersion"] = requested.apiVersion();
        if (Status s = checkPatchType(request.contentType); !s.ok())
            return errorResponse(s);
        const Json patch = Json::parse(request.body, nullptr, false);
        if (patch.is_discarded())
            return errorResponse(Status(StatusCode::BadRequest, "error decoding patch: invalid JSON"));
        Result<Json> patched = Status(StatusCode::UnsupportedMediaType, "the patch content type " + request.contentType
                                                                            + " is not supported");
        if (request.contentType.starts_with("application/merge-patch+json"))
            patched = api::applyMergePatch(view, patch);
        else if (request.contentType.starts_with("application/json-patch+json"))
            patched = api::applyJsonPatch(view, patch);
        else if (request.contentType.starts_with("application/strategic-merge-patch+json"))
            patched = api::applyStrategicMergePatch(view, patch, requested.kind);
        if (!patched.ok())
            return errorResponse(patched.status());
        Json next = requested.toStorage(*patched);
        next["apiVersion"] = stored.resource->apiVersion();
        if (jsonAt(patch, "metadata.resourceVersion").is_null())
            next["metadata"]["resourceVersion"] = (*existing)["metadata"]["resourceVersion"];
        inner.method = "PUT";
        inner.contentType = "application/json";
        inner.body = next.dump();
    } else if ((request.method == "POST" || request.method == "PUT") && !request.body.empty()) {
        // kubectl autoscale writes autoscaling/v1 as Protobuf: read it as this version's JSON first.
        Json body;
        if (request.contentType.starts_with("application/vnd.kubernetes.protobuf")) {
            Result<Json> decoded = decodeProtobufObject(request.body);
            if (!decoded.ok())
                return errorResponse(decoded.status());
            body = std::move(*decoded);
            inner.contentType = "application/json";
            inner.body = body.dump();
        } else {
            body = Json::parse(request.body, nullptr, false);
        }
        if (body.is_object() && body.value("apiVersion", requested.apiVersion()) == requested.apiVersion()) {
            body = requested.toStorage(std::move(body));
            body["apiVersion"] = stored.resource->apiVersion();
            inner.body = body.dump();
        }
    }
    ApiResponse response = route(inner, stored);
    const Json out = Json::parse(response.body, nullptr, false);
    if (response.code >= 300 || out.is_discarded())
        return response;
    return withBody(std::move(response), convertOut(requested, out));
}

} // namespace k8slab::apiserver
