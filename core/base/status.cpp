#include "core/base/status.h"

namespace k8slab {

Status::Status(StatusCode code, std::string message, std::vector<StatusCause> causes)
    : m_code(code), m_message(std::move(message)), m_causes(std::move(causes))
{
}

std::string_view Status::reason() const
{
    return reasonFor(m_code);
}

std::string Status::toString() const
{
    if (ok())
        return "OK";
    std::string out(reason());
    out += ": ";
    out += m_message;
    for (const StatusCause &cause : m_causes) {
        out += "; ";
        if (!cause.field.empty())
            out += cause.field + ": ";
        out += cause.message;
    }
    return out;
}

std::string_view reasonFor(StatusCode code)
{
    // These strings are the StatusReason values of the Kubernetes API, so the API server
    // can put them on the wire unchanged.
    switch (code) {
    case StatusCode::Ok: return "";
    case StatusCode::Invalid: return "Invalid";
    case StatusCode::NotFound: return "NotFound";
    case StatusCode::AlreadyExists: return "AlreadyExists";
    case StatusCode::Conflict: return "Conflict";
    case StatusCode::Expired: return "Expired";
    case StatusCode::FailedPrecondition: return "BadRequest";
    case StatusCode::Corrupt: return "InternalError";
    case StatusCode::Unavailable: return "ServiceUnavailable";
    case StatusCode::Internal: return "InternalError";
    case StatusCode::BadRequest: return "BadRequest";
    case StatusCode::Forbidden: return "Forbidden";
    case StatusCode::MethodNotAllowed: return "MethodNotAllowed";
    case StatusCode::UnsupportedMediaType: return "UnsupportedMediaType";
    case StatusCode::TooManyRequests: return "TooManyRequests";
    case StatusCode::Unknown: return "";
    }
    return "InternalError";
}

} // namespace k8slab
