#pragma once

#include "core/scheduler/framework/interfaces.h"

namespace k8slab::scheduler::plugins {

/// DefaultBinder: binds through the API server's pods/binding subresource.
class DefaultBinder : public Plugin, public BindPlugin {
public:
    /// A binder writing through the handle's client.
    explicit DefaultBinder(const Handle &handle) : m_handle(handle) {}
    std::string_view name() const override;
    PluginStatus bind(CycleState &state, const PodInfo &pod, const std::string &node) override;

private:
    const Handle &m_handle;
};

} // namespace k8slab::scheduler::plugins
