#pragma once

#include "core/api/json.h"
#include "core/api/selectors.h"
#include "core/client/client.h"

#include <functional>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace k8slab::client {

/// Callbacks for changes an informer sees, as client-go's ResourceEventHandlerFuncs.
struct EventHandlers {
    /// An object appeared (also for each object of the first list).
    std::function<void(const api::Json &object)> onAdd;
    /// An object changed.
    std::function<void(const api::Json &oldObject, const api::Json &newObject)> onUpdate;
    /// An object went away (its last known state).
    std::function<void(const api::Json &object)> onDelete;
};

/// A list+watch cache of one resource, as client-go's shared informer: it lists,
/// then watches from the list's resourceVersion, keeps every object in memory (the
/// lister reads from here, never from the API server) and calls the handlers — each
/// change as its own loop task, caused by the store write behind it. A watch that
/// ends with 410 Gone relists, as the reflector does. Like kube-scheduler's and
/// kube-controller-manager's informers (v1.28+), it drops metadata.managedFields from
/// what it caches — a component never reads them, and they are a good part of an
/// object's size — unless keepManagedFields() asks otherwise.
class Informer {
public:
    /// An informer for `resource` in `ns` (empty: all namespaces) with `options`.
    Informer(Client &client, const apiserver::ResourceInfo &resource, std::string ns = {}, ListOptions options = {});
    ~Informer();
    Informer(const Informer &) = delete;
    Informer &operator=(const Informer &) = delete;

    /// Caches objects with their managedFields (the desktop app shows them); call before start().
    void keepManagedFields() { m_keepManagedFields = true; }
    /// Adds handlers; add them before start() to see the initial objects.
    void addHandlers(EventHandlers handlers);
    /// Lists and starts watching. The handlers' onAdd calls for the listed objects
    /// run as loop tasks after this returns.
    Status start();
    /// Stops watching; the cache stays as it was.
    void stop();
    /// True once the first list is in the cache.
    [[nodiscard]] bool hasSynced() const { return m_synced; }
    /// How many times the cache was filled from a list (each relist replaces every
    /// cached object, so whatever was keyed by their addresses is stale).
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }

    /// The cached object `ns/name` (or `name` for cluster-scoped), or null.
    [[nodiscard]] const api::Json *get(const std::string &ns, const std::string &name) const;
    /// Cached objects in `ns` (empty: all) that the selector selects, in key order.
    [[nodiscard]] std::vector<const api::Json *> list(const api::LabelSelector &selector = {},
                                                      const std::string &ns = {}) const;
    /// Cached objects whose controller ownerReference has `uid` ("" for objects with no
    /// controller: the orphans), optionally only in `ns` — an index, so a controller
    /// finds its own objects without scanning the cache.
    [[nodiscard]] std::vector<const api::Json *> listByController(const std::string &uid, const std::string &ns = {}) const;
    /// The cache key of an object: "ns/name", or "name" when cluster-scoped.
    static std::string keyOf(const api::Json &object);

private:
    void handle(const WatchEvent &event);
    Status relist();
    void index(const std::string &key, const api::Json &object);
    void unindex(const std::string &key, const api::Json &object);

    Client &m_client;
    const apiserver::ResourceInfo &m_resource;
    std::string m_ns;
    ListOptions m_options;
    std::vector<EventHandlers> m_handlers;
    std::map<std::string, api::Json> m_cache;
    std::uint64_t m_generation = 0;
    // controller uid → key → the object in m_cache (a map node's value stays put until erased)
    std::map<std::string, std::map<std::string, const api::Json *>> m_byController;
    std::uint64_t m_watch = 0;
    bool m_synced = false;
    bool m_running = false;
    bool m_keepManagedFields = false;
};

} // namespace k8slab::client
