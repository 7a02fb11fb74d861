#include "core/scheduler/plugins/default_preemption/default_preemption.h"

#include "core/api/selectors.h"
#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/engine/random.h"
#include "core/scheduler/framework/fit_error.h"
#include "core/scheduler/framework/framework.h"
#include "core/scheduler/plugins/names.h"

#include <climits>

namespace k8slab::scheduler::plugins {

using api::Json;

namespace {

struct Candidate {
    std::string node;
    DefaultPreemption::Victims victims;
};

// filterPodsWithPDBViolation: pods whose eviction would take a matching PDB below zero
// allowed disruptions (counting earlier pods of the same list), and the rest.
void splitByPdb(const std::vector<PodInfoPtr> &pods, const std::vector<const Json *> &pdbs,
                std::vector<PodInfoPtr> &violating, std::vector<PodInfoPtr> &nonViolating)
{
    std::vector<std::int64_t> allowed;
    std::vector<std::optional<api::LabelSelector>> selectors;
    for (const Json *pdb : pdbs) {
        allowed.push_back(pdb->contains("status") ? (*pdb)["status"].value("disruptionsAllowed", std::int64_t{0}) : 0);
        const Json sel = pdb->contains("spec") ? (*pdb)["spec"].value("selector", Json()) : Json();
        Result<api::LabelSelector> s = api::LabelSelector::fromJson(sel);
        selectors.push_back(sel.is_null() || !s.ok() ? std::nullopt : std::optional<api::LabelSelector>(*s));
    }
    for (const PodInfoPtr &pod : pods) {
        bool violated = false;
        if (!pod->labels.empty()) {
            for (std::size_t i = 0; i < pdbs.size(); ++i) {
                const Json &pdb = *pdbs[i];
                if (pdb["metadata"].value("namespace", "") != pod->ns)
                    continue;
                if (!selectors[i] || selectors[i]->empty() || !selectors[i]->matches(pod->labels))
                    continue;
                const Json disrupted = pdb.contains("status") ? pdb["status"].value("disruptedPods", Json()) : Json();
                if (disrupted.is_object() && disrupted.contains(pod->name))
                    continue;
                if (--allowed[i] < 0)
                    violated = true;
            }
        }
        (violated ? violating : nonViolating).push_back(pod);
    }
}

std::int64_t earliestStartOfTopVictims(const DefaultPreemption::Victims &v)
{
    if (v.pods.empty())
        return INT64_MIN;
    const std::int32_t top = v.pods.front()->priority;
    std::int64_t earliest = INT64_MAX;
    for (const PodInfoPtr &p : v.pods)
        if (p->priority == top)
            earliest = std::min(earliest, p->startTimeNs());
    return earliest;
}

// pickOneNodeForPreemption: each rule keeps the best-scoring nodes; the first rule that
// leaves one node decides.
const Candidate *pickOne(const std::vector<Candidate> &candidates)
{
    std::vector<const Candidate *> left;
    for (const Candidate &c : candidates)
        left.push_back(&c);
    const std::vector<std::function<std::int64_t(const Candidate &)>> rules = {
        [](const Candidate &c) { return -static_cast<std::int64_t>(c.victims.pdbViolations); },
        [](const Candidate &c) { return -static_cast<std::int64_t>(c.victims.pods.front()->priority); },
        [](const Candidate &c) {
            std::int64_t sum = 0;
            for (const PodInfoPtr &p : c.victims.pods)
                sum += static_cast<std::int64_t>(p->priority) + (static_cast<std::int64_t>(INT32_MAX) + 1);
            return -sum;
        },
        [](const Candidate &c) { return -static_cast<std::int64_t>(c.victims.pods.size()); },
        [](const Candidate &c) { return earliestStartOfTopVictims(c.victims); },
    };
    for (const auto &rule : rules) {
        std::vector<const Candidate *> best;
        std::int64_t max = INT64_MIN;
        for (const Candidate *c : left) {
            const std::int64_t s = rule(*c);
            if (s > max) {
                max = s;
                best.clear();
            }
            if (s == max)
                best.push_back(c);
        }
        if (best.size() == 1)
            return best.front();
        left = best;
    }
    return left.empty() ? nullptr : left.front();
}

} // namespace

bool moreImportantPod(const PodInfo &a, const PodInfo &b)
{
    if (a.priority != b.priority)
        return a.priority > b.priority;
    return a.startTimeNs() < b.startTimeNs();
}

DefaultPreemption::DefaultPreemption(const Handle &handle, const Json &args) : m_handle(handle)
{
    if (args.is_object()) {
        m_minCandidateNodesPercentage = args.value("minCandidateNodesPercentage", 10);
        m_minCandidateNodesAbsolute = args.value("minCandidateNodesAbsolute", 100);
    }
}

std::string_view DefaultPreemption::name() const { return names::kDefaultPreemption; }

int DefaultPreemption::numCandidates(int numNodes) const
{
    int n = numNodes * m_minCandidateNodesPercentage / 100;
    n = std::max(n, m_minCandidateNodesAbsolute);
    return std::min(n, numNodes);
}

std::string DefaultPreemption::eligibility(const PodInfo &pod, const NodeStatusMap &statuses) const
{
    if (pod.preemptNever)
        return "not eligible due to preemptionPolicy=Never.";
    if (pod.nominatedNodeName.empty())
        return {};
    if (auto it = statuses.find(pod.nominatedNodeName);
        it != statuses.end() && it->second.code() == Code::UnschedulableAndUnresolvable)
        return {};
    if (const NodeInfo *node = m_handle.snapshot->node(pod.nominatedNodeName))
        for (const PodInfoPtr &p : node->pods())
            if (p->priority < pod.priority && p->terminating && p->disruptedByScheduler)
                return "not eligible due to a terminating pod on the nominated node.";
    return {};
}

PluginStatus DefaultPreemption::selectVictimsOnNode(CycleState &state, const PodInfo &pod, NodeInfo &node,
                                                    const std::vector<const Json *> &pdbs, Victims &victims)
{
    Framework &fw = *m_handle.framework;
    std::vector<PodInfoPtr> potential;
    for (const PodInfoPtr &p : std::vector<PodInfoPtr>(node.pods()))
        if (p->priority < pod.priority) {
            potential.push_back(p);
            node.removePod(p->uid);
            if (PluginStatus s = fw.runPreFilterRemovePod(state, pod, p, node); !s.ok())
                return s;
        }
    if (potential.empty())
        return PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonNoVictims));
    if (PluginStatus s = fw.runFiltersWithNominatedPods(state, pod, node); !s.ok())
        return s;
    std::sort(potential.begin(), potential.end(),
              [](const PodInfoPtr &a, const PodInfoPtr &b) { return moreImportantPod(*a, *b); });
    std::vector<PodInfoPtr> violating;
    std::vector<PodInfoPtr> nonViolating;
    splitByPdb(potential, pdbs, violating, nonViolating);
    auto reprieve = [&](const PodInfoPtr &p) -> Result<bool> {
        node.addPod(p);
        if (PluginStatus s = fw.runPreFilterAddPod(state, pod, p, node); !s.ok())
            return Status(StatusCode::Internal, s.message());
        const bool fits = fw.runFiltersWithNominatedPods(state, pod, node).ok();
        if (!fits) {
            node.removePod(p->uid);
            if (PluginStatus s = fw.runPreFilterRemovePod(state, pod, p, node); !s.ok())
                return Status(StatusCode::Internal, s.message());
            victims.pods.push_back(p);
        }
        return fits;
    };
    for (const PodInfoPtr &p : violating) {
        Result<bool> fits = reprieve(p);
        if (!fits.ok())
            return PluginStatus(Code::Error, fits.status().message());
        if (!*fits)
            ++victims.pdbViolations;
    }
    for (const PodInfoPtr &p : nonViolating)
        if (Result<bool> fits = reprieve(p); !fits.ok())
            return PluginStatus(Code::Error, fits.status().message());
    return {};
}

PostFilterResult DefaultPreemption::postFilter(CycleState &state, const PodInfo &pod, const NodeStatusMap &statuses)
{
    PostFilterResult result;
    auto withPrefix = [](Code code, const std::string &message) {
        return PluginStatus(code, message.empty() ? std::string() : "preemption: " + message);
    };
    if (std::string why = eligibility(pod, statuses); !why.empty()) {
        result.status = withPrefix(Code::Unschedulable, why);
        return result;
    }
    const std::vector<NodeInfo *> &all = m_handle.snapshot->nodes();
    if (all.empty()) {
        result.status = withPrefix(Code::Error, "no nodes available");
        return result;
    }
    // Nodes where removing pods might help: every node whose filter status was not
    // UnschedulableAndUnresolvable.
    NodeStatusMap nodeStatuses;
    std::vector<NodeInfo *> potential;
    for (NodeInfo *n : all) {
        auto it = statuses.find(n->name());
        if (it != statuses.end() && it->second.code() == Code::UnschedulableAndUnresolvable) {
            nodeStatuses[n->name()] = PluginStatus(Code::UnschedulableAndUnresolvable, std::string(kReasonNotHelpful));
            continue;
        }
        potential.push_back(n);
    }
    std::vector<Candidate> candidates;
    if (!potential.empty()) {
        const ClusterLister *lister = m_handle.snapshot->lister();
        std::vector<const Json *> pdbs;
        if (lister)
            pdbs = lister->disruptionBudgets({});
        const int wanted = numCandidates(static_cast<int>(potential.size()));
        const std::size_t offset =
            m_handle.random ? static_cast<std::size_t>(m_handle.random->below(potential.size())) : 0;
        std::vector<Candidate> nonViolating;
        std::vector<Candidate> violatingList;
        for (std::size_t i = 0; i < potential.size(); ++i) {
            NodeInfo copy = *potential[(offset + i) % potential.size()];
            CycleState stateCopy = state.clone();
            Victims victims;
            PluginStatus s = selectVictimsOnNode(stateCopy, pod, copy, pdbs, victims);
            if (s.ok() && !victims.pods.empty()) {
                (victims.pdbViolations == 0 ? nonViolating : violatingList).push_back({copy.name(), victims});
                result.candidates.push_back({copy.name(), {}});
                for (const PodInfoPtr &v : victims.pods)
                    result.candidates.back().second.push_back(v->key);
                if (!nonViolating.empty() && static_cast<int>(nonViolating.size() + violatingList.size()) >= wanted)
                    break;
                continue;
            }
            if (s.ok())
                s = PluginStatus(Code::Error, "expected at least one victim pod on node \"" + copy.name() + "\"");
            nodeStatuses[copy.name()] = s;
        }
        candidates = std::move(nonViolating);
        candidates.insert(candidates.end(), violatingList.begin(), violatingList.end());
    } else if (!pod.nominatedNodeName.empty() && m_handle.client) {
        // Preemption cannot help anywhere: forget any earlier nomination.
        // Best effort, as upstream: a failure only leaves a stale nomination behind.
        (void)m_handle.client->patch(client::resource("", "v1", "pods"), pod.ns, pod.name,
                                     "application/merge-patch+json", {{"status", {{"nominatedNodeName", nullptr}}}},
                                     "status");
    }
    if (candidates.empty()) {
        FitError fit;
        fit.numAllNodes = static_cast<int>(nodeStatuses.size());
        fit.statuses = nodeStatuses;
        result.status = withPrefix(Code::Unschedulable, fit.message());
        return result;
    }
    const Candidate *best = candidates.size() == 1 ? &candidates.front() : pickOne(candidates);
    if (PluginStatus s = prepareCandidate(pod, best->node, best->victims); !s.ok()) {
        result.status = s;
        return result;
    }
    result.status = PluginStatus();
    result.nominatedNodeName = best->node;
    result.victims = best->victims.pods;
    return result;
}

PluginStatus DefaultPreemption::prepareCandidate(const PodInfo &pod, const std::string &node, const Victims &victims)
{
    if (!m_handle.client)
        return {};
    const auto &pods = client::resource("", "v1", "pods");
    for (const PodInfoPtr &victim : victims.pods) {
        // Mark why the pod goes (DisruptionTarget), then delete it with its own grace period.
        const Json condition = {{"type", "DisruptionTarget"},
                                {"status", "True"},
                                {"reason", "PreemptionByScheduler"},
                                {"message", m_handle.schedulerName + ": preempting to accommodate a higher priority pod"}};
        (void)m_handle.client->patch(pods, victim->ns, victim->name, "application/strategic-merge-patch+json",
                                     {{"status", {{"conditions", Json::array({condition})}}}}, "status");
        Result<Json> deleted = m_handle.client->remove(pods, victim->ns, victim->name);
        if (!deleted.ok() && deleted.status().code() != StatusCode::NotFound)
            return PluginStatus(Code::Error, "preempting " + victim->key + ": " + deleted.status().message());
        if (m_handle.events)
            m_handle.events->record(victim->objectRef(), "Normal", "Preempted",
                                    "Preempted by pod " + pod.uid + " on node " + node);
    }
    // Lower-priority pods nominated to this node lose the nomination.
    if (m_handle.nominatedPods)
        for (const PodInfoPtr &p : m_handle.nominatedPods(node))
            if (p->priority < pod.priority)
                (void)m_handle.client->patch(pods, p->ns, p->name, "application/merge-patch+json",
                                             {{"status", {{"nominatedNodeName", nullptr}}}}, "status");
    return {};
}

} // namespace k8slab::scheduler::plugins
