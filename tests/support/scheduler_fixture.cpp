#include "tests/support/scheduler_fixture.h"

#include "core/scheduler/plugins/in_tree_registry.h"

#include <QTest>

namespace k8slab::test {

using api::Json;
using namespace k8slab::scheduler;

PodBuilder::PodBuilder(std::string name, std::string ns)
{
    m_pod = {{"apiVersion", "v1"},
             {"kind", "Pod"},
             {"metadata",
              {{"name", name},
               {"namespace", ns},
               {"uid", "uid-" + ns + "-" + name},
               {"creationTimestamp", "2025-01-01T00:00:00Z"},
               {"labels", Json::object()}}},
             {"spec",
              {{"schedulerName", "default-scheduler"},
               {"containers", Json::array({{{"name", "c"}, {"image", "registry.k8s.io/pause:3.9"}}})}}},
             {"status", {{"phase", "Pending"}}}};
}

PodBuilder &PodBuilder::req(const std::string &resource, const std::string &quantity)
{
    m_pod["spec"]["containers"][0]["resources"]["requests"][resource] = quantity;
    return *this;
}

PodBuilder &PodBuilder::container(const std::string &image, const Json &requests)
{
    Json c = {{"name", "c" + std::to_string(m_pod["spec"]["containers"].size())}, {"image", image}};
    if (!requests.empty())
        c["resources"]["requests"] = requests;
    m_pod["spec"]["containers"].push_back(c);
    return *this;
}

PodBuilder &PodBuilder::initContainer(const std::string &image, const Json &requests, bool sidecar)
{
    Json c = {{"name", "init" + std::to_string(m_pod["spec"].value("initContainers", Json::array()).size())},
              {"image", image}};
    if (!requests.empty())
        c["resources"]["requests"] = requests;
    if (sidecar)
        c["restartPolicy"] = "Always";
    m_pod["spec"]["initContainers"].push_back(c);
    return *this;
}

PodBuilder &PodBuilder::image(const std::string &image)
{
    m_pod["spec"]["containers"][0]["image"] = image;
    return *this;
}

PodBuilder &PodBuilder::label(const std::string &key, const std::string &value)
{
    m_pod["metadata"]["labels"][key] = value;
    return *this;
}

PodBuilder &PodBuilder::nodeSelector(const std::string &key, const std::string &value)
{
    m_pod["spec"]["nodeSelector"][key] = value;
    return *this;
}

PodBuilder &PodBuilder::nodeName(const std::string &node)
{
    m_pod["spec"]["nodeName"] = node;
    return *this;
}

PodBuilder &PodBuilder::toleration(const std::string &key, const std::string &op, const std::string &value,
                                   const std::string &effect)
{
    Json t = Json::object();
    if (!key.empty())
        t["key"] = key;
    if (!op.empty())
        t["operator"] = op;
    if (!value.empty())
        t["value"] = value;
    if (!effect.empty())
        t["effect"] = effect;
    m_pod["spec"]["tolerations"].push_back(t);
    return *this;
}

PodBuilder &PodBuilder::hostPort(int port, const std::string &protocol, const std::string &ip)
{
    Json p = {{"containerPort", port}, {"hostPort", port}, {"protocol", protocol}};
    if (!ip.empty())
        p["hostIP"] = ip;
    m_pod["spec"]["containers"][0]["ports"].push_back(p);
    return *this;
}

PodBuilder &PodBuilder::priority(int priority)
{
    m_pod["spec"]["priority"] = priority;
    return *this;
}

PodBuilder &PodBuilder::affinity(const Json &affinity)
{
    m_pod["spec"]["affinity"] = affinity;
    return *this;
}

PodBuilder &PodBuilder::spread(int maxSkew, const std::string &key, bool hard, const Json &labelSelector)
{
    m_pod["spec"]["topologySpreadConstraints"].push_back(
        {{"maxSkew", maxSkew},
         {"topologyKey", key},
         {"whenUnsatisfiable", hard ? "DoNotSchedule" : "ScheduleAnyway"},
         {"labelSelector", labelSelector}});
    return *this;
}

PodBuilder &PodBuilder::gate(const std::string &name)
{
    m_pod["spec"]["schedulingGates"].push_back({{"name", name}});
    return *this;
}

PodBuilder &PodBuilder::started(const std::string &time)
{
    m_pod["status"]["startTime"] = time;
    m_pod["metadata"]["creationTimestamp"] = time;
    return *this;
}

PodBuilder &PodBuilder::terminating()
{
    m_pod["metadata"]["deletionTimestamp"] = "2025-01-01T00:10:00Z";
    return *this;
}

PodBuilder &PodBuilder::uid(const std::string &uid)
{
    m_pod["metadata"]["uid"] = uid;
    return *this;
}

PodInfoPtr PodBuilder::info() const { return parsePod(m_pod); }

NodeBuilder::NodeBuilder(std::string name)
{
    m_node = {{"apiVersion", "v1"},
              {"kind", "Node"},
              {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
              {"spec", Json::object()},
              {"status",
               {{"capacity", {{"cpu", "4"}, {"memory", "32Gi"}, {"pods", "110"}}},
                {"allocatable", {{"cpu", "4"}, {"memory", "32Gi"}, {"pods", "110"}}}}}};
}

NodeBuilder &NodeBuilder::resource(const std::string &name, const std::string &quantity)
{
    m_node["status"]["capacity"][name] = quantity;
    m_node["status"]["allocatable"][name] = quantity;
    return *this;
}

NodeBuilder &NodeBuilder::label(const std::string &key, const std::string &value)
{
    m_node["metadata"]["labels"][key] = value;
    return *this;
}

NodeBuilder &NodeBuilder::taint(const std::string &key, const std::string &value, const std::string &effect)
{
    Json t = {{"key", key}, {"effect", effect}};
    if (!value.empty())
        t["value"] = value;
    m_node["spec"]["taints"].push_back(t);
    return *this;
}

NodeBuilder &NodeBuilder::unschedulable()
{
    m_node["spec"]["unschedulable"] = true;
    return *this;
}

NodeBuilder &NodeBuilder::image(const std::string &name, std::int64_t sizeBytes)
{
    m_node["status"]["images"].push_back({{"names", Json::array({name})}, {"sizeBytes", sizeBytes}});
    return *this;
}

SchedulerHarness::SchedulerHarness(const ProfileConfig &profile)
{
    Handle handle;
    handle.snapshot = &m_snapshot;
    handle.random = &m_random;
    auto fw = Framework::create(profile, plugins::inTreeRegistry(), std::move(handle));
    if (!fw.ok())
        qFatal("framework: %s", fw.status().message().c_str());
    m_framework = std::move(*fw);
}

void SchedulerHarness::addPod(const Json &pod) { m_snapshot.addPod(parsePod(pod)); }

NodeInfo &SchedulerHarness::node(const std::string &name)
{
    NodeInfo *n = m_snapshot.node(name);
    if (!n)
        qFatal("no node %s", name.c_str());
    return *n;
}

ScheduleResult SchedulerHarness::schedule(const Json &pod, DecisionRecord *record)
{
    CycleState state;
    DecisionRecord local;
    return m_algorithm.schedulePod(*m_framework, state, *parsePod(pod), record ? *record : local, true);
}

std::vector<std::pair<std::string, PluginStatus>> SchedulerHarness::filter(const Json &pod)
{
    PodInfoPtr info = parsePod(pod);
    CycleState state;
    PreFilterResult pre;
    std::vector<std::pair<std::string, PluginStatus>> out;
    PluginStatus s = m_framework->runPreFilter(state, *info, pre);
    for (NodeInfo *n : m_snapshot.nodes())
        out.emplace_back(n->name(), s.ok() ? m_framework->runFilters(state, *info, *n) : s);
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> SchedulerHarness::score(const std::string &plugin, const Json &pod)
{
    PodInfoPtr info = parsePod(pod);
    CycleState state;
    PreFilterResult pre;
    (void)m_framework->runPreFilter(state, *info, pre);
    const std::vector<NodeInfo *> &nodes = m_snapshot.nodes();
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (const auto &e : m_framework->preScorePlugins())
        if (e.name == plugin && e.plugin->preScore(state, *info, nodes).skipped())
            return out;
    for (const auto &e : m_framework->scorePlugins()) {
        if (e.name != plugin)
            continue;
        std::vector<std::int64_t> raw;
        for (NodeInfo *n : nodes) {
            PluginStatus s;
            raw.push_back(e.plugin->score(state, *info, *n, s));
            if (!s.ok())
                qFatal("score %s: %s", plugin.c_str(), s.message().c_str());
        }
        std::vector<std::int64_t> normalized = raw;
        if (e.plugin->hasNormalize())
            (void)e.plugin->normalize(state, *info, nodes, normalized);
        for (std::size_t i = 0; i < raw.size(); ++i)
            out.emplace_back(raw[i], normalized[i]);
    }
    return out;
}

void addNodes(SchedulerHarness &h, const QStringList &specs)
{
    for (const QString &spec : specs) {
        const QStringList parts = spec.split(' ', Qt::SkipEmptyParts);
        NodeBuilder node(parts.front().toStdString());
        for (qsizetype i = 1; i < parts.size(); ++i) {
            if (parts[i].startsWith("+taint=")) {
                const QStringList t = parts[i].mid(7).split(':');
                node.taint(t[0].toStdString(), "", t[1].toStdString());
                continue;
            }
            const QStringList kv = parts[i].split('=');
            node.label(kv[0] == "zone" ? "topology.kubernetes.io/zone" : kv[0].toStdString(), kv[1].toStdString());
        }
        h.addNode(node.build());
    }
}

QString filterOutcomes(SchedulerHarness &h, const QStringList &specs, const Json &pod,
                       const std::function<QString(const PluginStatus &)> &describe)
{
    std::map<QString, QString> byNode;
    for (const auto &[name, status] : h.filter(pod))
        byNode[QString::fromStdString(name)] = describe(status);
    QStringList out;
    for (const QString &spec : specs) {
        const QString name = spec.section(' ', 0, 0);
        out << name + ":" + byNode[name];
    }
    return out.join(' ');
}

QString scoreOutcomes(SchedulerHarness &h, const std::string &plugin, const QStringList &specs, const Json &pod)
{
    const auto scores = h.score(plugin, pod);
    if (scores.empty())
        return "skipped";
    std::map<QString, QString> byNode;
    const std::vector<NodeInfo *> &order = h.snapshot().nodes();
    for (std::size_t i = 0; i < scores.size(); ++i)
        byNode[QString::fromStdString(order[i]->name())] = QString("%1/%2").arg(scores[i].first).arg(scores[i].second);
    QStringList out;
    for (const QString &spec : specs) {
        const QString name = spec.section(' ', 0, 0);
        out << name + "=" + byNode[name];
    }
    return out.join(' ');
}

} // namespace k8slab::test
