#include "core/scheduler/cluster_listers.h"

namespace k8slab::scheduler {

using api::Json;

ClusterListers::ClusterListers(client::Client &client)
    : m_namespaces(client, client::resource("", "v1", "namespaces")),
      m_services(client, client::resource("", "v1", "services")),
      m_replicationControllers(client, client::resource("", "v1", "replicationcontrollers")),
      m_replicaSets(client, client::resource("apps", "v1", "replicasets")),
      m_statefulSets(client, client::resource("apps", "v1", "statefulsets")),
      m_pdbs(client, client::resource("policy", "v1", "poddisruptionbudgets"))
{
}

Status ClusterListers::start()
{
    for (client::Informer *i : {&m_namespaces, &m_services, &m_replicationControllers, &m_replicaSets, &m_statefulSets,
                                &m_pdbs})
        if (Status s = i->start(); !s.ok())
            return s;
    return Status();
}

void ClusterListers::addHandlers(const client::EventHandlers &handlers)
{
    for (client::Informer *i : {&m_namespaces, &m_services, &m_replicationControllers, &m_replicaSets, &m_statefulSets,
                                &m_pdbs})
        i->addHandlers(handlers);
}

const Json *ClusterListers::namespaceLabels(const std::string &ns) const
{
    const Json *n = m_namespaces.get({}, ns);
    if (!n || !n->contains("metadata") || !(*n)["metadata"].contains("labels"))
        return nullptr;
    return &(*n)["metadata"]["labels"];
}

std::optional<api::LabelSelector> ClusterListers::defaultSelector(const PodInfo &pod) const
{
    // Services' and RCs' selectors are label maps: merged into one set; ReplicaSets' and
    // StatefulSets' label selectors add their requirements (upstream's DefaultSelector).
    Json matchLabels = Json::object();
    Json expressions = Json::array();
    bool any = false;
    auto mapSelects = [&](const Json &selector) {
        if (!selector.is_object() || selector.empty())
            return false;
        for (auto it = selector.begin(); it != selector.end(); ++it) {
            auto l = pod.labels.find(it.key());
            if (l == pod.labels.end() || *l != it.value())
                return false;
        }
        return true;
    };
    for (const Json *svc : m_services.list({}, pod.ns)) {
        const Json sel = svc->value("spec", Json::object()).value("selector", Json());
        if (mapSelects(sel)) {
            matchLabels.update(sel);
            any = true;
        }
    }
    for (const Json *rc : m_replicationControllers.list({}, pod.ns)) {
        const Json sel = rc->value("spec", Json::object()).value("selector", Json());
        if (mapSelects(sel)) {
            matchLabels.update(sel);
            any = true;
        }
    }
    for (const client::Informer *informer : {&m_replicaSets, &m_statefulSets})
        for (const Json *owner : informer->list({}, pod.ns)) {
            const Json sel = owner->value("spec", Json::object()).value("selector", Json());
            Result<api::LabelSelector> s = api::LabelSelector::fromJson(sel);
            if (sel.is_null() || !s.ok() || s->empty() || !s->matches(pod.labels))
                continue;
            any = true;
            const Json labels = sel.value("matchLabels", Json::object());
            for (auto it = labels.begin(); it != labels.end(); ++it)
                expressions.push_back({{"key", it.key()}, {"operator", "In"}, {"values", Json::array({it.value()})}});
            for (const Json &e : sel.value("matchExpressions", Json::array()))
                expressions.push_back(e);
        }
    if (!any)
        return std::nullopt;
    Result<api::LabelSelector> merged =
        api::LabelSelector::fromJson({{"matchLabels", matchLabels}, {"matchExpressions", expressions}});
    if (!merged.ok())
        return std::nullopt;
    return *merged;
}

std::vector<const Json *> ClusterListers::disruptionBudgets(const std::string &ns) const
{
    return m_pdbs.list({}, ns);
}

} // namespace k8slab::scheduler
