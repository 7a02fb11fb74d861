#pragma once

#include "core/base/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::apiserver {

struct ResourceInfo;

/// One HTTP request as the API server sees it (the front-end fills it; tests build it).
struct ApiRequest {
    /// GET, POST, PUT, PATCH or DELETE.
    std::string method;
    /// The URL path, e.g. /api/v1/namespaces/default/pods.
    std::string path;
    /// Query parameters; a parameter may repeat.
    std::multimap<std::string, std::string> query;
    /// The request body.
    std::string body;
    /// The Content-Type header.
    std::string contentType;
    /// The Accept header.
    std::string accept;
    /// The User-Agent header (who is asking: kubectl, a controller, ...).
    std::string userAgent;

    /// The first value of a query parameter, if present.
    [[nodiscard]] std::optional<std::string> param(const std::string &name) const;
    /// True when the parameter is "true" or "1".
    [[nodiscard]] bool flag(const std::string &name) const;
};

/// The API server's answer.
struct ApiResponse {
    /// HTTP status code.
    int code = 200;
    /// The Content-Type header.
    std::string contentType = "application/json";
    /// The body.
    std::string body;
    /// The store revision this request wrote, if any: the front-end answers only
    /// once that revision is durable.
    std::int64_t writtenRevision = 0;
    /// Warnings for the client (HTTP "Warning: 299 - ..." headers; kubectl prints them).
    std::vector<std::string> warnings;
};

/// What a resource URL names: /api/v1/namespaces/<ns>/<plural>/<name>/<subresource>.
struct RequestTarget {
    /// The resource (null for discovery and other non-resource paths).
    const ResourceInfo *resource = nullptr;
    /// The namespace (empty: cluster-scoped, or all namespaces for a list).
    std::string ns;
    /// The object name (empty for collections).
    std::string name;
    /// The subresource (empty for the main resource).
    std::string subresource;
    /// What follows a proxy subresource ("metrics/resource" of nodes/n1/proxy/metrics/resource).
    std::string proxyPath;
};

/// The verb a request is for, as discovery, RBAC and upstream's RequestInfo name it: get,
/// list, watch, create, update, patch, delete or deletecollection (api_metrics.h's
/// requestVerb() is the metrics label: GET, LIST, WATCH, APPLY, ...).
std::string resourceVerb(const ApiRequest &request, const RequestTarget &target);

/// True when the resource (or its subresource) named by `target` supports `verb`, as
/// discovery reports it; upstream answers 405 MethodNotAllowed otherwise.
bool allowsVerb(const RequestTarget &target, const std::string &verb);

/// The resourceVersion parameter of a list or watch as a store revision (0 for "" and
/// "0": any); BadRequest in upstream's words when it is not a number.
Result<std::int64_t> parseResourceVersion(const std::string &resourceVersion);

/// OK when `type` (a PATCH's Content-Type) is a patch type the API serves; else
/// UnsupportedMediaType (415) listing them, as upstream answers.
Status checkPatchType(const std::string &type);

/// Parses a resource path; NotFound ("the server could not find the requested
/// resource") when it names no served resource.
Result<RequestTarget> parseTarget(const std::string &path);

} // namespace k8slab::apiserver
