#include "core/apiserver/status_response.h"

#include <cstdlib>

namespace k8slab::apiserver {

int httpCode(StatusCode code)
{
    switch (code) {
    case StatusCode::Ok: return 200;
    case StatusCode::Invalid: return 422;
    case StatusCode::NotFound: return 404;
    case StatusCode::AlreadyExists: return 409;
    case StatusCode::Conflict: return 409;
    case StatusCode::Expired: return 410;
    case StatusCode::FailedPrecondition: return 400;
    case StatusCode::BadRequest: return 400;
    case StatusCode::Forbidden: return 403;
    case StatusCode::MethodNotAllowed: return 405;
    case StatusCode::UnsupportedMediaType: return 415;
    case StatusCode::TooManyRequests: return 429;
    case StatusCode::Unknown: return 500;
    case StatusCode::Unavailable: return 503;
    case StatusCode::Corrupt:
    case StatusCode::Internal: return 500;
    }
    return 500;
}

api::Json statusObject(const Status &status)
{
    api::Json obj = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", api::Json::object()}};
    if (status.ok()) {
        obj["status"] = "Success";
        return obj;
    }
    obj["status"] = "Failure";
    obj["message"] = status.message();
    if (!status.reason().empty()) // upstream leaves an unknown reason out
        obj["reason"] = std::string(status.reason());
    api::Json details = api::Json::object();
    const StatusDetails &d = status.details();
    if (!d.name.empty())
        details["name"] = d.name;
    if (!d.group.empty())
        details["group"] = d.group;
    if (!d.kind.empty())
        details["kind"] = d.kind;
    if (!status.causes().empty()) {
        api::Json causes = api::Json::array();
        for (const StatusCause &cause : status.causes()) {
            api::Json c = {{"reason", cause.reason}, {"message", cause.message}};
            if (!cause.field.empty())
                c["field"] = cause.field;
            causes.push_back(std::move(c));
        }
        details["causes"] = std::move(causes);
    }
    if (!details.empty())
        obj["details"] = std::move(details);
    obj["code"] = httpCode(status.code());
    return obj;
}

ApiResponse errorResponse(const Status &status)
{
    return jsonResponse(httpCode(status.code()), statusObject(status));
}

ApiResponse jsonResponse(int code, const api::Json &body)
{
    ApiResponse response;
    response.code = code;
    response.body = body.dump();
    return response;
}

ApiResponse writtenResponse(int code, const api::Json &object)
{
    ApiResponse response = jsonResponse(code, object);
    const auto meta = object.find("metadata");
    if (meta != object.end() && meta->is_object())
        if (const auto rv = meta->find("resourceVersion"); rv != meta->end() && rv->is_string())
            response.writtenRevision = std::atoll(rv->get<std::string>().c_str());
    return response;
}

Status notFoundStatus(const std::string &groupResource, const std::string &group, const std::string &name)
{
    return Status(StatusCode::NotFound, groupResource + " \"" + name + "\" not found")
        .withDetails({name, group, groupResource.substr(0, groupResource.find('.'))});
}

Status alreadyExistsStatus(const std::string &groupResource, const std::string &group, const std::string &name)
{
    return Status(StatusCode::AlreadyExists, groupResource + " \"" + name + "\" already exists")
        .withDetails({name, group, groupResource.substr(0, groupResource.find('.'))});
}

Status conflictStatus(const std::string &groupResource, const std::string &group, const std::string &name)
{
    return Status(StatusCode::Conflict, "Operation cannot be fulfilled on " + groupResource + " \"" + name
                                            + "\": the object has been modified; please apply your changes to "
                                              "the latest version and try again")
        .withDetails({name, group, groupResource.substr(0, groupResource.find('.'))});
}

Status invalidStatus(const std::string &kind, const std::string &group, const std::string &name,
                     std::vector<StatusCause> causes)
{
    // Upstream names the kind with its group ("Deployment.apps"); kubectl prints details.kind.
    std::string message = (group.empty() ? kind : kind + "." + group) + " \"" + name + "\" is invalid: ";
    if (causes.size() == 1) {
        message += causes.front().field + ": " + causes.front().message;
    } else {
        message += "[";
        for (std::size_t i = 0; i < causes.size(); ++i)
            message += (i ? ", " : "") + causes[i].field + ": " + causes[i].message;
        message += "]";
    }
    return Status(StatusCode::Invalid, message, std::move(causes)).withDetails({name, group, kind});
}

} // namespace k8slab::apiserver
