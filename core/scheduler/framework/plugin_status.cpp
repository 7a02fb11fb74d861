#include "core/scheduler/framework/plugin_status.h"

namespace k8slab::scheduler {

const char *codeName(Code code)
{
    switch (code) {
    case Code::Success: return "Success";
    case Code::Error: return "Error";
    case Code::Unschedulable: return "Unschedulable";
    case Code::UnschedulableAndUnresolvable: return "UnschedulableAndUnresolvable";
    case Code::Wait: return "Wait";
    case Code::Skip: return "Skip";
    case Code::Pending: return "Pending";
    }
    return "Unknown";
}

PluginStatus::PluginStatus(Code code, std::string reason) : m_code(code)
{
    if (!reason.empty())
        m_reasons.push_back(std::move(reason));
}

PluginStatus::PluginStatus(Code code, std::vector<std::string> reasons) : m_code(code), m_reasons(std::move(reasons))
{
}

std::string PluginStatus::message() const
{
    std::string out;
    for (const std::string &r : m_reasons) {
        if (!out.empty())
            out += ", ";
        out += r;
    }
    return out;
}

} // namespace k8slab::scheduler
