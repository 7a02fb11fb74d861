#include "core/controllers/controller_manager.h"

#include "core/apiserver/api_server.h"
#include "core/apiserver/object_io.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/leader_election.h"
#include "core/client/rate_limiter.h"
#include "core/controllers/cronjob_controller.h"
#include "core/controllers/daemonset_controller.h"
#include "core/controllers/deployment_controller.h"
#include "core/controllers/endpoints_controller.h"
#include "core/controllers/endpointslice_controller.h"
#include "core/controllers/garbage_collector.h"
#include "core/controllers/hpa_controller.h"
#include "core/controllers/job_controller.h"
#include "core/controllers/loadbalancer_controller.h"
#include "core/controllers/namespace_controller.h"
#include "core/controllers/node_lifecycle_controller.h"
#include "core/controllers/podgc_controller.h"
#include "core/controllers/replicaset_controller.h"
#include "core/controllers/serviceaccount_controller.h"
#include "core/controllers/taint_eviction_controller.h"

#include <functional>

namespace k8slab::controllers {

namespace {

// One controller: its client (own user agent and QPS) and the controller itself.
struct Running {
    std::unique_ptr<client::RateLimiter> limiter;
    std::unique_ptr<client::Client> client;
    std::shared_ptr<void> controller;
};

template <typename C, typename... Args>
std::shared_ptr<void> make(Args &&...args)
{
    auto controller = std::make_shared<C>(std::forward<Args>(args)...);
    controller->start();
    return controller;
}

using Factory = std::function<std::shared_ptr<void>(client::Client &, client::InformerFactory &)>;

const std::vector<std::pair<std::string, Factory>> &catalog()
{
    static const std::vector<std::pair<std::string, Factory>> all = {
        {"garbagecollector", [](client::Client &c, client::InformerFactory &f) { return make<GarbageCollector>(c, f); }},
        {"namespace", [](client::Client &c, client::InformerFactory &f) { return make<NamespaceController>(c, f); }},
        {"serviceaccount", [](client::Client &c, client::InformerFactory &f) { return make<ServiceAccountController>(c, f); }},
        {"replicaset", [](client::Client &c, client::InformerFactory &f) { return make<ReplicaSetController>(c, f); }},
        {"replicationcontroller",
         [](client::Client &c, client::InformerFactory &f) {
             return make<ReplicaSetController>(c, f, ReplicaKind::replicationControllers());
         }},
        {"deployment", [](client::Client &c, client::InformerFactory &f) { return make<DeploymentController>(c, f); }},
        {"daemonset", [](client::Client &c, client::InformerFactory &f) { return make<DaemonSetController>(c, f); }},
        {"job", [](client::Client &c, client::InformerFactory &f) { return make<JobController>(c, f); }},
        {"cronjob", [](client::Client &c, client::InformerFactory &f) { return make<CronJobController>(c, f); }},
        {"endpoint", [](client::Client &c, client::InformerFactory &f) { return make<EndpointsController>(c, f); }},
        {"endpointslice", [](client::Client &c, client::InformerFactory &f) { return make<EndpointSliceController>(c, f); }},
        {"service-lb-controller",
         [](client::Client &c, client::InformerFactory &f) { return make<LoadBalancerController>(c, f); }},
        {"horizontalpodautoscaling",
         [](client::Client &c, client::InformerFactory &f) { return make<HpaController>(c, f); }},
        {"nodelifecycle", [](client::Client &c, client::InformerFactory &f) { return make<NodeLifecycleController>(c, f); }},
        {"podgc", [](client::Client &c, client::InformerFactory &f) { return make<PodGcController>(c, f); }},
        {"taint-eviction-controller",
         [](client::Client &c, client::InformerFactory &f) { return make<TaintEvictionController>(c, f); }},
    };
    return all;
}

} // namespace

struct ControllerManager::Parts {
    Parts(apiserver::ApiServer &api, ControllerManagerOptions opts)
        : options(std::move(opts)), informerClient(api, "kube-controller-manager/shared-informers"), informers(informerClient)
    {
    }
    ControllerManagerOptions options;
    client::Client informerClient;
    client::InformerFactory informers;
    std::unique_ptr<client::Client> electionClient;
    std::unique_ptr<client::LeaderElector> elector;
    std::vector<Running> running;
};

ControllerManager::ControllerManager(apiserver::ApiServer &api, ControllerManagerOptions options)
    : m_parts(std::make_unique<Parts>(api, std::move(options)))
{
}

ControllerManager::~ControllerManager()
{
    // Controllers first: they hold references into the informers.
    m_parts->running.clear();
    m_parts->elector.reset();
}

const std::vector<std::string> &ControllerManager::knownControllers()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto &[name, factory] : catalog())
            out.push_back(name);
        return out;
    }();
    return names;
}

Status ControllerManager::checkNames(const std::set<std::string> &names)
{
    for (const std::string &name : names) {
        const auto &known = knownControllers();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const std::string &k : known)
                list += (list.empty() ? "" : ", ") + k;
            return Status(StatusCode::Invalid, "unknown controller \"" + name + "\" (known: " + list + ")");
        }
    }
    return {};
}

Status ControllerManagerOptions::setControllers(const std::string &flag)
{
    std::set<std::string> enabled, off;
    bool all = false;
    std::size_t start = 0;
    while (start <= flag.size()) {
        const std::size_t comma = flag.find(',', start);
        const std::string item = flag.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? flag.size() + 1 : comma + 1;
        if (item.empty())
            continue;
        if (item == "*")
            all = true;
        else if (item.starts_with("-"))
            off.insert(item.substr(1));
        else
            enabled.insert(item);
    }
    if (Status s = ControllerManager::checkNames(enabled); !s.ok())
        return s;
    if (Status s = ControllerManager::checkNames(off); !s.ok())
        return s;
    std::set<std::string> next;
    for (const std::string &name : ControllerManager::knownControllers())
        if (off.contains(name) || (!all && !enabled.contains(name)))
            next.insert(name);
    disabled = std::move(next);
    return {};
}

Status ControllerManager::start()
{
    if (Status s = checkNames(m_parts->options.disabled); !s.ok())
        return s;
    apiserver::ApiServer &api = m_parts->informerClient.api();
    // The leader Lease every cluster shows in kube-system (the lab runs one instance).
    m_parts->electionClient = std::make_unique<client::Client>(api, "kube-controller-manager/leader-election");
    m_parts->elector = std::make_unique<client::LeaderElector>(*m_parts->electionClient, "kube-system", "kube-controller-manager",
                                                               "k8slab-control-plane_" + apiserver::newUid(api.loop().random()));
    m_parts->elector->start();
    for (const auto &[name, factory] : catalog()) {
        if (m_parts->options.disabled.contains(name))
            continue;
        Running r;
        r.client = std::make_unique<client::Client>(api, "kube-controller-manager/" + name);
        if (m_parts->options.qps > 0) {
            r.limiter = std::make_unique<client::RateLimiter>(api.loop(), m_parts->options.qps, m_parts->options.burst);
            r.client->setRateLimiter(r.limiter.get());
        }
        r.controller = factory(*r.client, m_parts->informers);
        m_parts->running.push_back(std::move(r));
    }
    return m_parts->informers.start();
}

} // namespace k8slab::controllers
