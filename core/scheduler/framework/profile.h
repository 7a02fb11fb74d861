#pragma once

#include "core/api/json.h"
#include "core/base/result.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::scheduler {

/// A plugin enabled in a configuration, with its score weight (0: the default).
struct PluginRef {
    std::string name;        ///< Plugin name.
    std::int32_t weight = 0; ///< Score weight; 0 means the default (or 1).
};

/// Enabled and disabled plugins of one extension point ("*" disables every default).
struct PluginSet {
    std::vector<PluginRef> enabled;     ///< Added, in order.
    std::vector<std::string> disabled;  ///< Removed from the defaults.
};

/// The extension points a configuration may name, in upstream's spelling.
inline const std::vector<std::string> &extensionPoints()
{
    static const std::vector<std::string> points = {"preEnqueue", "queueSort", "preFilter", "filter",   "postFilter",
                                                    "preScore",   "score",     "reserve",   "permit",   "preBind",
                                                    "bind",       "postBind"};
    return points;
}

/// One scheduling profile of a KubeSchedulerConfiguration.
struct ProfileConfig {
    std::string schedulerName = "default-scheduler";  ///< Pods choose the profile by spec.schedulerName.
    std::optional<std::int32_t> percentageOfNodesToScore; ///< Overrides the global value.
    PluginSet multiPoint;                              ///< plugins.multiPoint.
    std::map<std::string, PluginSet> points;           ///< plugins.<point>.
    std::map<std::string, api::Json> pluginArgs;       ///< pluginConfig args by plugin name.
};

/// The parts of a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) the lab uses.
struct SchedulerConfig {
    std::int32_t percentageOfNodesToScore = 0; ///< 0: upstream's adaptive percentage.
    std::int64_t podInitialBackoffSeconds = 1; ///< First backoff.
    std::int64_t podMaxBackoffSeconds = 10;    ///< Backoff cap.
    std::vector<ProfileConfig> profiles{ProfileConfig{}}; ///< At least one profile.
};

/// The default MultiPoint list of v1.32 (volume plugins included; the lab skips them
/// and says so in the decision record) with upstream's default weights.
const std::vector<PluginRef> &defaultMultiPoint();

/// The default args of a plugin (NodeResourcesFit's LeastAllocated strategy, ...), or null.
api::Json defaultPluginArgs(const std::string &plugin);

/// Parses a KubeSchedulerConfiguration from YAML or JSON. Errors are Invalid and name
/// the offending field as upstream's validation does.
Result<SchedulerConfig> parseSchedulerConfig(const std::string &text);

/// Reads and parses a KubeSchedulerConfiguration file; errors name the file.
Result<SchedulerConfig> readSchedulerConfigFile(const std::string &path);

/// The configuration as a KubeSchedulerConfiguration object (for the lab API and the GUI).
api::Json toJson(const SchedulerConfig &config);

} // namespace k8slab::scheduler
