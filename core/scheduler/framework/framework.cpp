#include "core/scheduler/framework/framework.h"

#include <algorithm>
#include <set>

namespace k8slab::scheduler {

namespace {

using Clock = std::chrono::steady_clock;

bool implements(Plugin *p, const std::string &point)
{
    if (point == "preEnqueue")
        return dynamic_cast<PreEnqueuePlugin *>(p);
    if (point == "queueSort")
        return dynamic_cast<QueueSortPlugin *>(p);
    if (point == "preFilter")
        return dynamic_cast<PreFilterPlugin *>(p);
    if (point == "filter")
        return dynamic_cast<FilterPlugin *>(p);
    if (point == "postFilter")
        return dynamic_cast<PostFilterPlugin *>(p);
    if (point == "preScore")
        return dynamic_cast<PreScorePlugin *>(p);
    if (point == "score")
        return dynamic_cast<ScorePlugin *>(p);
    if (point == "reserve")
        return dynamic_cast<ReservePlugin *>(p);
    if (point == "permit")
        return dynamic_cast<PermitPlugin *>(p);
    if (point == "preBind")
        return dynamic_cast<PreBindPlugin *>(p);
    if (point == "bind")
        return dynamic_cast<BindPlugin *>(p);
    if (point == "postBind")
        return dynamic_cast<PostBindPlugin *>(p);
    return false;
}

bool contains(const std::vector<std::string> &list, const std::string &name)
{
    return std::find(list.begin(), list.end(), name) != list.end();
}

} // namespace

Result<std::unique_ptr<Framework>> Framework::create(const ProfileConfig &profile, const Registry &registry, Handle handle)
{
    std::unique_ptr<Framework> fw(new Framework());
    fw->m_profile = profile;
    fw->m_handle = std::move(handle);
    fw->m_handle.framework = fw.get();
    fw->m_handle.schedulerName = profile.schedulerName;

    // MultiPoint: the defaults (unless "*" is disabled) minus the disabled ones, with the
    // user's multiPoint plugins overriding a default of the same name in place, else appended.
    std::vector<PluginRef> multi;
    const bool dropDefaults = contains(profile.multiPoint.disabled, "*");
    if (!dropDefaults)
        for (const PluginRef &r : defaultMultiPoint())
            if (!contains(profile.multiPoint.disabled, r.name))
                multi.push_back(r);
    for (const PluginRef &r : profile.multiPoint.enabled) {
        auto it = std::find_if(multi.begin(), multi.end(), [&](const PluginRef &m) { return m.name == r.name; });
        if (it != multi.end())
            *it = r.weight ? r : PluginRef{r.name, it->weight};
        else
            multi.push_back(r);
    }

    // One instance per plugin name, built on first use.
    std::map<std::string, Plugin *> instances;
    auto instance = [&](const std::string &name) -> Result<Plugin *> {
        if (auto it = instances.find(name); it != instances.end())
            return it->second;
        const PluginFactory *factory = registry.find(name);
        if (!factory)
            return Status(StatusCode::Invalid, "plugins: Invalid value: \"" + name + "\": plugin \"" + name +
                                                   "\" does not exist");
        auto args = profile.pluginArgs.find(name);
        Result<std::unique_ptr<Plugin>> made =
            (*factory)(fw->m_handle, args != profile.pluginArgs.end() ? args->second : defaultPluginArgs(name));
        if (!made.ok())
            return Status(StatusCode::Invalid, "pluginConfig[" + name + "].args: " + made.status().message());
        Plugin *p = made->get();
        fw->m_owned.push_back(std::move(*made));
        fw->m_all.push_back({p, name});
        instances[name] = p;
        return p;
    };
    for (const PluginRef &r : multi)
        if (Result<Plugin *> p = instance(r.name); !p.ok())
            return p.status();

    std::map<std::string, std::int64_t> weights;
    for (const PluginRef &r : multi)
        weights[r.name] = r.weight ? r.weight : 1;

    for (const std::string &point : extensionPoints()) {
        const auto specific = profile.points.find(point);
        std::vector<PluginRef> list;
        std::vector<std::string> disabled;
        if (specific != profile.points.end()) {
            disabled = specific->second.disabled;
            for (const PluginRef &r : specific->second.enabled) {
                Result<Plugin *> p = instance(r.name);
                if (!p.ok())
                    return p.status();
                if (!implements(*p, point))
                    return Status(StatusCode::Invalid, "plugins." + point + ": Invalid value: plugin \"" + r.name +
                                                           "\" does not extend " + point + " plugin");
                list.push_back(r);
                if (point == "score" && r.weight)
                    weights[r.name] = r.weight;
                else if (point == "score" && !weights.count(r.name))
                    weights[r.name] = 1;
            }
        }
        if (!contains(disabled, "*"))
            for (const PluginRef &r : multi) {
                if (contains(disabled, r.name) ||
                    std::any_of(list.begin(), list.end(), [&](const PluginRef &l) { return l.name == r.name; }))
                    continue;
                if (implements(instances[r.name], point))
                    list.push_back(r);
            }
        for (const PluginRef &r : list) {
            Plugin *p = instances[r.name];
            auto add = [&](auto &entries) {
                using I = std::remove_pointer_t<decltype(entries.front().plugin)>;
                entries.push_back({dynamic_cast<I *>(p), r.name, weights.count(r.name) ? weights[r.name] : 1});
            };
            if (point == "preEnqueue")
                add(fw->m_preEnqueue);
            else if (point == "queueSort") {
                if (fw->m_queueSort)
                    return Status(StatusCode::Invalid, "plugins.queueSort: Invalid value: only one queue sort plugin can be enabled");
                fw->m_queueSort = dynamic_cast<QueueSortPlugin *>(p);
            } else if (point == "preFilter")
                add(fw->m_preFilter);
            else if (point == "filter")
                add(fw->m_filter);
            else if (point == "postFilter")
                add(fw->m_postFilter);
            else if (point == "preScore")
                add(fw->m_preScore);
            else if (point == "score")
                add(fw->m_score);
            else if (point == "reserve")
                add(fw->m_reserve);
            else if (point == "permit")
                add(fw->m_permit);
            else if (point == "preBind")
                add(fw->m_preBind);
            else if (point == "bind")
                add(fw->m_bind);
            else if (point == "postBind")
                add(fw->m_postBind);
        }
    }
    if (!fw->m_queueSort)
        return Status(StatusCode::Invalid, "plugins.queueSort: Required value: one queue sort plugin is required");
    if (fw->m_bind.empty())
        return Status(StatusCode::Invalid, "plugins.bind: Required value: at least one bind plugin is needed");
    return fw;
}

ClusterEvents Framework::eventsOf(const std::string &name) const
{
    for (const Entry &e : m_all)
        if (e.name == name)
            return e.plugin->eventsToRegister();
    return 0;
}

PluginStatus Framework::runPreEnqueue(const PodInfo &pod)
{
    for (const auto &e : m_preEnqueue) {
        PluginStatus s = e.plugin->preEnqueue(pod);
        if (!s.ok())
            return s.withPlugin(e.name);
    }
    return {};
}

bool Framework::less(const QueuedPodView &a, const QueuedPodView &b) const { return m_queueSort->less(a, b); }

PluginStatus Framework::runPreFilter(CycleState &state, const PodInfo &pod, PreFilterResult &result,
                                     std::vector<PluginStatus> *outcomes)
{
    for (const auto &e : m_preFilter) {
        PreFilterResult r;
        PluginStatus s = e.plugin->preFilter(state, pod, r);
        s.withPlugin(e.name);
        if (outcomes)
            outcomes->push_back(s);
        if (s.skipped()) {
            state.skipFilter[e.name] = true;
            continue;
        }
        if (!s.ok())
            return s;
        if (r.nodeNames) {
            if (!result.nodeNames) {
                result.nodeNames = r.nodeNames;
            } else {
                std::set<std::string> both;
                for (const std::string &n : *result.nodeNames)
                    if (r.nodeNames->count(n))
                        both.insert(n);
                result.nodeNames = both;
            }
            if (result.nodeNames->empty())
                return PluginStatus(Code::UnschedulableAndUnresolvable,
                                    "node(s) didn't satisfy plugin(s) [" + e.name + "] simultaneously")
                    .withPlugin(e.name);
        }
    }
    state.filterSkipped.assign(m_filter.size(), false);
    for (std::size_t i = 0; i < m_filter.size(); ++i)
        state.filterSkipped[i] = state.skipFilter.count(m_filter[i].name) > 0;
    return {};
}

PluginStatus Framework::runFilters(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                                   PluginTimes *times) const
{
    for (std::size_t i = 0; i < m_filter.size(); ++i) {
        const auto &e = m_filter[i];
        if (i < state.filterSkipped.size() && state.filterSkipped[i])
            continue;
        const FilterPlugin *plugin = e.plugin;
        PluginStatus s;
        if (times) {
            const auto start = Clock::now();
            s = plugin->filter(state, pod, node);
            (*times)[i] += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
        } else {
            s = plugin->filter(state, pod, node);
        }
        if (!s.ok()) {
            if (!s.rejected() && s.code() != Code::Error)
                s = PluginStatus(Code::Error, "filter plugin " + e.name + " returned " + codeName(s.code()));
            return s.withPlugin(e.name);
        }
    }
    return {};
}

PluginStatus Framework::runFiltersWithNominatedPods(const CycleState &state, const PodInfo &pod, const NodeInfo &node,
                                                    PluginTimes *times) const
{
    std::vector<PodInfoPtr> nominated;
    if (m_handle.nominatedPods)
        for (const PodInfoPtr &p : m_handle.nominatedPods(node.name()))
            if (p->priority >= pod.priority && p->uid != pod.uid)
                nominated.push_back(p);
    if (nominated.empty())
        return runFilters(state, pod, node, times);
    NodeInfo withNominated = node;
    CycleState stateWith = state.clone();
    auto *self = const_cast<Framework *>(this); // the extensions change only the copied state
    for (const PodInfoPtr &p : nominated) {
        withNominated.addPod(p);
        if (PluginStatus s = self->runPreFilterAddPod(stateWith, pod, p, withNominated); !s.ok())
            return s;
    }
    PluginStatus first = runFilters(stateWith, pod, withNominated, times);
    if (!first.ok())
        return first;
    return runFilters(state, pod, node, times);
}

PluginStatus Framework::runPreFilterAddPod(CycleState &state, const PodInfo &pod, const PodInfoPtr &added,
                                           const NodeInfo &node)
{
    for (const auto &e : m_preFilter) {
        PreFilterPlugin *p = e.plugin;
        if (!p->hasExtensions() || state.skipFilter.count(e.name))
            continue;
        if (PluginStatus s = p->addPod(state, pod, added, node); !s.ok())
            return s.withPlugin(e.name);
    }
    return {};
}

PluginStatus Framework::runPreFilterRemovePod(CycleState &state, const PodInfo &pod, const PodInfoPtr &removed,
                                              const NodeInfo &node)
{
    for (const auto &e : m_preFilter) {
        PreFilterPlugin *p = e.plugin;
        if (!p->hasExtensions() || state.skipFilter.count(e.name))
            continue;
        if (PluginStatus s = p->removePod(state, pod, removed, node); !s.ok())
            return s.withPlugin(e.name);
    }
    return {};
}

PostFilterResult Framework::runPostFilter(CycleState &state, const PodInfo &pod, const NodeStatusMap &statuses)
{
    PostFilterResult last;
    last.status = PluginStatus(Code::Unschedulable);
    for (const auto &e : m_postFilter) {
        PostFilterResult r = e.plugin->postFilter(state, pod, statuses);
        r.status.withPlugin(e.name);
        if (r.status.ok() || r.status.code() == Code::Error)
            return r;
        last = std::move(r);
    }
    return last;
}

PluginStatus Framework::runPreScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes,
                                    std::vector<PluginStatus> *outcomes)
{
    for (const auto &e : m_preScore) {
        PluginStatus s = e.plugin->preScore(state, pod, nodes);
        s.withPlugin(e.name);
        if (outcomes)
            outcomes->push_back(s);
        if (s.skipped()) {
            state.skipScore[e.name] = true;
            continue;
        }
        if (!s.ok())
            return s;
    }
    return {};
}

PluginStatus Framework::runScore(CycleState &state, const PodInfo &pod, const std::vector<NodeInfo *> &nodes,
                                 std::vector<std::vector<std::int64_t>> &raw,
                                 std::vector<std::vector<std::int64_t>> &normalized, std::vector<std::int64_t> &totals,
                                 PluginTimes *times)
{
    raw.assign(m_score.size(), {});
    normalized.assign(m_score.size(), {});
    totals.assign(nodes.size(), 0);
    for (std::size_t p = 0; p < m_score.size(); ++p) {
        const auto &e = m_score[p];
        if (state.skipScore.count(e.name))
            continue;
        const auto start = times ? Clock::now() : Clock::time_point();
        std::vector<std::int64_t> &scores = raw[p];
        scores.resize(nodes.size());
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            PluginStatus s;
            scores[n] = e.plugin->score(state, pod, *nodes[n], s);
            if (!s.ok())
                return s.withPlugin(e.name);
        }
        normalized[p] = scores;
        if (e.plugin->hasNormalize())
            if (PluginStatus s = e.plugin->normalize(state, pod, nodes, normalized[p]); !s.ok())
                return s.withPlugin(e.name);
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            const std::int64_t v = normalized[p][n];
            if (v < 0 || v > 100)
                return PluginStatus(Code::Error, "plugin \"" + e.name + "\" returns an invalid score " +
                                                     std::to_string(v) + ", it should in the range of [0, 100] after normalizing")
                    .withPlugin(e.name);
            totals[n] += v * e.weight;
        }
        if (times)
            (*times)[p] += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
    }
    return {};
}

PluginStatus Framework::runReserve(CycleState &state, const PodInfo &pod, const std::string &node)
{
    for (const auto &e : m_reserve)
        if (PluginStatus s = e.plugin->reserve(state, pod, node); !s.ok())
            return s.withPlugin(e.name);
    return {};
}

void Framework::runUnreserve(CycleState &state, const PodInfo &pod, const std::string &node)
{
    for (auto it = m_reserve.rbegin(); it != m_reserve.rend(); ++it)
        it->plugin->unreserve(state, pod, node);
}

PluginStatus Framework::runPermit(CycleState &state, const PodInfo &pod, const std::string &node)
{
    for (const auto &e : m_permit)
        if (PluginStatus s = e.plugin->permit(state, pod, node); !s.ok())
            return s.withPlugin(e.name);
    return {};
}

PluginStatus Framework::runPreBind(CycleState &state, const PodInfo &pod, const std::string &node)
{
    for (const auto &e : m_preBind)
        if (PluginStatus s = e.plugin->preBind(state, pod, node); !s.ok())
            return s.withPlugin(e.name);
    return {};
}

PluginStatus Framework::runBind(CycleState &state, const PodInfo &pod, const std::string &node)
{
    for (const auto &e : m_bind) {
        PluginStatus s = e.plugin->bind(state, pod, node);
        if (s.skipped())
            continue;
        return s.withPlugin(e.name);
    }
    return PluginStatus(Code::Skip);
}

void Framework::runPostBind(CycleState &state, const PodInfo &pod, const std::string &node)
{
    for (const auto &e : m_postBind)
        e.plugin->postBind(state, pod, node);
}

} // namespace k8slab::scheduler
