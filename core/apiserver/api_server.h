#pragma once

#include "core/api/json.h"
#include "core/apiserver/aggregation.h"
#include "core/apiserver/port_forward.h"
#include "core/apiserver/remote_command.h"
#include "core/apiserver/request.h"
#include "core/apiserver/resource_registry.h"
#include "core/base/result.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/store/mvcc_store.h"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace k8slab::apiserver {

/// Options of a write, as the query parameters carry them.
struct WriteOptions {
    /// dryRun=All: run everything, persist nothing.
    bool dryRun = false;
    /// Who writes, as managedFields records it: the fieldManager parameter, else the
    /// User-Agent's product (field_manager.h's managerOf).
    std::string manager = "kube-apiserver";
    /// The object's managedFields were already worked out by server-side apply
    /// (handlers_apply.cpp); the write records nothing more.
    bool applied = false;
};

/// The Kubernetes API over the lab's store: REST semantics, defaulting, validation,
/// admission, Tables. Runs on the engine loop's thread; the HTTP front-end hands it
/// requests through the loop, in-process components call it directly.
class ApiServer {
public:
    /// An API server on `store`, stamping times from `loop` and tracing to `trace`.
    ApiServer(store::MvccStore &store, engine::EventLoop &loop, engine::TraceBus &trace);
    ~ApiServer();

    /// Creates what every cluster has: the default, kube-system, kube-public and
    /// kube-node-lease namespaces, the `kubernetes` Service and its endpoints. Idempotent.
    Status bootstrap();
    /// The address the API server advertises in the kubernetes Service's endpoints.
    static constexpr const char *kAdvertiseAddress = "172.18.0.2";

    /// Serves one request (not a watch).
    ApiResponse handle(const ApiRequest &request);

    /// Receives watch output: one newline-terminated JSON event per call, with the
    /// store revision it reports (0 for synthetic ADDED and errors).
    using WatchEmit = std::function<void(std::string line, store::Revision revision)>;
    /// Starts a watch for a GET ...?watch=true request; events go to `emit` (on the
    /// loop thread) until stopWatch. Returns the watch id, or an error to answer with.
    Result<std::uint64_t> startWatch(const ApiRequest &request, WatchEmit emit);
    /// Ends a watch.
    void stopWatch(std::uint64_t id);

    /// A streamed answer (watch.cpp): a watch, or a followed pod log. `stop` ends it
    /// (on the loop thread) when the client goes away.
    struct Stream {
        std::function<void()> stop;
        std::string contentType;
        bool watch = false; ///< a watch (ends at timeoutSeconds), else a log
    };
    /// Whether a request is answered as a stream: GET …?watch=true, or GET
    /// pods/<name>/log?follow=true.
    [[nodiscard]] static bool streams(const ApiRequest &request);
    /// Starts the stream a request asks for; its output goes to `emit` on the loop thread
    /// (an empty line: the stream is over). Returns how to stop it, or the error to answer.
    Result<Stream> startStream(const ApiRequest &request, WatchEmit emit);

    /// Creates an object of `info` (in-process clients). The object is defaulted,
    /// validated and admitted exactly as a kubectl request would be.
    Result<api::Json> create(const ResourceInfo &info, const std::string &ns, api::Json object,
                             const WriteOptions &options = {});
    /// Reads one object.
    Result<api::Json> get(const ResourceInfo &info, const std::string &ns, const std::string &name);
    /// Replaces an object (PUT semantics: resourceVersion, when set, must be current).
    Result<api::Json> replace(const ResourceInfo &info, const std::string &ns, api::Json object,
                              const WriteOptions &options = {});
    /// The objects of a resource's stored version at the latest revision, in key order,
    /// read from the cache without a request or a trace step: for in-process observers
    /// such as lesson checks. `ns` empty: every namespace.
    [[nodiscard]] std::vector<api::Json> objects(const ResourceInfo &info, const std::string &ns) const;

    /// The API server's Prometheus metrics in the text exposition format (GET /metrics).
    [[nodiscard]] std::string metricsText() const;

    /// Serves `api` behind this API server (the aggregation layer) and registers its
    /// APIService, Available, unless one exists. Requests reach it while its APIService
    /// exists and is Available.
    Status addAggregatedApi(AggregatedApi api);

    /// The store behind the API.
    store::MvccStore &store() { return m_store; }
    /// Answers GET pods/<name>/log for a pod (the node agents register it; the API
    /// server only routes the request, as upstream proxies it to the kubelet).
    using PodLogSource = std::function<ApiResponse(const api::Json &pod, const ApiRequest &request)>;
    /// Sets where pod logs come from.
    void setPodLogSource(PodLogSource source) { m_podLogs = std::move(source); }
    /// Follows a pod's log (GET pods/<name>/log?follow=true): the node agents stream
    /// chunks of text to `output` ("" ends it) and return how to stop, or an error.
    using PodLogFollower = std::function<Result<std::function<void()>>(const api::Json &pod, const ApiRequest &request,
                                                                        std::function<void(std::string)> output)>;
    /// Sets who follows pod logs.
    void setPodLogFollower(PodLogFollower follower) { m_podLogFollower = std::move(follower); }
    /// Answers GET nodes/<name>/proxy/<path> (the node's kubelet: /metrics/resource,
    /// /stats/summary, …); the API server proxies, as upstream does.
    using NodeProxy = std::function<ApiResponse(const api::Json &node, const std::string &path, const ApiRequest &request)>;
    /// Sets who answers node proxy requests.
    void setNodeProxy(NodeProxy proxy) { m_nodeProxy = std::move(proxy); }
    /// Sets who runs kubectl exec and attach sessions in pods (the node agents).
    void setPodCommandRunner(PodCommandRunner runner) { m_podCommands = std::move(runner); }
    /// Starts the exec or attach a request (GET pods/<name>/exec|attach, upgraded to a
    /// WebSocket by the front-end) asks for, after upstream's checks: the pod exists, is
    /// bound and not finished, the container is one of its own. Its output goes to
    /// `output` on the loop thread (handlers_connect.cpp).
    Result<RemoteCommandSession> startRemoteCommand(const ApiRequest &request, RemoteCommandOutput output);
    /// Sets who opens connections to pods' ports (the node agents).
    void setPodPortForwarder(PodPortForwarder forwarder) { m_podPorts = std::move(forwarder); }
    /// Accepts the port-forward a request (pods/<name>/portforward, upgraded to SPDY by
    /// the front-end) asks for, after upstream's checks (the pod exists and is bound to a
    /// node that can be reached; the `ports` it names are ports): the pod.
    Result<api::Json> startPortForward(const ApiRequest &request);
    /// Opens one connection of an accepted port-forward to `port` of `pod`.
    Result<PortForwardConnection> connectPortForward(const api::Json &pod, int port, PortForwardOutput output);
    /// The loop the API server runs on.
    engine::EventLoop &loop() { return m_loop; }
    /// The trace bus the API server (and the components acting through it) publish to.
    engine::TraceBus &trace() { return m_trace; }

private:
    Status bootstrapKubernetesEndpoints();
    Status bootstrapApiServices();
    Status registerApiService(api::Json service, const std::string &reason, const std::string &message);
    const AggregatedApi *availableAggregatedApi(const std::string &group, const std::string &version) const;
    std::optional<ApiResponse> handleAggregated(const ApiRequest &request);
    [[nodiscard]] std::vector<GroupVersions> availableAggregatedGroups() const;
    struct Watch;

    ApiResponse dispatch(const ApiRequest &request);
    ApiResponse route(const ApiRequest &request, const RequestTarget &target);
    ApiResponse dispatchConverted(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleList(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleGet(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleCreate(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleUpdate(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handlePatch(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleApply(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleTokenRequest(const ApiRequest &request, const RequestTarget &target, api::Json body);
    ApiResponse handleDelete(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleDeleteCollection(const ApiRequest &request, const RequestTarget &target);
    ApiResponse handleConnect(const ApiRequest &request, const RequestTarget &target);
    Result<std::pair<api::Json, RemoteCommandOptions>> prepareRemoteCommand(const ApiRequest &request,
                                                                            const RequestTarget &target);
    Result<api::Json> preparePortForward(const ApiRequest &request, const RequestTarget &target);

    Result<api::Json> update(const ResourceInfo &info, const std::string &ns, const std::string &name,
                             const std::string &subresource, api::Json object, const WriteOptions &options,
                             bool deleting = false);
    Result<api::Json> remove(const ResourceInfo &info, const std::string &ns, const std::string &name,
                             const api::Json &deleteOptions, bool dryRun);
    Status admitCreate(const ResourceInfo &info, const std::string &ns, api::Json &object);
    Status allocateServiceAddresses(api::Json &service, const api::Json *old);
    std::string admitPriority(api::Json &pod);
    std::string admitLimitRanges(const std::string &ns, api::Json &pod);
    Status checkDisruptionBudgets(const std::string &ns, const api::Json &pod);
    std::string admitQuota(const ResourceInfo &info, const std::string &ns, const api::Json &object);
    void scheduleBookmark(std::uint64_t watchId);
    void traceRequest(const ApiRequest &request, const RequestTarget *target);
    void traceResponse(const ApiResponse &response);

    store::MvccStore &m_store;
    engine::EventLoop &m_loop;
    engine::TraceBus &m_trace;
    std::unique_ptr<class ObjectCache> m_cache;
    std::unique_ptr<class ApiMetrics> m_metrics;
    std::unique_ptr<class ServiceAccountTokens> m_tokens;
    std::map<std::uint64_t, std::unique_ptr<Watch>> m_watches;
    std::uint64_t m_nextWatch = 1;
    PodLogSource m_podLogs;
    PodLogFollower m_podLogFollower;
    NodeProxy m_nodeProxy;
    PodCommandRunner m_podCommands;
    PodPortForwarder m_podPorts;
    std::vector<AggregatedApi> m_aggregated;
    // The last few objects decoded for watchers (one store event reaches many watches).
    struct DecodedEvent {
        const ResourceInfo *info = nullptr;
        std::string key;
        store::Revision modRevision = 0;
        std::shared_ptr<const api::Json> object;
    };
    std::shared_ptr<const api::Json> decodeShared(const ResourceInfo &info, const store::KeyValue &kv);
    std::array<DecodedEvent, 8> m_decoded;
    std::size_t m_nextDecoded = 0;
};

/// How a request wants its answer.
enum class OutputFormat {
    /// Plain JSON objects and lists.
    Json,
    /// meta.k8s.io/v1 Table (the Accept header asks for as=Table).
    Table,
};

/// The format the Accept header asks for.
OutputFormat outputFormat(const ApiRequest &request);
/// The columnDefinitions of a Table for a resource, as JSON.
api::Json columnDefinitionsJson(std::string_view resource);
/// Builds a Table for objects of a resource (rows carry PartialObjectMetadata unless
/// includeObject says otherwise).
api::Json buildTable(const ResourceInfo &info, const std::vector<api::Json> &objects, const std::string &includeObject,
                     engine::TimePoint now, bool withColumns = true);

} // namespace k8slab::apiserver
