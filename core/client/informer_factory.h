#pragma once

#include "core/client/informer.h"

#include <map>
#include <memory>

namespace k8slab::client {

/// One informer per resource, shared by every controller that asks for it, as
/// client-go's SharedInformerFactory: a pod is cached once however many controllers
/// watch pods, and each change reaches all their handlers from one watch.
class InformerFactory {
public:
    /// Informers listing and watching through `client`.
    explicit InformerFactory(Client &client);

    /// The shared informer of `resource` (all namespaces); created on first use.
    /// Add handlers before start() to see the initial objects.
    Informer &forResource(const apiserver::ResourceInfo &resource);
    /// The shared informer of the resource served at group/version/plural.
    Informer &forResource(std::string_view group, std::string_view version, std::string_view plural);
    /// Starts every informer created so far (in creation order).
    Status start();
    /// True once every informer has its first list.
    [[nodiscard]] bool hasSynced() const;

private:
    Client &m_client;
    std::vector<std::pair<const apiserver::ResourceInfo *, std::unique_ptr<Informer>>> m_informers;
};

} // namespace k8slab::client
