#include "apps/common/cluster_options.h"

#include "core/lab/cluster_spec.h"
#include "core/scheduler/framework/profile.h"
#include "runtime/netns/netns_rule_sink.h"
#include "runtime/sim/sim_runtime_factory.h"

#include <cstdio>

namespace k8slab::apps {

ClusterOptions::ClusterOptions(QCommandLineParser &parser)
    : m_nodes(QStringLiteral("nodes"), QStringLiteral("How many simulated worker nodes to start with (worker-1, ...)."),
              QStringLiteral("n"), QStringLiteral("3")),
      m_cluster(QStringLiteral("cluster"),
                QStringLiteral("A cluster spec (YAML, docs/cluster-spec.md): the nodes with their capacity, "
                               "architecture, labels, taints and preloaded images, instead of --nodes."),
                QStringLiteral("file")),
      m_seed(QStringLiteral("seed"), QStringLiteral("Seed of the lab's random source."), QStringLiteral("n"),
             QStringLiteral("1")),
      m_wallClock(QStringLiteral("wall-clock"), QStringLiteral("Run on the machine's clock instead of virtual time.")),
      m_speed(QStringLiteral("speed"), QStringLiteral("Virtual seconds per wall second (0: as fast as possible)."),
              QStringLiteral("x"), QStringLiteral("1")),
      m_schedulerConfig(QStringLiteral("scheduler-config"),
                        QStringLiteral("A KubeSchedulerConfiguration (YAML or JSON) for the scheduler."), QStringLiteral("file")),
      m_controllers(QStringLiteral("controllers"),
                    QStringLiteral("Controllers to run, as kube-controller-manager's flag: \"*\" for all, \"-name\" to leave "
                                   "one out (default \"*\")."),
                    QStringLiteral("LIST"), QStringLiteral("*")),
      m_qps(QStringLiteral("kube-api-qps"),
            QStringLiteral("Requests per second each controller may send (upstream's default 20; 0: no limit)."),
            QStringLiteral("QPS"), QStringLiteral("20")),
      m_burst(QStringLiteral("kube-api-burst"),
              QStringLiteral("Burst of requests each controller may send (upstream's default 30)."), QStringLiteral("N"),
              QStringLiteral("30")),
      m_proxyMode(QStringLiteral("proxy-mode"), QStringLiteral("kube-proxy's mode on every node: iptables, ipvs or nftables."),
                  QStringLiteral("mode"), QStringLiteral("iptables")),
      m_realRules(QStringLiteral("real-proxy-rules"),
                  QStringLiteral("Also apply each node's kube-proxy rules with iptables-restore or nft inside a network "
                                 "namespace k8slab-<node> (needs root)."))
{
    for (const QCommandLineOption *option : {&m_nodes, &m_cluster, &m_seed, &m_wallClock, &m_speed, &m_schedulerConfig, &m_controllers,
                                             &m_qps, &m_burst, &m_proxyMode, &m_realRules})
        parser.addOption(*option);
}

double ClusterOptions::speed(const QCommandLineParser &parser) const
{
    return parser.value(m_speed).toDouble();
}

Status ClusterOptions::apply(const QCommandLineParser &parser, lab::LabOptions &options) const
{
    const auto bad = [](const std::string &message) { return Status(StatusCode::BadRequest, message); };
    bool ok = false;
    options.seed = parser.value(m_seed).toULongLong(&ok);
    if (!ok)
        return bad("--seed wants a whole number, not \"" + parser.value(m_seed).toStdString() + "\"");
    options.clock = parser.isSet(m_wallClock) ? engine::ClockMode::Wall : engine::ClockMode::Virtual;
    const double speed = parser.value(m_speed).toDouble(&ok);
    if (!ok || speed < 0)
        return bad("--speed wants a non-negative number (0: as fast as possible), not \"" +
                   parser.value(m_speed).toStdString() + "\"");
    if (parser.isSet(m_schedulerConfig)) {
        auto config = scheduler::readSchedulerConfigFile(parser.value(m_schedulerConfig).toStdString());
        if (!config.ok())
            return bad("--scheduler-config " + config.status().message());
        options.schedulerConfig = *config;
    }
    if (Status s = options.controllerManager.setControllers(parser.value(m_controllers).toStdString()); !s.ok())
        return bad("--controllers: " + s.message());
    bool qpsOk = false, burstOk = false;
    options.controllerManager.qps = parser.value(m_qps).toDouble(&qpsOk);
    options.controllerManager.burst = parser.value(m_burst).toInt(&burstOk);
    if (!qpsOk || !burstOk || options.controllerManager.qps < 0 || options.controllerManager.burst < 1)
        return bad("--kube-api-qps wants a number >= 0 and --kube-api-burst a number >= 1");
    options.nodes = parser.value(m_nodes).toInt(&ok);
    if (!ok || options.nodes < 0 || options.nodes > lab::kMaxNodes)
        return bad("--nodes wants a number from 0 to " + std::to_string(lab::kMaxNodes) + ", not \"" +
                   parser.value(m_nodes).toStdString() + "\"");
    if (parser.isSet(m_cluster)) {
        if (parser.isSet(m_nodes))
            return bad("--nodes and --cluster both say which nodes to start: give one");
        auto nodes = lab::readClusterSpec(parser.value(m_cluster).toStdString());
        if (!nodes.ok())
            return Status(nodes.status().code(), "--cluster " + nodes.status().message(), nodes.status().causes());
        options.clusterNodes = std::move(*nodes);
    }
    if (!proxy::parseMode(parser.value(m_proxyMode).toStdString(), options.proxy.mode))
        return bad("--proxy-mode wants iptables, ipvs or nftables, not \"" + parser.value(m_proxyMode).toStdString() + "\"");
    if (parser.isSet(m_realRules)) {
        const std::string why = options.proxy.mode == proxy::ProxyMode::IPVS ? runtime::NetnsRuleSink::ipvsUnavailableReason()
                                                                            : runtime::NetnsRuleSink::unavailableReason();
        if (!why.empty())
            return bad("--real-proxy-rules: " + why);
        // The lab creates no nfacct counters in its namespaces, so (as kube-proxy does when
        // it cannot create them) its rules leave the nfacct matches out.
        options.proxy.config.nfacct = false;
        options.proxy.sinkFactory = [](const std::string &node) -> std::unique_ptr<proxy::RuleSink> {
            auto sink = runtime::NetnsRuleSink::create("k8slab-" + node);
            if (!sink.ok()) {
                std::fprintf(stderr, "k8slab: no network namespace for %s: %s\n", node.c_str(),
                             sink.status().message().c_str());
                return nullptr;
            }
            return std::move(*sink);
        };
    }
    options.runtimeFactory = runtime::sim::simRuntimeFactory();
    return {};
}

} // namespace k8slab::apps
