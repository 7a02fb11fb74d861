#pragma once

#include "core/api/json.h"
#include "core/apiserver/api_server.h"
#include "core/base/result.h"
#include "core/client/rate_limiter.h"

#include <functional>
#include <map>
#include <string>

namespace k8slab::client {

/// Which objects a list or watch selects.
struct ListOptions {
    /// Label selector in query syntax ("app=web,tier in (a,b)").
    std::string labelSelector;
    /// Field selector in query syntax ("spec.nodeName=worker-1").
    std::string fieldSelector;
};

/// One watch event as a client sees it.
struct WatchEvent {
    /// ADDED, MODIFIED, DELETED or ERROR.
    std::string type;
    /// The object (a Status for ERROR).
    api::Json object;
};

/// What client-go's dynamic client is to a controller: every call goes through the API
/// server's own request path (the same validation, admission, tracing and errors as
/// kubectl's requests), in-process and without HTTP. A client speaks for one component,
/// named by its user agent ("kube-scheduler", "kube-controller-manager/replicaset", ...).
/// Loop thread only.
class Client {
public:
    /// A client of `api` for the component `userAgent`.
    Client(apiserver::ApiServer &api, std::string userAgent);

    /// POST: creates an object.
    Result<api::Json> create(const apiserver::ResourceInfo &resource, const std::string &ns, const api::Json &object);
    /// GET one object.
    Result<api::Json> get(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name);
    /// GET a subresource (deployments/<name>/scale).
    Result<api::Json> getSubresource(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                                     const std::string &subresource);
    /// GET any path of the API (for APIs the lab's registry does not describe, such as
    /// an aggregated metrics.k8s.io); the error is the server's Status.
    Result<api::Json> getPath(const std::string &path, const std::multimap<std::string, std::string> &query = {});
    /// LIST: the List object (items and metadata.resourceVersion).
    Result<api::Json> list(const apiserver::ResourceInfo &resource, const std::string &ns, const ListOptions &options = {});
    /// PUT: replaces an object (its resourceVersion must be current).
    Result<api::Json> update(const apiserver::ResourceInfo &resource, const api::Json &object);
    /// PUT .../status: writes only the status.
    Result<api::Json> updateStatus(const apiserver::ResourceInfo &resource, const api::Json &object);
    /// PUT to another subresource (e.g. namespaces/<name>/finalize).
    Result<api::Json> updateSubresource(const apiserver::ResourceInfo &resource, const api::Json &object,
                                        const std::string &subresource);
    /// PATCH with a content type: "application/merge-patch+json",
    /// "application/strategic-merge-patch+json" or "application/json-patch+json".
    Result<api::Json> patch(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                            const std::string &contentType, const api::Json &patch, const std::string &subresource = {});
    /// DELETE with DeleteOptions (e.g. {"propagationPolicy":"Background"}).
    Result<api::Json> remove(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                             const api::Json &deleteOptions = api::Json::object());
    /// POST to a subresource (pods/binding, pods/eviction).
    Result<api::Json> createSubresource(const apiserver::ResourceInfo &resource, const std::string &ns,
                                       const std::string &name, const std::string &subresource, const api::Json &body);
    /// WATCH from a resourceVersion ("" or "0": the current objects as ADDED first).
    /// Events arrive on the loop thread as the store commits them; returns the watch id.
    Result<std::uint64_t> watch(const apiserver::ResourceInfo &resource, const std::string &ns, const ListOptions &options,
                                const std::string &resourceVersion, std::function<void(const WatchEvent &)> handler);
    /// Ends a watch.
    void stopWatch(std::uint64_t id);

    /// Limits this client's requests (client-go's QPS/burst); null: unlimited.
    void setRateLimiter(RateLimiter *limiter) { m_limiter = limiter; }
    /// Requests that may be sent now without exceeding the rate (large when unlimited).
    [[nodiscard]] int budget() { return m_limiter ? m_limiter->budget() : 1 << 20; }
    /// How long until the next request may be sent.
    [[nodiscard]] engine::Duration waitForBudget() { return m_limiter ? m_limiter->waitForToken() : engine::Duration::zero(); }

    /// The component this client speaks for.
    [[nodiscard]] const std::string &userAgent() const { return m_userAgent; }
    /// The API server.
    apiserver::ApiServer &api() { return m_api; }

private:
    Result<api::Json> send(const std::string &method, const std::string &path,
                           std::multimap<std::string, std::string> query, const api::Json *body,
                           const std::string &contentType = "application/json");

    apiserver::ApiServer &m_api;
    std::string m_userAgent;
    RateLimiter *m_limiter = nullptr;
};

/// The URL path of a collection: /api/v1/namespaces/<ns>/pods or /apis/apps/v1/deployments.
std::string collectionPath(const apiserver::ResourceInfo &resource, const std::string &ns);
/// The URL path of one object (and optionally a subresource).
std::string objectPath(const apiserver::ResourceInfo &resource, const std::string &ns, const std::string &name,
                       const std::string &subresource = {});
/// The resource served for a group/version/plural; aborts on a typo (a programming error).
const apiserver::ResourceInfo &resource(std::string_view group, std::string_view version, std::string_view plural);

} // namespace k8slab::client
