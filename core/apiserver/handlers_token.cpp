// POST serviceaccounts/<name>/token (kubectl create token): a TokenRequest answered
// with a signed token for the service account (service_account_tokens.h).
#include "core/apiserver/api_server.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/schema.h"
#include "core/apiserver/service_account_tokens.h"
#include "core/apiserver/status_response.h"

namespace k8slab::apiserver {

using api::Json;

ApiResponse ApiServer::handleTokenRequest(const ApiRequest &request, const RequestTarget &target, Json body)
{
    constexpr const char *kApiVersion = "authentication.k8s.io/v1";
    const std::string kind = body.value("kind", "");
    const std::string apiVersion = body.value("apiVersion", "");
    if ((!kind.empty() && kind != "TokenRequest") || (!apiVersion.empty() && apiVersion != kApiVersion))
        return errorResponse(Status(StatusCode::BadRequest, (kind.empty() ? std::string("the body") : kind)
                                                                + " in version \"" + apiVersion
                                                                + "\" cannot be handled as a TokenRequest"));
    if (Status s = checkTypes(kApiVersion, "TokenRequest", body); !s.ok())
        return errorResponse(s);
    if (request.param("fieldValidation").value_or("Warn") == "Strict") {
        const std::vector<std::string> unknown = unknownFields(kApiVersion, "TokenRequest", body);
        if (!unknown.empty())
            return errorResponse(Status(StatusCode::BadRequest, "TokenRequest in version \"v1\" cannot be handled as a "
                                                                "TokenRequest: strict decoding error: unknown field \""
                                                                    + unknown.front() + "\""));
    }
    auto serviceAccount = get(*target.resource, target.ns, target.name);
    if (!serviceAccount.ok())
        return errorResponse(serviceAccount.status());
    // A token bound to a Pod or Secret names it; it must exist (and be the same object).
    std::optional<Json> bound;
    const Json &ref = jsonAt(body, "spec.boundObjectRef");
    if (ref.is_object() && (ref.value("kind", "") == "Pod" || ref.value("kind", "") == "Secret")) {
        const ResourceInfo &boundInfo =
            *builtinResources().find("", "v1", ref.value("kind", "") == "Pod" ? "pods" : "secrets");
        auto object = get(boundInfo, target.ns, ref.value("name", ""));
        if (!object.ok())
            return errorResponse(object.status());
        const std::string uid = ref.value("uid", "");
        if (!uid.empty() && uid != jsonAt(*object, "metadata.uid").get<std::string>())
            return errorResponse(Status(StatusCode::Conflict, "the UID in the bound object reference (" + uid
                                                                  + ") does not match the UID in record. The object might "
                                                                    "have been deleted and then recreated"));
        bound = std::move(*object);
    }
    auto answered = m_tokens->answer(*serviceAccount, std::move(body), bound ? &*bound : nullptr, m_loop.now(),
                                     newUid(m_loop.random()));
    if (!answered.ok())
        return errorResponse(answered.status());
    return jsonResponse(201, *answered);
}

} // namespace k8slab::apiserver
