#include "core/apiserver/conversion.h"

#include <utility>

namespace k8slab::apiserver {

using api::Json;

namespace {

void rename(Json &object, const char *from, const char *to)
{
    if (!object.is_object() || !object.contains(from))
        return;
    object[to] = std::move(object[from]);
    object.erase(from);
}

} // namespace

Json hpaV2ToV1(Json object)
{
    object["apiVersion"] = "autoscaling/v1";
    Json &spec = object["spec"];
    if (spec.contains("metrics") && spec["metrics"].is_array()) {
        for (const Json &metric : spec["metrics"]) {
            if (metric.value("type", "") == "Resource" && metric["resource"].value("name", "") == "cpu"
                && metric["resource"].contains("target") && metric["resource"]["target"].contains("averageUtilization"))
                spec["targetCPUUtilizationPercentage"] = metric["resource"]["target"]["averageUtilization"];
        }
    }
    spec.erase("metrics");
    spec.erase("behavior");
    if (object.contains("status") && object["status"].is_object()) {
        Json &status = object["status"];
        if (status.contains("currentMetrics") && status["currentMetrics"].is_array()) {
            for (const Json &metric : status["currentMetrics"]) {
                if (metric.value("type", "") == "Resource" && metric["resource"].value("name", "") == "cpu"
                    && metric["resource"].contains("current") && metric["resource"]["current"].contains("averageUtilization"))
                    status["currentCPUUtilizationPercentage"] = metric["resource"]["current"]["averageUtilization"];
            }
        }
        status.erase("currentMetrics");
        status.erase("conditions");
        if (!status.contains("currentReplicas"))
            status["currentReplicas"] = 0;
    }
    return object;
}

Json hpaV1ToV2(Json object)
{
    object["apiVersion"] = "autoscaling/v2";
    Json &spec = object["spec"];
    if (spec.contains("targetCPUUtilizationPercentage")) {
        spec["metrics"] = Json::array({{{"type", "Resource"},
                                        {"resource", {{"name", "cpu"},
                                                      {"target", {{"type", "Utilization"},
                                                                  {"averageUtilization", spec["targetCPUUtilizationPercentage"]}}}}}}});
        spec.erase("targetCPUUtilizationPercentage");
    }
    if (object.contains("status") && object["status"].is_object()) {
        Json &status = object["status"];
        if (status.contains("currentCPUUtilizationPercentage")) {
            status["currentMetrics"] = Json::array({{{"type", "Resource"},
                                                     {"resource", {{"name", "cpu"},
                                                                   {"current", {{"averageUtilization", status["currentCPUUtilizationPercentage"]}}}}}}});
            status.erase("currentCPUUtilizationPercentage");
        }
    }
    return object;
}

namespace {
// core/v1 name ↔ events.k8s.io/v1 name, for the fields that only changed names.
const std::pair<const char *, const char *> kEventFields[] = {
    {"involvedObject", "regarding"},     {"message", "note"},
    {"reportingComponent", "reportingController"}, {"source", "deprecatedSource"},
    {"firstTimestamp", "deprecatedFirstTimestamp"}, {"lastTimestamp", "deprecatedLastTimestamp"},
    {"count", "deprecatedCount"},
};
} // namespace

Json coreEventToEventsV1(Json object)
{
    object["apiVersion"] = "events.k8s.io/v1";
    for (const auto &[core, events] : kEventFields)
        rename(object, core, events);
    return object;
}

Json eventsV1ToCoreEvent(Json object)
{
    object["apiVersion"] = "v1";
    for (const auto &[core, events] : kEventFields)
        rename(object, events, core);
    return object;
}

} // namespace k8slab::apiserver
