#include "core/controllers/deployment_util.h"

#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

#include <algorithm>
#include <cmath>

namespace k8slab::controllers::deployment {

using api::Json;
using apiserver::jsonAt;

std::string safeEncode(const std::string &text)
{
    static constexpr std::string_view kAlphanums = "bcdfghjklmnpqrstvwxz2456789";
    std::string out(text.size(), ' ');
    for (std::size_t i = 0; i < text.size(); ++i)
        out[i] = kAlphanums[static_cast<unsigned char>(text[i]) % kAlphanums.size()];
    return out;
}

std::string podTemplateHash(const Json &podTemplate, std::optional<std::int64_t> collisionCount)
{
    std::uint32_t hash = 2166136261u;
    const auto mix = [&hash](unsigned char byte) {
        hash ^= byte;
        hash *= 16777619u;
    };
    for (char c : podTemplate.dump()) // object keys are sorted: one template, one text
        mix(static_cast<unsigned char>(c));
    if (collisionCount) {
        // Eight bytes, the count little-endian in the first four, as upstream writes it.
        const auto count = static_cast<std::uint32_t>(*collisionCount);
        for (int i = 0; i < 8; ++i)
            mix(i < 4 ? static_cast<unsigned char>((count >> (8 * i)) & 0xff) : 0);
    }
    return safeEncode(std::to_string(hash));
}

std::int64_t scaledValue(const Json &value, std::int64_t total, bool roundUp)
{
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (!value.is_string())
        return 0;
    std::string text = value.get<std::string>();
    if (text.empty() || text.back() != '%')
        return std::atoll(text.c_str());
    text.pop_back();
    const double scaled = std::atof(text.c_str()) * static_cast<double>(total) / 100.0;
    return static_cast<std::int64_t>(roundUp ? std::ceil(scaled) : std::floor(scaled));
}

Fenceposts resolveFenceposts(const Json &surge, const Json &unavailable, std::int64_t replicas)
{
    Fenceposts f{scaledValue(surge, replicas, true), scaledValue(unavailable, replicas, false)};
    if (f.surge == 0 && f.unavailable == 0)
        f.unavailable = 1; // otherwise a rollout could never start
    return f;
}

std::int64_t replicasOf(const Json &deployment)
{
    return intAt(deployment, "spec.replicas", 1);
}

bool isRollingUpdate(const Json &deployment)
{
    return textAt(deployment, "spec.strategy.type") != "Recreate";
}

namespace {
Fenceposts fencepostsOf(const Json &deployment)
{
    const Json &rolling = jsonAt(deployment, "spec.strategy.rollingUpdate");
    const Json surge = rolling.is_object() && rolling.contains("maxSurge") ? rolling["maxSurge"] : Json("25%");
    const Json unavailable = rolling.is_object() && rolling.contains("maxUnavailable") ? rolling["maxUnavailable"] : Json("25%");
    return resolveFenceposts(surge, unavailable, replicasOf(deployment));
}
} // namespace

std::int64_t maxSurge(const Json &deployment)
{
    return isRollingUpdate(deployment) ? fencepostsOf(deployment).surge : 0;
}

std::int64_t maxUnavailable(const Json &deployment)
{
    const std::int64_t replicas = replicasOf(deployment);
    if (!isRollingUpdate(deployment) || replicas == 0)
        return 0;
    return std::min(fencepostsOf(deployment).unavailable, replicas);
}

std::int64_t specReplicas(const std::vector<const Json *> &replicaSets)
{
    std::int64_t sum = 0;
    for (const Json *rs : replicaSets)
        if (rs)
            sum += intAt(*rs, "spec.replicas", 1);
    return sum;
}

namespace {
std::int64_t sumStatus(const std::vector<const Json *> &replicaSets, std::string_view field)
{
    std::int64_t sum = 0;
    for (const Json *rs : replicaSets)
        if (rs)
            sum += intAt(*rs, "status." + std::string(field));
    return sum;
}
} // namespace

std::int64_t actualReplicas(const std::vector<const Json *> &rs) { return sumStatus(rs, "replicas"); }
std::int64_t availableReplicas(const std::vector<const Json *> &rs) { return sumStatus(rs, "availableReplicas"); }
std::int64_t readyReplicas(const std::vector<const Json *> &rs) { return sumStatus(rs, "readyReplicas"); }

std::int64_t newReplicaSetReplicas(const Json &deployment, const std::vector<const Json *> &allReplicaSets,
                                   const Json *newReplicaSet)
{
    const std::int64_t replicas = replicasOf(deployment);
    if (!isRollingUpdate(deployment))
        return replicas;
    const std::int64_t current = newReplicaSet ? intAt(*newReplicaSet, "spec.replicas", 1) : 0;
    const std::int64_t maxTotal = replicas + maxSurge(deployment);
    const std::int64_t all = specReplicas(allReplicaSets);
    if (all >= maxTotal)
        return current; // cannot scale up: the surge is used up
    return current + std::min(maxTotal - all, replicas - current);
}

std::int64_t revisionOf(const Json &object)
{
    const Json &annotations = jsonAt(object, "metadata.annotations");
    if (!annotations.is_object() || !annotations.contains(kRevision) || !annotations[kRevision].is_string())
        return 0;
    const std::string text = annotations[kRevision].get<std::string>();
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::atoll(text.c_str());
}

bool equalIgnoringHash(const Json &a, const Json &b)
{
    const auto strip = [](Json t) {
        if (t.is_object() && t.contains("metadata") && t["metadata"].is_object() && t["metadata"].contains("labels")
            && t["metadata"]["labels"].is_object()) {
            t["metadata"]["labels"].erase(kHashLabel);
            if (t["metadata"]["labels"].empty())
                t["metadata"].erase("labels");
        }
        if (t.is_object() && t.contains("metadata") && t["metadata"].is_object() && t["metadata"].empty())
            t.erase("metadata");
        return t;
    };
    return strip(a) == strip(b);
}

void sortByCreation(std::vector<const Json *> &replicaSets)
{
    std::stable_sort(replicaSets.begin(), replicaSets.end(), [](const Json *a, const Json *b) {
        const std::string ta = textAt(*a, "metadata.creationTimestamp"), tb = textAt(*b, "metadata.creationTimestamp");
        if (ta != tb)
            return ta < tb; // RFC 3339 in UTC sorts as text
        return textAt(*a, "metadata.name") < textAt(*b, "metadata.name");
    });
}

const Json *findNewReplicaSet(const Json &deployment, std::vector<const Json *> replicaSets)
{
    sortByCreation(replicaSets);
    for (const Json *rs : replicaSets)
        if (equalIgnoringHash(jsonAt(*rs, "spec.template"), jsonAt(deployment, "spec.template")))
            return rs;
    return nullptr;
}

namespace {
std::int64_t maxReplicasAnnotation(const Json &rs, bool &found)
{
    const Json &annotations = jsonAt(rs, "metadata.annotations");
    found = annotations.is_object() && annotations.contains(kMaxReplicas) && annotations[kMaxReplicas].is_string();
    return found ? std::atoll(annotations[kMaxReplicas].get<std::string>().c_str()) : 0;
}

std::int64_t fraction(const Json &rs, const Json &deployment)
{
    const std::int64_t size = intAt(rs, "spec.replicas", 1);
    if (replicasOf(deployment) == 0)
        return -size; // scaling to zero: the whole of it goes
    const std::int64_t deploymentReplicas = replicasOf(deployment) + maxSurge(deployment);
    bool found = false;
    std::int64_t annotated = maxReplicasAnnotation(rs, found);
    if (!found || annotated == 0)
        annotated = intAt(deployment, "status.replicas");
    if (annotated == 0)
        return 0;
    const double scaled = static_cast<double>(size * deploymentReplicas) / static_cast<double>(annotated);
    return static_cast<std::int64_t>(std::round(scaled)) - size; // Go's math.Round: halves away from zero
}
} // namespace

std::vector<std::int64_t> proportionalSizes(const Json &deployment, std::vector<const Json *> &active)
{
    const std::int64_t replicas = replicasOf(deployment);
    const std::int64_t allowed = replicas > 0 ? replicas + maxSurge(deployment) : 0;
    const std::int64_t toAdd = allowed - specReplicas(active);
    // Larger first; among equals, newer first when growing and older first when shrinking.
    std::stable_sort(active.begin(), active.end(), [toAdd](const Json *a, const Json *b) {
        const std::int64_t sa = intAt(*a, "spec.replicas", 1), sb = intAt(*b, "spec.replicas", 1);
        if (sa != sb)
            return sa > sb;
        const std::string ta = textAt(*a, "metadata.creationTimestamp"), tb = textAt(*b, "metadata.creationTimestamp");
        if (ta == tb)
            return textAt(*a, "metadata.name") < textAt(*b, "metadata.name");
        return toAdd > 0 ? ta > tb : ta < tb;
    });
    std::vector<std::int64_t> sizes;
    std::int64_t added = 0;
    for (const Json *rs : active) {
        std::int64_t proportion = 0;
        const std::int64_t size = intAt(*rs, "spec.replicas", 1);
        if (toAdd != 0 && size != 0 && toAdd != added) {
            const std::int64_t f = fraction(*rs, deployment);
            proportion = toAdd > 0 ? std::min(f, toAdd - added) : std::max(f, toAdd - added);
        }
        sizes.push_back(size + proportion);
        added += proportion;
    }
    if (!sizes.empty() && toAdd != 0)
        sizes[0] = std::max<std::int64_t>(0, sizes[0] + toAdd - added); // leftovers to the largest
    return sizes;
}

bool deploymentComplete(const Json &deployment, const Json &status)
{
    const std::int64_t replicas = replicasOf(deployment);
    return intAt(status, "updatedReplicas") == replicas && intAt(status, "replicas") == replicas
           && intAt(status, "availableReplicas") == replicas
           && intAt(status, "observedGeneration") >= intAt(deployment, "metadata.generation");
}

bool deploymentProgressing(const Json &deployment, const Json &status)
{
    const Json old = deployment.value("status", Json::object());
    const std::int64_t oldOld = intAt(old, "replicas") - intAt(old, "updatedReplicas");
    const std::int64_t newOld = intAt(status, "replicas") - intAt(status, "updatedReplicas");
    return intAt(status, "updatedReplicas") > intAt(old, "updatedReplicas") || newOld < oldOld
           || intAt(status, "readyReplicas") > intAt(old, "readyReplicas")
           || intAt(status, "availableReplicas") > intAt(old, "availableReplicas");
}

} // namespace k8slab::controllers::deployment
