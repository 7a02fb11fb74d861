#include "core/client/informer_factory.h"

namespace k8slab::client {

InformerFactory::InformerFactory(Client &client) : m_client(client)
{
}

Informer &InformerFactory::forResource(const apiserver::ResourceInfo &resource)
{
    for (auto &[info, informer] : m_informers)
        if (info == &resource)
            return *informer;
    m_informers.emplace_back(&resource, std::make_unique<Informer>(m_client, resource));
    return *m_informers.back().second;
}

Informer &InformerFactory::forResource(std::string_view group, std::string_view version, std::string_view plural)
{
    return forResource(resource(group, version, plural));
}

Status InformerFactory::start()
{
    for (auto &[info, informer] : m_informers)
        if (!informer->hasSynced())
            if (Status s = informer->start(); !s.ok())
                return s;
    return {};
}

bool InformerFactory::hasSynced() const
{
    for (const auto &[info, informer] : m_informers)
        if (!informer->hasSynced())
            return false;
    return true;
}

} // namespace k8slab::client
