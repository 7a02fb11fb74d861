#include "core/scheduler/framework/registry.h"

namespace k8slab::scheduler {

Status Registry::add(const std::string &name, PluginFactory factory)
{
    if (m_factories.count(name))
        return Status(StatusCode::AlreadyExists, "a plugin named \"" + name + "\" already exists");
    m_factories.emplace(name, std::move(factory));
    return Status();
}

const PluginFactory *Registry::find(const std::string &name) const
{
    auto it = m_factories.find(name);
    return it == m_factories.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::names() const
{
    std::vector<std::string> out;
    for (const auto &[name, f] : m_factories)
        out.push_back(name);
    return out;
}

} // namespace k8slab::scheduler
