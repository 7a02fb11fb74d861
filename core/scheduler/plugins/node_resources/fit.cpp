#include "core/scheduler/plugins/node_resources/fit.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/normalize.h"

#include <cmath>

namespace k8slab::scheduler::plugins {

namespace {

bool isScalar(const std::string &name)
{
    return name != "cpu" && name != "memory" && name != "ephemeral-storage" && name != "pods";
}

// The pod's request of `resource` with the scoring defaults (cpu and memory).
std::int64_t podScoringRequest(const PodInfo &pod, const std::string &resource)
{
    if (resource == "cpu")
        return pod.nonZeroMilliCpu;
    if (resource == "memory")
        return pod.nonZeroMemory;
    return pod.requests.get(resource);
}

// calculateResourceAllocatableRequest with NonZeroRequested (useRequested = false).
std::pair<std::int64_t, std::int64_t> allocatableAndRequested(const NodeInfo &node, const std::string &resource,
                                                              std::int64_t podRequest)
{
    if (podRequest == 0 && isScalar(resource))
        return {0, 0};
    if (resource == "cpu")
        return {node.allocatable().milliCpu, node.nonZeroMilliCpu() + podRequest};
    if (resource == "memory")
        return {node.allocatable().memory, node.nonZeroMemory() + podRequest};
    if (resource == "ephemeral-storage")
        return {node.allocatable().ephemeralStorage, node.requested().ephemeralStorage + podRequest};
    auto it = node.allocatable().scalar.find(resource);
    if (it == node.allocatable().scalar.end())
        return {0, 0};
    return {it->second, node.requested().get(resource) + podRequest};
}

std::int64_t leastRequested(std::int64_t requested, std::int64_t capacity)
{
    if (capacity == 0 || requested > capacity)
        return 0;
    return (capacity - requested) * kMaxNodeScore / capacity;
}

std::int64_t mostRequested(std::int64_t requested, std::int64_t capacity)
{
    if (capacity == 0)
        return 0;
    return std::min(requested, capacity) * kMaxNodeScore / capacity;
}

// buildBrokenLinearFunction over the shape scaled to 0..100 scores.
std::int64_t brokenLinear(const std::vector<ShapePoint> &shape, std::int64_t p)
{
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (p <= shape[i].utilization) {
            if (i == 0)
                return shape[0].score;
            return shape[i - 1].score + (shape[i].score - shape[i - 1].score) * (p - shape[i - 1].utilization) /
                                            (shape[i].utilization - shape[i - 1].utilization);
        }
    }
    return shape.back().score;
}

struct PreScoreState : StateData {
    std::vector<std::int64_t> podRequests;
    std::unique_ptr<StateData> clone() const override { return std::make_unique<PreScoreState>(*this); }
};

} // namespace

Result<ScoringStrategy> parseScoringStrategy(const api::Json &args)
{
    ScoringStrategy s;
    if (!args.is_object() || !args.contains("scoringStrategy"))
        return s;
    const api::Json &st = args["scoringStrategy"];
    const std::string type = st.value("type", "LeastAllocated");
    if (type == "LeastAllocated")
        s.type = ScoringStrategy::Type::LeastAllocated;
    else if (type == "MostAllocated")
        s.type = ScoringStrategy::Type::MostAllocated;
    else if (type == "RequestedToCapacityRatio")
        s.type = ScoringStrategy::Type::RequestedToCapacityRatio;
    else
        return Status(StatusCode::Invalid, "scoringStrategy.type: Unsupported value: \"" + type +
                                               "\": supported values: \"LeastAllocated\", \"MostAllocated\", "
                                               "\"RequestedToCapacityRatio\"");
    if (st.contains("resources") && st["resources"].is_array()) {
        s.resources.clear();
        for (const api::Json &r : st["resources"]) {
            const std::int64_t w = r.value("weight", std::int64_t{1});
            if (w <= 0 || w > 100)
                return Status(StatusCode::Invalid, "scoringStrategy.resources.weight: Invalid value: " +
                                                       std::to_string(w) + ": must be in the range [1, 100]");
            s.resources.push_back({r.value("name", ""), w});
        }
    }
    if (s.type == ScoringStrategy::Type::RequestedToCapacityRatio) {
        const api::Json shape = st.contains("requestedToCapacityRatio")
                                    ? st["requestedToCapacityRatio"].value("shape", api::Json::array())
                                    : api::Json::array();
        if (shape.empty())
            return Status(StatusCode::Invalid, "scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified");
        s.shape.clear();
        std::int64_t last = -1;
        for (const api::Json &p : shape) {
            ShapePoint point{p.value("utilization", std::int64_t{0}), p.value("score", std::int64_t{0})};
            if (point.utilization < 0 || point.utilization > 100 || point.utilization <= last)
                return Status(StatusCode::Invalid, "scoringStrategy.requestedToCapacityRatio.shape.utilization: Invalid value: utilization values must be sorted in increasing order and within 0..100");
            if (point.score < 0 || point.score > 10)
                return Status(StatusCode::Invalid, "scoringStrategy.requestedToCapacityRatio.shape.score: Invalid value: score must be within 0..10");
            last = point.utilization;
            point.score *= kMaxNodeScore / 10; // MaxNodeScore / MaxCustomPriorityScore
            s.shape.push_back(point);
        }
    }
    return s;
}

std::vector<std::string> insufficientResources(const PodInfo &pod, const NodeInfo &node)
{
    std::vector<std::string> reasons;
    const Resource &alloc = node.allocatable();
    const Resource &used = node.requested();
    if (static_cast<std::int64_t>(node.pods().size()) + 1 > alloc.allowedPods)
        reasons.emplace_back(NodeResourcesFit::kReasonTooManyPods);
    const Resource &req = pod.requests;
    if (req.isZero())
        return reasons;
    if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu)
        reasons.emplace_back("Insufficient cpu");
    if (req.memory > 0 && req.memory > alloc.memory - used.memory)
        reasons.emplace_back("Insufficient memory");
    if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
        reasons.emplace_back("Insufficient ephemeral-storage");
    // Upstream ranges over a Go map here (random order); the lab sorts by name.
    for (const auto &[name, quantity] : req.scalar) {
        if (quantity == 0)
            continue;
        if (quantity > alloc.get(name) - used.get(name))
            reasons.push_back("Insufficient " + name);
    }
    return reasons;
}

NodeResourcesFit::NodeResourcesFit(ScoringStrategy strategy) : m_strategy(std::move(strategy)) {}

std::string_view NodeResourcesFit::name() const { return names::kNodeResourcesFit; }

PluginStatus NodeResourcesFit::preFilter(CycleState &, const PodInfo &, PreFilterResult &)
{
    return {}; // the pod's request is computed once when the pod is parsed
}

PluginStatus NodeResourcesFit::filter(const CycleState &, const PodInfo &pod, const NodeInfo &node) const
{
    std::vector<std::string> reasons = insufficientResources(pod, node);
    if (reasons.empty())
        return {};
    return PluginStatus(Code::Unschedulable, std::move(reasons));
}

PluginStatus NodeResourcesFit::preScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &)
{
    auto s = std::make_unique<PreScoreState>();
    for (const ResourceWeight &r : m_strategy.resources)
        s->podRequests.push_back(podScoringRequest(pod, r.name));
    state.write(name(), std::move(s));
    return {};
}

std::int64_t NodeResourcesFit::score(const CycleState &state, const PodInfo &, const NodeInfo &node,
                                     PluginStatus &status) const
{
    const auto *s = state.read<PreScoreState>(name());
    if (!s) {
        status = PluginStatus(Code::Error, "NodeResourcesFit: no PreScore state");
        return 0;
    }
    std::int64_t nodeScore = 0;
    std::int64_t weightSum = 0;
    for (std::size_t i = 0; i < m_strategy.resources.size(); ++i) {
        auto [alloc, req] = allocatableAndRequested(node, m_strategy.resources[i].name, s->podRequests[i]);
        if (alloc == 0)
            continue;
        const std::int64_t weight = m_strategy.resources[i].weight;
        std::int64_t r = 0;
        switch (m_strategy.type) {
        case ScoringStrategy::Type::LeastAllocated:
            r = leastRequested(req, alloc);
            break;
        case ScoringStrategy::Type::MostAllocated:
            r = mostRequested(req, alloc);
            break;
        case ScoringStrategy::Type::RequestedToCapacityRatio:
            r = brokenLinear(m_strategy.shape, req > alloc ? 100 : req * 100 / alloc);
            if (r <= 0)
                continue; // only positive resource scores enter the average
            break;
        }
        nodeScore += r * weight;
        weightSum += weight;
    }
    if (weightSum == 0)
        return 0;
    if (m_strategy.type == ScoringStrategy::Type::RequestedToCapacityRatio)
        return static_cast<std::int64_t>(std::round(static_cast<double>(nodeScore) / static_cast<double>(weightSum)));
    return nodeScore / weightSum;
}

} // namespace k8slab::scheduler::plugins
