#include "core/lab/scheduler_routes.h"

#include "core/apiserver/status_response.h"
#include "core/scheduler/scheduler.h"
#include "core/scheduler/what_if.h"

namespace k8slab::lab {

using api::Json;
using apiserver::ApiResponse;

namespace {

std::vector<std::string> split(const std::string &path)
{
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string::npos ? path.size() : slash;
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

/// POST /lab/v1/scheduler/whatif: {"pod": Pod, "nodes": [Node, ...]} (or a bare Pod).
ApiResponse whatIf(scheduler::Scheduler &scheduler, const apiserver::ApiRequest &request)
{
    const Json body = Json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return apiserver::errorResponse(Status(StatusCode::BadRequest, "the body must be a JSON object: {\"pod\": {...}, \"nodes\": [...]}"));
    const Json pod = body.contains("pod") ? body["pod"] : body;
    std::vector<Json> nodes;
    if (body.contains("nodes")) {
        if (!body["nodes"].is_array())
            return apiserver::errorResponse(Status(StatusCode::BadRequest, "nodes must be a list of Node objects",
                                                   {{"nodes", "FieldValueTypeInvalid", "must be a list"}}));
        nodes = body["nodes"].get<std::vector<Json>>();
    }
    Result<scheduler::DecisionRecord> decision = scheduler.evaluate(pod, nodes);
    if (!decision.ok())
        return apiserver::errorResponse(Status(StatusCode::Invalid, decision.status().message()));
    Json suggestions = Json::array();
    if (decision->result != "Scheduled")
        for (const scheduler::Suggestion &s : scheduler::suggestFixes(scheduler, pod))
            suggestions.push_back({{"code", s.code}, {"params", s.params}, {"cost", s.cost}, {"node", s.outcome.selectedNode},
                                   {"pod", s.nodes.empty() ? s.pod : Json()}, {"nodes", s.nodes}});
    return apiserver::jsonResponse(200, {{"kind", "WhatIf"},
                                         {"apiVersion", "lab.k8slab.org/v1"},
                                         {"decision", decision->toJson(false)},
                                         {"suggestions", suggestions}});
}

} // namespace

std::optional<ApiResponse> schedulerRoutes(scheduler::Scheduler &scheduler, const apiserver::ApiRequest &request)
{
    if (request.method == "POST" && request.path == "/lab/v1/scheduler/whatif")
        return whatIf(scheduler, request);
    if (request.method != "GET")
        return std::nullopt;
    const std::string &path = request.path;
    if (path == "/lab/v1/scheduler/queue") {
        Json body = {{"kind", "SchedulingQueue"}, {"apiVersion", "lab.k8slab.org/v1"}};
        body.update(scheduler.queueJson());
        return apiserver::jsonResponse(200, body);
    }
    if (path == "/lab/v1/scheduler/metrics") {
        ApiResponse r;
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        r.body = scheduler.metricsText();
        return r;
    }
    if (path == "/lab/v1/scheduler/config")
        return apiserver::jsonResponse(200, scheduler::toJson(scheduler.config()));
    // /lab/v1/namespaces/{ns}/pods/{name}/scheduling
    const std::vector<std::string> parts = split(path);
    if (parts.size() == 7 && parts[2] == "namespaces" && parts[4] == "pods" && parts[6] == "scheduling") {
        Json record = scheduler.decisions().forPod(parts[3] + "/" + parts[5]);
        if (record.is_null())
            return apiserver::errorResponse(Status(StatusCode::NotFound, "the scheduler has not tried to schedule pod \"" +
                                                                             parts[3] + "/" + parts[5] + "\" (yet)"));
        record["kind"] = "SchedulingDecisions";
        record["apiVersion"] = "lab.k8slab.org/v1";
        return apiserver::jsonResponse(200, record);
    }
    return std::nullopt;
}

} // namespace k8slab::lab
