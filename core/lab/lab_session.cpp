#include "core/lab/lab_session.h"

#include "core/lab/service_resolver.h"

#include "core/apiserver/resource_registry.h"
#include "core/scheduler/scheduler.h"

#include <QDir>
#include <QFileInfo>

#include <unordered_map>

namespace k8slab::lab {

namespace {

/// "deployments.apps" -> "Deployment", for every resource the API server stores.
std::string kindOfStoredResource(std::string_view groupResource)
{
    static const std::unordered_map<std::string, std::string> kinds = [] {
        std::unordered_map<std::string, std::string> map;
        for (const auto &info : apiserver::builtinResources().all())
            map.emplace(info->stored().groupResource(), info->stored().kind);
        return map;
    }();
    auto it = kinds.find(std::string(groupResource));
    return it == kinds.end() ? std::string() : it->second;
}

} // namespace

Status LabSession::loadRecentTrace()
{
    const std::uint64_t last = m_recording->lastTraceId();
    const std::uint64_t keep = recording::TraceIndex::kDefaultCapacity;
    Result<std::vector<proto::TraceEvent>> earlier = m_recording->readTrace(last > keep ? last - keep : 0);
    if (!earlier.ok())
        return Status(earlier.status().code(), "cannot read the recording's trace: " + earlier.status().message());
    for (const proto::TraceEvent &event : *earlier)
        m_traceIndex->add(event);
    return Status();
}

Result<std::unique_ptr<LabSession>> LabSession::start(const LabOptions &options)
{
    recording::RecordingOptions recordingOptions;
    recordingOptions.synchronous = options.synchronous;
    const bool fresh = !QFileInfo::exists(QString::fromStdString(options.recordingPath));
    Result<std::unique_ptr<recording::Recording>> opened = recording::Recording::open(options.recordingPath,
                                                                                      recordingOptions);
    if (!opened.ok())
        return opened.status();
    std::unique_ptr<LabSession> session(new LabSession());
    session->m_recording = std::move(*opened);
    // A resumed session's virtual clock goes on from its last step, so ages stay true.
    const engine::TimePoint resumed{engine::Duration{session->m_recording->lastTraceTimeNs()}};
    // Its random sequence must not repeat the earlier session's (uids would collide),
    // yet stay a function of the seed and the file: mix in how far the trace got.
    const std::uint64_t seed = options.seed ^ (session->m_recording->lastTraceId() * 0x9e3779b97f4a7c15ULL);
    const engine::TimePoint epoch = options.virtualEpoch.value_or(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    session->m_loop = std::make_unique<engine::EventLoop>(options.clock, std::max(epoch, resumed), seed);
    session->m_bus = std::make_unique<engine::TraceBus>(*session->m_loop);
    session->m_recorder = std::make_unique<recording::TraceRecorder>(*session->m_bus, *session->m_recording);
    session->m_storeTracer = std::make_unique<recording::StoreTracer>(session->store(), *session->m_bus);
    session->m_storeTracer->setKindResolver(kindOfStoredResource);
    session->m_traceIndex = std::make_unique<recording::TraceIndex>();
    if (Status s = session->loadRecentTrace(); !s.ok())
        return s;
    session->m_traceIndex->attach(*session->m_bus);
    session->m_bus->publishRoot([] {
        proto::TraceEvent event;
        event.set_component("lab");
        event.set_kind(proto::TRACE_KIND_NOTE);
        event.set_code("lab.started");
        return event;
    }());
    session->m_api = std::make_unique<apiserver::ApiServer>(session->store(), *session->m_loop, *session->m_bus);
    // What every cluster has (default namespaces, the kubernetes Service), written
    // through the API like any other object, so the trace shows it.
    if (Status s = session->m_api->bootstrap(); !s.ok())
        return Status(s.code(), "cannot bootstrap the cluster: " + s.message());
    session->m_controllers = std::make_unique<controllers::ControllerManager>(*session->m_api, options.controllerManager);
    if (Status s = session->m_controllers->start(); !s.ok())
        return Status(s.code(), "cannot start the controllers: " + s.message());
    if (options.runScheduler) {
        Result<std::unique_ptr<scheduler::Scheduler>> made =
            scheduler::Scheduler::create(*session->m_api, *session->m_bus, options.schedulerConfig);
        if (!made.ok())
            return Status(made.status().code(), "cannot start the scheduler: " + made.status().message());
        session->m_scheduler = std::move(*made);
        if (Status s = session->m_scheduler->start(); !s.ok())
            return Status(s.code(), "cannot start the scheduler: " + s.message());
    }
    if (options.runtimeFactory) {
        session->m_nodes = std::make_unique<kubelet::NodeAgents>(*session->m_api, *session->m_bus, options.runtimeFactory);
        session->m_nodes->setServiceResolver(serviceResolver(*session->m_api));
        session->m_staticPodRoot = !options.staticPodRoot.empty() ? options.staticPodRoot
                                   : options.recordingPath.empty() ? std::string()
                                                                   : options.recordingPath + ".nodes";
        if (!session->m_staticPodRoot.empty()) {
            if (fresh) // a new lab: no static pods left from an earlier one of the same name
                QDir(QString::fromStdString(session->m_staticPodRoot)).removeRecursively();
            session->m_nodes->setStaticPodRoot(session->m_staticPodRoot);
        }
        if (Status s = options.clusterNodes.empty() ? session->m_nodes->start(options.nodes)
                                                    : session->m_nodes->start(options.clusterNodes);
            !s.ok())
            return Status(s.code(), "cannot start the node agents: " + s.message());
        if (options.metricsServer) {
            session->m_metricsServer = std::make_unique<metricsserver::MetricsServer>(*session->m_api, *session->m_nodes);
            if (Status s = session->m_metricsServer->start(); !s.ok())
                return Status(s.code(), "cannot start metrics-server: " + s.message());
        }
    }
    if (options.proxy.enabled) {
        session->m_proxies = std::make_unique<proxy::NodeProxies>(*session->m_api, *session->m_bus, options.proxy);
        if (Status s = session->m_proxies->start(); !s.ok())
            return Status(s.code(), "cannot start kube-proxy: " + s.message());
    }
    return session;
}

LabSession::~LabSession()
{
    // Tracing stops before the recording closes so nothing is published into a closed file.
    m_proxies.reset();
    m_metricsServer.reset();
    m_nodes.reset();
    m_scheduler.reset();
    m_controllers.reset();
    m_api.reset();
    m_storeTracer.reset();
    m_recorder.reset();
    m_traceIndex.reset(); // it unsubscribes from the bus: before the bus goes
    m_bus.reset();
    m_loop.reset();
    m_recording.reset();
}

} // namespace k8slab::lab
