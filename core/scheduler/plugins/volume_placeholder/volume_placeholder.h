#pragma once

#include "core/scheduler/framework/interfaces.h"

#include <string>

namespace k8slab::scheduler::plugins {

/// Stands in for a volume plugin (VolumeRestrictions, NodeVolumeLimits, VolumeBinding,
/// VolumeZone) until the lab models volumes: it keeps the plugin's name and place in
/// the profile, and skips at PreFilter and PreScore with a message saying why, so the
/// decision record shows the plugin was not evaluated rather than silently passing.
class VolumePlaceholder : public Plugin, public PreFilterPlugin, public FilterPlugin, public PreScorePlugin {
public:
    /// The message of the Skip status.
    static constexpr std::string_view kNotModelled = "volumes are not modelled by the lab yet; plugin skipped";

    /// A placeholder named `name`.
    explicit VolumePlaceholder(std::string name) : m_name(std::move(name)) {}
    std::string_view name() const override { return m_name; }
    PluginStatus preFilter(CycleState &, const PodInfo &, PreFilterResult &) override
    {
        return PluginStatus(Code::Skip, std::string(kNotModelled));
    }
    PluginStatus filter(const CycleState &, const PodInfo &, const NodeInfo &) const override { return {}; }
    PluginStatus preScore(CycleState &, const PodInfo &, const std::vector<NodeInfo *> &) override
    {
        return PluginStatus(Code::Skip, std::string(kNotModelled));
    }

private:
    std::string m_name;
};

} // namespace k8slab::scheduler::plugins
