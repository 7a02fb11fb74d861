#pragma once

#include "core/api/json.h"
#include "core/base/result.h"
#include "core/scheduler/framework/interfaces.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace k8slab::scheduler {

/// Builds a plugin from its args (the plugin's *Args object from the configuration, or null).
using PluginFactory = std::function<Result<std::unique_ptr<Plugin>>(const Handle &handle, const api::Json &args)>;

/// Plugin factories by name, as upstream's runtime.Registry: registering a name twice
/// is refused, so two plugins can never answer to one name.
class Registry {
public:
    /// Adds a factory; AlreadyExists when the name is taken.
    Status add(const std::string &name, PluginFactory factory);
    /// The factory for `name`, or null.
    [[nodiscard]] const PluginFactory *find(const std::string &name) const;
    /// Every registered name, sorted.
    [[nodiscard]] std::vector<std::string> names() const;

private:
    std::map<std::string, PluginFactory> m_factories;
};

} // namespace k8slab::scheduler
