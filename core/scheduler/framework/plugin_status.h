#pragma once

#include <string>
#include <vector>

namespace k8slab::scheduler {

/// The result code of a plugin at an extension point, as upstream's framework.Code.
enum class Code {
    Success,                      ///< Go on.
    Error,                        ///< An internal error: the attempt fails and the pod backs off.
    Unschedulable,                ///< The node does not fit; preemption may help.
    UnschedulableAndUnresolvable, ///< The node does not fit; preemption will not help.
    Wait,                         ///< Permit: hold the pod (not used by the default plugins).
    Skip,                         ///< PreFilter/PreScore: the plugin has nothing to do for this pod.
    Pending,                      ///< PreEnqueue/Permit: waiting on something outside the scheduler.
};

/// The name upstream prints for a code ("Unschedulable", "UnschedulableAndUnresolvable", ...).
const char *codeName(Code code);

/// What a plugin returned: a code, its reasons (joined with ", " as the message) and
/// the plugin that returned it.
class PluginStatus {
public:
    /// Success.
    PluginStatus() = default;
    /// A status with one reason (or none).
    PluginStatus(Code code, std::string reason = {});
    /// A status with several reasons.
    PluginStatus(Code code, std::vector<std::string> reasons);

    /// The code.
    [[nodiscard]] Code code() const { return m_code; }
    /// True for Success.
    [[nodiscard]] bool ok() const { return m_code == Code::Success; }
    /// True for Unschedulable and UnschedulableAndUnresolvable.
    [[nodiscard]] bool rejected() const
    {
        return m_code == Code::Unschedulable || m_code == Code::UnschedulableAndUnresolvable;
    }
    /// True for Skip.
    [[nodiscard]] bool skipped() const { return m_code == Code::Skip; }
    /// The reasons.
    [[nodiscard]] const std::vector<std::string> &reasons() const { return m_reasons; }
    /// The reasons joined with ", ".
    [[nodiscard]] std::string message() const;
    /// The plugin that returned it (set by the framework).
    [[nodiscard]] const std::string &plugin() const { return m_plugin; }
    /// Names the plugin.
    PluginStatus &withPlugin(std::string plugin)
    {
        m_plugin = std::move(plugin);
        return *this;
    }

private:
    Code m_code = Code::Success;
    std::vector<std::string> m_reasons;
    std::string m_plugin;
};

} // namespace k8slab::scheduler
