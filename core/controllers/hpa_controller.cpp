#include "core/controllers/hpa_controller.h"

#include "core/api/quantity.h"
#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

const apiserver::ResourceInfo &hpas() { return client::resource("autoscaling", "v2", "horizontalpodautoscalers"); }
constexpr auto kSyncPeriod = std::chrono::seconds(15);

PodMetricsSource apiMetrics(client::Client &client)
{
    return [&client](const std::string &ns, const std::string &selector, const std::string &resource)
               -> Result<std::map<std::string, hpa::PodUsage>> {
        auto list = client.getPath("/apis/metrics.k8s.io/v1beta1/namespaces/" + ns + "/pods", {{"labelSelector", selector}});
        if (!list.ok())
            return Status(list.status().code(), "unable to get metrics for resource " + resource
                                                    + ": unable to fetch metrics from resource metrics API: "
                                                    + list.status().message());
        std::map<std::string, hpa::PodUsage> out;
        for (const Json &item : list->value("items", Json::array())) {
            std::int64_t total = 0;
            for (const Json &c : item.value("containers", Json::array())) {
                const Json usage = c.value("usage", Json::object());
                if (usage.contains(resource) && usage[resource].is_string())
                    if (auto q = api::Quantity::parse(usage[resource].get<std::string>()); q.ok())
                        total += q->milli();
            }
            out[textAt(item, "metadata.name")] = {total, api::parseTime(item.value("timestamp", "")).value_or(engine::TimePoint{})};
        }
        if (out.empty())
            return Status(StatusCode::NotFound, "unable to get metrics for resource " + resource + ": no metrics returned from resource metrics API");
        return out;
    };
}

std::string describeMetric(const std::string &resource, bool utilization)
{
    return resource + (utilization ? " resource utilization (percentage of request)" : " resource");
}

} // namespace

HpaController::HpaController(client::Client &client, client::InformerFactory &informers, PodMetricsSource metrics)
    : m_client(client), m_hpas(informers.forResource(hpas())), m_pods(informers.forResource("", "v1", "pods")),
      m_queue(client.api().loop(), "horizontalpodautoscaler", [this](const std::string &key) { sync(key); }),
      m_events(client.api(), "horizontal-pod-autoscaler"), m_metrics(metrics ? std::move(metrics) : apiMetrics(client))
{
}

void HpaController::start()
{
    const auto enqueue = [this](const Json &h) { m_queue.add(client::Informer::keyOf(h)); };
    m_hpas.addHandlers({enqueue, [enqueue](const Json &before, const Json &after) {
                            if (jsonAt(before, "spec") != jsonAt(after, "spec"))
                                enqueue(after);
                        },
                        [this](const Json &h) { m_history.erase(client::Informer::keyOf(h)); }});
}

void HpaController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_hpas.get(ns, name);
    if (!found)
        return;
    m_queue.addAfter(key, kSyncPeriod); // the resync period: every HPA is looked at every 15 s
    Json h = *found;
    const engine::TimePoint now = m_client.api().loop().now();
    Json status = h.value("status", Json::object());
    const Json before = status;
    const auto condition = [&](const std::string &type, bool ok, const std::string &reason, const std::string &message) {
        setCondition(status, type, ok ? "True" : "False", reason, message, now);
        // The message changes with the numbers even when the reason stays.
        for (Json &c : status["conditions"])
            if (c.value("type", "") == type)
                c["message"] = message;
    };
    const auto writeStatus = [&] {
        status["currentReplicas"] = status.value("currentReplicas", 0);
        if (status != before) {
            Json updated = h;
            updated["status"] = status;
            (void)m_client.updateStatus(hpas(), updated);
        }
    };

    const Json ref = jsonAt(h, "spec.scaleTargetRef");
    const apiserver::ResourceInfo *target =
        apiserver::builtinResources().findKind(ref.value("apiVersion", ""), ref.value("kind", ""));
    auto scale = target ? m_client.getSubresource(*target, ns, ref.value("name", ""), "scale")
                        : Result<Json>(Status(StatusCode::NotFound, "no kind \"" + ref.value("kind", "") + "\" is registered"));
    if (!scale.ok()) {
        const std::string message = "the HPA controller was unable to get the target's current scale: " + scale.status().message();
        condition("AbleToScale", false, "FailedGetScale", message);
        (void)m_events.record(h, "Warning", "FailedGetScale", scale.status().message());
        writeStatus();
        return;
    }
    condition("AbleToScale", true, "SucceededGetScale", "the HPA controller was able to get the target's current scale");
    const int current = static_cast<int>(intAt(*scale, "spec.replicas"));
    const int minReplicas = static_cast<int>(intAt(h, "spec.minReplicas", 1));
    const int maxReplicas = static_cast<int>(intAt(h, "spec.maxReplicas", 1));
    status["currentReplicas"] = current;
    int desired = current;
    std::string rescaleReason;
    hpa::History &history = m_history[key];
    if (current == 0 && minReplicas != 0) {
        condition("ScalingActive", false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
        desired = 0;
    } else if (current > maxReplicas) {
        desired = maxReplicas;
        rescaleReason = "Current number of replicas above Spec.MaxReplicas";
    } else if (current < minReplicas) {
        desired = minReplicas;
        rescaleReason = "Current number of replicas below Spec.MinReplicas";
    } else {
        Json metrics = jsonAt(h, "spec.metrics").is_array() ? jsonAt(h, "spec.metrics") : Json::array();
        if (metrics.empty())
            metrics.push_back({{"type", "Resource"},
                               {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", 80}}}}}});
        const std::string selector = textAt(*scale, "status.selector");
        auto parsedSelector = api::LabelSelector::parse(selector);
        std::vector<Json> pods;
        if (parsedSelector.ok())
            for (const Json *p : m_pods.list(*parsedSelector, ns))
                pods.push_back(*p);
        int proposal = -1, invalid = 0;
        std::string firstError, firstErrorReason, metricName;
        Json currentMetrics = Json::array();
        std::string traceUtilization, traceTarget;
        for (const Json &m : metrics) {
            if (m.value("type", "") != "Resource") {
                ++invalid;
                if (firstError.empty()) {
                    firstErrorReason = "InvalidMetricSourceType";
                    firstError = "the lab serves no " + m.value("type", "") + " metrics (only Resource metrics)";
                }
                continue;
            }
            const Json resource = m.value("resource", Json::object());
            const std::string resourceName = resource.value("name", "cpu");
            const Json target = resource.value("target", Json::object());
            const bool utilization = target.value("type", "Utilization") == "Utilization";
            std::optional<std::int64_t> targetUtilization, targetAverage;
            if (utilization)
                targetUtilization = target.value("averageUtilization", 80);
            else if (auto q = api::Quantity::parse(target.value("averageValue", "0")); q.ok() && q->milli() > 0)
                targetAverage = q->milli();
            Result<hpa::Proposal> p = Status(StatusCode::Invalid, "invalid target");
            if (utilization || targetAverage) {
                auto usage = m_metrics(ns, selector, resourceName);
                p = usage.ok() ? hpa::resourceReplicas(current, resourceName, targetUtilization, targetAverage, pods, *usage, now)
                               : Result<hpa::Proposal>(usage.status());
            }
            if (!p.ok()) {
                ++invalid;
                if (firstError.empty()) {
                    firstErrorReason = "FailedGetResourceMetric";
                    firstError = "failed to get " + resourceName + " utilization: " + p.status().message();
                    (void)m_events.record(h, "Warning", "FailedGetResourceMetric", firstError);
                }
                continue;
            }
            Json currentValue = {{"averageValue", api::Quantity::fromMilli(p->averageMilli).toString()}};
            if (utilization) {
                currentValue["averageUtilization"] = p->utilization;
                if (traceUtilization.empty()) { // the first utilization metric, for the trace (charts)
                    traceUtilization = std::to_string(p->utilization);
                    traceTarget = std::to_string(*targetUtilization);
                }
            }
            currentMetrics.push_back({{"type", "Resource"}, {"resource", {{"name", resourceName}, {"current", currentValue}}}});
            if (p->replicas > proposal) {
                proposal = p->replicas;
                metricName = describeMetric(resourceName, utilization);
            }
        }
        status["currentMetrics"] = currentMetrics;
        if (invalid == static_cast<int>(metrics.size()) || (invalid > 0 && proposal < current)) {
            condition("ScalingActive", false, firstErrorReason, "the HPA was unable to compute the replica count: " + firstError);
            (void)m_events.record(h, "Warning", "FailedComputeMetricsReplicas",
                                  "invalid metrics (" + std::to_string(invalid) + " invalid out of " + std::to_string(metrics.size())
                                      + "), first error is: " + firstError);
            writeStatus();
            return;
        }
        condition("ScalingActive", true, "ValidMetricFound",
                  "the HPA was able to successfully calculate a replica count from " + metricName);
        rescaleReason = proposal > current ? metricName + " above target" : "All metrics below target";
        const hpa::Normalized n = hpa::normalize(current, proposal, minReplicas, maxReplicas, jsonAt(h, "spec.behavior"), history, now);
        desired = n.replicas;
        if (!n.ableReason.empty())
            condition("AbleToScale", true, n.ableReason,
                      n.ableReason == "ScaleDownStabilized"
                          ? "recent recommendations were higher than current one, applying the highest recent recommendation"
                          : "recent recommendations were lower than current one, applying the lowest recent recommendation");
        else
            condition("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size");
        condition("ScalingLimited", n.limited, n.limitedReason, n.limitedMessage);
        traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.hpa.sync", h,
                       {{"currentReplicas", std::to_string(current)}, {"proposal", std::to_string(proposal)},
                        {"desiredReplicas", std::to_string(desired)}, {"metric", metricName},
                        {"limited", n.limitedReason}, {"utilization", traceUtilization}, {"targetUtilization", traceTarget}});
    }
    status["desiredReplicas"] = desired;
    if (desired != current) {
        Json next = *scale;
        next["spec"]["replicas"] = desired;
        auto written = m_client.updateSubresource(*target, next, "scale");
        if (!written.ok()) {
            condition("AbleToScale", false, "FailedUpdateScale",
                      "the HPA controller was unable to update the target scale: " + written.status().message());
            (void)m_events.record(h, "Warning", "FailedRescale",
                                  "New size: " + std::to_string(desired) + "; reason: " + rescaleReason
                                      + "; error: " + written.status().message());
        } else {
            condition("AbleToScale", true, "SucceededRescale",
                      "the HPA controller was able to update the target scale to " + std::to_string(desired));
            (void)m_events.record(h, "Normal", "SuccessfulRescale",
                                  "New size: " + std::to_string(desired) + "; reason: " + rescaleReason);
            hpa::recordScale(history, current, desired, now);
            status["lastScaleTime"] = api::formatTime(now);
        }
    }
    writeStatus();
}

} // namespace k8slab::controllers
