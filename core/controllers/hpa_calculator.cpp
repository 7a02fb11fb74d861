#include "core/controllers/hpa_calculator.h"

#include "core/api/quantity.h"
#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <climits>
#include <cmath>
#include <set>

namespace k8slab::controllers::hpa {

using api::Json;
using apiserver::jsonAt;

namespace {

// The pod's request of the resource (all containers), milli-units; nullopt names the
// container without one.
Result<std::int64_t> podRequest(const Json &pod, const std::string &resource)
{
    std::int64_t total = 0;
    const Json &containers = jsonAt(pod, "spec.containers");
    for (const Json &c : containers.is_array() ? containers : Json::array()) {
        const Json requests = c.value("resources", Json::object()).value("requests", Json::object());
        if (!requests.contains(resource) || !requests[resource].is_string())
            return Status(StatusCode::Invalid, "missing request for " + resource + " in container " + c.value("name", "")
                                                   + " of Pod " + textAt(pod, "metadata.name"));
        auto q = api::Quantity::parse(requests[resource].get<std::string>());
        if (!q.ok())
            return q.status();
        total += q->milli();
    }
    return total;
}

struct Ratio {
    double ratio = 0;
    std::int64_t utilization = 0;
    std::int64_t average = 0;
};

Result<Ratio> ratioOf(const std::map<std::string, std::int64_t> &metrics, const std::map<std::string, std::int64_t> &requests,
                      std::optional<std::int64_t> targetUtilization, std::optional<std::int64_t> targetAverage)
{
    std::int64_t used = 0, requested = 0;
    for (const auto &[pod, value] : metrics) {
        used += value;
        if (auto r = requests.find(pod); r != requests.end())
            requested += r->second;
    }
    Ratio out;
    out.average = metrics.empty() ? 0 : used / static_cast<std::int64_t>(metrics.size());
    if (targetUtilization) {
        if (requested == 0)
            return Status(StatusCode::Invalid, "no metrics returned matched known pods");
        out.utilization = used * 100 / requested;
        out.ratio = static_cast<double>(out.utilization) / static_cast<double>(*targetUtilization);
    } else {
        out.ratio = static_cast<double>(out.average) / static_cast<double>(*targetAverage);
    }
    return out;
}

} // namespace

Result<Proposal> resourceReplicas(int current, const std::string &resource, std::optional<std::int64_t> targetUtilization,
                                  std::optional<std::int64_t> targetAverage, const std::vector<Json> &pods,
                                  const std::map<std::string, PodUsage> &usage, engine::TimePoint now, const Tunables &t)
{
    if (pods.empty())
        return Status(StatusCode::Invalid, "no pods returned by selector while calculating replica count");
    std::map<std::string, std::int64_t> metrics;
    std::set<std::string> unready, missing;
    int readyCount = 0;
    std::map<std::string, std::int64_t> requests;
    for (const Json &pod : pods) {
        const std::string name = textAt(pod, "metadata.name");
        const std::string phase = textAt(pod, "status.phase");
        if (isTerminating(pod) || phase == "Failed")
            continue; // ignored
        if (targetUtilization) {
            auto request = podRequest(pod, resource);
            if (!request.ok())
                return request.status();
            requests[name] = *request;
        }
        if (phase == "Pending") {
            unready.insert(name);
            continue;
        }
        auto sample = usage.find(name);
        if (sample == usage.end()) {
            missing.insert(name);
            continue;
        }
        if (resource == "cpu") {
            const Json *ready = findCondition(jsonAt(pod, "status"), "Ready");
            const auto started = api::parseTime(textAt(pod, "status.startTime"));
            bool isUnready = true;
            if (ready && started) {
                const auto transition = api::parseTime(ready->value("lastTransitionTime", "")).value_or(*started);
                if (*started + t.cpuInitializationPeriod > now)
                    isUnready = ready->value("status", "") == "False" || sample->second.timestamp < transition + t.metricWindow;
                else
                    isUnready = ready->value("status", "") == "False" && *started + t.initialReadinessDelay > transition;
            }
            if (isUnready) {
                unready.insert(name);
                continue;
            }
        }
        metrics[name] = sample->second.milli;
        ++readyCount;
    }
    if (metrics.empty())
        return Status(StatusCode::Invalid, "did not receive metrics for targeted pods (pods might be unready)");
    auto first = ratioOf(metrics, requests, targetUtilization, targetAverage);
    if (!first.ok())
        return first.status();
    Proposal p{current, first->utilization, first->average};
    const double ratio = first->ratio;
    const bool rebalanceUnready = !unready.empty() && ratio > 1.0;
    if (!rebalanceUnready && missing.empty()) {
        if (std::abs(1.0 - ratio) > t.tolerance)
            p.replicas = static_cast<int>(std::ceil(ratio * readyCount));
        return p;
    }
    // Missing and unready pods filled in conservatively, so they damp the change.
    for (const std::string &name : missing) {
        if (ratio < 1.0)
            metrics[name] = targetUtilization ? requests[name] * std::max<std::int64_t>(100, *targetUtilization) / 100 : *targetAverage;
        else if (ratio > 1.0)
            metrics[name] = 0;
    }
    if (rebalanceUnready)
        for (const std::string &name : unready)
            metrics[name] = 0;
    auto second = ratioOf(metrics, requests, targetUtilization, targetAverage);
    if (!second.ok())
        return second.status();
    const double newRatio = second->ratio;
    if (std::abs(1.0 - newRatio) <= t.tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
        return p;
    const int replicas = static_cast<int>(std::ceil(newRatio * static_cast<double>(metrics.size())));
    if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current))
        return p;
    p.replicas = replicas;
    return p;
}

namespace {

int changeWithin(const std::deque<Timed> &events, engine::TimePoint now, std::int64_t periodSeconds)
{
    int sum = 0;
    for (const Timed &e : events)
        if (e.at > now - std::chrono::seconds(periodSeconds))
            sum += e.value;
    return sum;
}

Json rulesWithDefaults(const Json &behavior, bool up, const Tunables &t)
{
    Json rules = behavior.is_object() ? behavior.value(up ? "scaleUp" : "scaleDown", Json::object()) : Json::object();
    if (!rules.is_object())
        rules = Json::object();
    if (!rules.contains("stabilizationWindowSeconds"))
        rules["stabilizationWindowSeconds"] =
            up ? 0 : std::chrono::duration_cast<std::chrono::seconds>(t.downscaleStabilization).count();
    if (!rules.contains("selectPolicy"))
        rules["selectPolicy"] = "Max";
    if (!rules.contains("policies"))
        rules["policies"] = up ? Json::array({{{"type", "Pods"}, {"value", 4}, {"periodSeconds", 15}},
                                              {{"type", "Percent"}, {"value", 100}, {"periodSeconds", 15}}})
                               : Json::array({{{"type", "Percent"}, {"value", 100}, {"periodSeconds", 15}}});
    return rules;
}

int rateLimit(int current, const History &h, const Json &rules, bool up, engine::TimePoint now)
{
    const std::string select = rules.value("selectPolicy", "Max");
    if (select == "Disabled")
        return current;
    // Up: Max picks the largest proposal; down: Max picks the largest change, i.e. the smallest count.
    const bool pickLargest = up ? select != "Min" : select == "Min";
    int result = pickLargest ? INT_MIN : INT_MAX;
    for (const Json &policy : rules.value("policies", Json::array())) {
        const std::int64_t period = policy.value("periodSeconds", 15);
        const int start = current - changeWithin(h.scaleUps, now, period) + changeWithin(h.scaleDowns, now, period);
        const int value = policy.value("value", 0);
        int proposed = 0;
        if (policy.value("type", "") == "Pods")
            proposed = up ? start + value : start - value;
        else
            proposed = up ? static_cast<int>(std::ceil(start * (1 + value / 100.0))) : static_cast<int>(start * (1 - value / 100.0));
        result = pickLargest ? std::max(result, proposed) : std::min(result, proposed);
    }
    return result;
}

} // namespace

void recordScale(History &history, int from, int to, engine::TimePoint now)
{
    if (to > from)
        history.scaleUps.push_back({now, to - from});
    else if (to < from)
        history.scaleDowns.push_back({now, from - to});
    // Nothing older than the longest policy period matters; keep an hour to be safe.
    for (auto *events : {&history.scaleUps, &history.scaleDowns})
        while (!events->empty() && events->front().at < now - std::chrono::hours(1))
            events->pop_front();
}

Normalized normalize(int current, int desired, int minReplicas, int maxReplicas, const Json &behavior, History &history,
                     engine::TimePoint now, const Tunables &t)
{
    Normalized out;
    int stabilized = desired;
    if (behavior.is_null()) {
        // Legacy: the highest recommendation of the last five minutes.
        for (const Timed &rec : history.recommendations)
            if (rec.at >= now - t.downscaleStabilization)
                stabilized = std::max(stabilized, rec.value);
        if (stabilized != desired)
            out.ableReason = "ScaleDownStabilized";
    } else {
        const Json up = rulesWithDefaults(behavior, true, t), down = rulesWithDefaults(behavior, false, t);
        const auto upCutoff = now - std::chrono::seconds(up.value("stabilizationWindowSeconds", 0));
        const auto downCutoff = now - std::chrono::seconds(down.value("stabilizationWindowSeconds", 300));
        int upRecommendation = desired, downRecommendation = desired;
        for (const Timed &rec : history.recommendations) {
            if (rec.at > upCutoff)
                upRecommendation = std::min(rec.value, upRecommendation);
            if (rec.at > downCutoff)
                downRecommendation = std::max(rec.value, downRecommendation);
        }
        stabilized = std::min(std::max(current, upRecommendation), downRecommendation);
        if (stabilized != desired)
            out.ableReason = desired >= current ? "ScaleUpStabilized" : "ScaleDownStabilized";
    }
    history.recommendations.push_back({now, desired});
    while (!history.recommendations.empty() && history.recommendations.front().at < now - std::chrono::hours(1))
        history.recommendations.pop_front();

    int lowest = minReplicas, highest = maxReplicas;
    std::string upReason = "TooManyReplicas", upMessage = "the desired replica count is more than the maximum replica count";
    std::string downReason = "TooFewReplicas", downMessage = "the desired replica count is less than the minimum replica count";
    if (behavior.is_null()) {
        const int scaleUpLimit = std::max(2 * current, 4);
        if (maxReplicas > scaleUpLimit) {
            highest = scaleUpLimit;
            upReason = "ScaleUpLimit";
            upMessage = "the desired replica count is increasing faster than the maximum scale rate";
        }
    } else if (stabilized > current) {
        const int limit = std::max(rateLimit(current, history, rulesWithDefaults(behavior, true, t), true, now), current);
        if (maxReplicas > limit) {
            highest = limit;
            upReason = "ScaleUpLimit";
            upMessage = "the desired replica count is increasing faster than the maximum scale rate";
        }
    } else if (stabilized < current) {
        const int limit = std::min(rateLimit(current, history, rulesWithDefaults(behavior, false, t), false, now), current);
        if (minReplicas < limit) {
            lowest = limit;
            downReason = "ScaleDownLimit";
            downMessage = "the desired replica count is decreasing faster than the maximum scale rate";
        }
    }
    out.replicas = stabilized;
    out.limitedReason = "DesiredWithinRange";
    out.limitedMessage = "the desired count is within the acceptable range";
    if (stabilized < lowest) {
        out.replicas = lowest;
        out.limitedReason = downReason;
        out.limitedMessage = downMessage;
    } else if (stabilized > highest) {
        out.replicas = highest;
        out.limitedReason = upReason;
        out.limitedMessage = upMessage;
    }
    out.limited = out.replicas != stabilized;
    return out;
}

} // namespace k8slab::controllers::hpa
