#pragma once

#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace k8slab::controllers {

/// The garbage collector of kube-controller-manager: follows ownerReferences.
/// When an owner is gone, its dependents are deleted (or just lose the reference
/// when another owner remains). An owner deleted with propagationPolicy Foreground
/// (finalizer "foregroundDeletion") waits until its dependents are gone; one deleted
/// with Orphan (finalizer "orphan") lets them live on without the reference.
class GarbageCollector {
public:
    /// A collector acting through `client` on every built-in resource, reading from
    /// the shared `informers`.
    GarbageCollector(client::Client &client, client::InformerFactory &informers);
    ~GarbageCollector();
    GarbageCollector(const GarbageCollector &) = delete;
    GarbageCollector &operator=(const GarbageCollector &) = delete;

    /// Registers the handlers (every object is looked at once the informers start).
    void start();

private:
    // Where an object lives; the object itself stays in its informer's cache.
    struct Node {
        const apiserver::ResourceInfo *resource = nullptr;
        client::Informer *informer = nullptr;
        std::string ns;
        std::string name;
    };

    void observe(const apiserver::ResourceInfo &resource, client::Informer &informer, const api::Json &object);
    const api::Json *objectOf(const Node &node) const;
    void forget(const api::Json &object);
    void process(const std::string &uid);
    std::vector<std::pair<const apiserver::ResourceInfo *, api::Json>> dependentsOf(const std::string &ownerUid) const;
    void removeOwnerReference(const apiserver::ResourceInfo &resource, const api::Json &dependent, const std::string &ownerUid);
    void removeFinalizer(const apiserver::ResourceInfo &resource, const api::Json &object, const std::string &finalizer);

    client::Client &m_client;
    client::InformerFactory &m_informers;
    std::map<std::string, Node> m_byUid;
    std::map<std::string, std::set<std::string>> m_dependents; // owner uid → dependent uids
    client::WorkQueue m_queue;
};

} // namespace k8slab::controllers
