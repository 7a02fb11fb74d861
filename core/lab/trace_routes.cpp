#include "core/lab/trace_routes.h"

#include "core/apiserver/status_response.h"
#include "core/recording/causal_history.h"
#include "core/recording/recording.h"
#include "core/recording/trace_index.h"

#include <google/protobuf/util/json_util.h>

#include <cstdlib>

namespace k8slab::lab {

using api::Json;
using apiserver::ApiRequest;
using apiserver::ApiResponse;

Json traceEventJson(const proto::TraceEvent &event)
{
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = false;
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(event, &json, options).ok())
        return Json::object();
    return Json::parse(json, nullptr, false);
}

namespace {

ApiResponse traceList(recording::Recording &recording, const ApiRequest &request)
{
    const auto number = [&](const char *name, std::int64_t fallback) {
        const auto value = request.param(name);
        return value ? std::atoll(value->c_str()) : fallback;
    };
    const std::uint64_t afterId = static_cast<std::uint64_t>(number("afterId", 0));
    const std::int64_t fromRevision = number("fromRevision", 0);
    const std::int64_t toRevision = number("toRevision", INT64_MAX);
    const std::size_t limit = static_cast<std::size_t>(number("limit", 1000));
    const std::string kind = request.param("kind").value_or("");
    const std::string ns = request.param("namespace").value_or("");
    const std::string name = request.param("name").value_or("");
    const std::string uid = request.param("uid").value_or("");
    auto events = recording.readTrace(afterId);
    if (!events.ok())
        return apiserver::errorResponse(events.status());
    Json items = Json::array();
    for (const proto::TraceEvent &event : *events) {
        if (event.revision() < fromRevision || event.revision() > toRevision)
            continue;
        const proto::ObjectRef &object = event.object();
        if ((!kind.empty() && object.kind() != kind) || (!ns.empty() && object.namespace_() != ns)
            || (!name.empty() && object.name() != name) || (!uid.empty() && object.uid() != uid))
            continue;
        items.push_back(traceEventJson(event));
        if (items.size() >= limit)
            break;
    }
    return apiserver::jsonResponse(200, {{"kind", "TraceEventList"}, {"apiVersion", "lab.k8slab.org/v1"}, {"items", items}});
}

ApiResponse history(const recording::TraceIndex &index, const ApiRequest &request)
{
    const std::string kind = request.param("kind").value_or("");
    const std::string ns = request.param("namespace").value_or("");
    const std::string name = request.param("name").value_or("");
    std::vector<StatusCause> missing;
    if (kind.empty())
        missing.push_back({"kind", "FieldValueRequired", "Required value: the object's kind, e.g. Pod"});
    if (name.empty())
        missing.push_back({"name", "FieldValueRequired", "Required value: the object's name"});
    if (!missing.empty())
        return apiserver::errorResponse(Status(StatusCode::BadRequest, "a history names its object", std::move(missing)));
    const recording::History found = kind == "Pod"
                                         ? recording::podHistory(index, ns, name, request.param("uid").value_or(""))
                                         : recording::creationHistory(index, kind, ns, name);
    if (found.steps.empty())
        return apiserver::errorResponse(
            Status(StatusCode::NotFound, "the trace held in memory has no history of " + kind + " " + (ns.empty() ? "" : ns + "/") + name));
    Json steps = Json::array();
    for (const recording::HistoryStep &step : found.steps) {
        Json item = traceEventJson(*step.event);
        if (step.response)
            item["response"] = {{"id", std::to_string(step.response->id())},
                                {"code", step.response->params().count("code") ? step.response->params().at("code") : ""}};
        if (step.watched)
            item["watched"] = std::to_string(step.watched->id());
        steps.push_back(std::move(item));
    }
    return apiserver::jsonResponse(200, {{"kind", "History"},
                                         {"apiVersion", "lab.k8slab.org/v1"},
                                         {"object", {{"kind", kind}, {"namespace", ns}, {"name", name}}},
                                         {"truncated", found.truncated},
                                         {"steps", std::move(steps)}});
}

} // namespace

std::optional<ApiResponse> traceRoutes(recording::Recording &recording, const recording::TraceIndex &index,
                                       const ApiRequest &request)
{
    if (request.method != "GET")
        return std::nullopt;
    if (request.path == "/lab/v1/trace")
        return traceList(recording, request);
    if (request.path == "/lab/v1/history")
        return history(index, request);
    return std::nullopt;
}

} // namespace k8slab::lab
