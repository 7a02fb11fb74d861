#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace k8slab {

/// What went wrong, in the vocabulary of the Kubernetes API (StatusReason).
/// Each value says what the caller does next.
enum class StatusCode {
    /// Success: carry on.
    Ok,
    /// The input is malformed or violates a rule: fix the input (see the causes); nothing changed.
    Invalid,
    /// The object or revision does not exist: create it first, or read something else.
    NotFound,
    /// An object with that key already exists: read it and update it instead of creating.
    AlreadyExists,
    /// A compare-and-swap failed because someone else wrote first: re-read and retry.
    Conflict,
    /// The requested revision was compacted away: re-list from the current revision.
    Expired,
    /// The operation is not allowed in this state (e.g. writing a read-only recording): change the state or stop.
    FailedPrecondition,
    /// Persistent data is damaged or of an unknown format: the file cannot be used as it is; restore or start anew.
    Corrupt,
    /// The service is temporarily unable (shutting down, I/O busy): retry later.
    Unavailable,
    /// A bug or an unexpected environment failure: report it; the operation did not happen.
    Internal,
    /// The request itself is malformed (bad JSON, bad selector, wrong namespace): fix it; nothing changed.
    BadRequest,
    /// The request is not allowed (e.g. a namespace being terminated): do something else.
    Forbidden,
    /// The verb is not supported on this resource: use another verb.
    MethodNotAllowed,
    /// The body's content type is not understood: send another content type.
    UnsupportedMediaType,
    /// Too many requests, or a disruption budget forbids it now: retry later.
    TooManyRequests,
    /// A failure upstream reports without a reason (HTTP 500, reason ""): an error its
    /// handlers pass on as plain text, e.g. a server-side apply configuration that does
    /// not fit the schema. kubectl prints it as "Error from server: <message>".
    Unknown,
};

/// Which object an error concerns, as Kubernetes' StatusDetails names it.
struct StatusDetails {
    /// The object's name (may be empty).
    std::string name;
    /// The API group (empty for the core group).
    std::string group;
    /// The kind ("Pod") or, for NotFound/AlreadyExists/Conflict, the resource ("pods").
    std::string kind;
};

/// One field-level cause of an error, shaped like Kubernetes' StatusCause.
struct StatusCause {
    /// The field path the cause concerns, e.g. "metadata.name" (empty when not field-specific).
    std::string field;
    /// A machine-readable cause type, e.g. "FieldValueInvalid".
    std::string reason;
    /// A human-readable description of the cause.
    std::string message;

    /// Causes compare by all their parts.
    bool operator==(const StatusCause &) const = default;
};

/// An error as a value: code, Kubernetes reason, message and field causes.
class Status {
public:
    /// A successful status.
    Status() = default;
    /// A status with the given code and message; the reason follows from the code.
    Status(StatusCode code, std::string message, std::vector<StatusCause> causes = {});

    /// The success value.
    static Status okStatus() { return {}; }

    /// True when the status is success.
    [[nodiscard]] bool ok() const { return m_code == StatusCode::Ok; }
    /// The error code.
    [[nodiscard]] StatusCode code() const { return m_code; }
    /// The Kubernetes StatusReason string for the code ("NotFound", "Conflict", ...).
    [[nodiscard]] std::string_view reason() const;
    /// The human-readable message.
    [[nodiscard]] const std::string &message() const { return m_message; }
    /// Field-level causes, possibly empty.
    [[nodiscard]] const std::vector<StatusCause> &causes() const { return m_causes; }
    /// Which object the error concerns (empty parts when unknown).
    [[nodiscard]] const StatusDetails &details() const { return m_details; }
    /// Returns a copy naming the object the error concerns.
    [[nodiscard]] Status withDetails(StatusDetails details) const
    {
        Status copy = *this;
        copy.m_details = std::move(details);
        return copy;
    }
    /// "Reason: message" for logs and test failures.
    [[nodiscard]] std::string toString() const;

private:
    StatusCode m_code = StatusCode::Ok;
    std::string m_message;
    std::vector<StatusCause> m_causes;
    StatusDetails m_details;
};

/// The Kubernetes StatusReason string for a code.
std::string_view reasonFor(StatusCode code);

} // namespace k8slab
