#include "core/scheduler/framework/fit_error.h"

#include <algorithm>
#include <map>
#include <vector>

namespace k8slab::scheduler {

std::string FitError::message() const
{
    std::string out = "0/" + std::to_string(numAllNodes) + " nodes are available:";
    if (!preFilterMsg.empty()) {
        out += " " + preFilterMsg + ".";
    } else {
        std::map<std::string, int> histogram;
        for (const auto &[node, status] : statuses)
            for (const std::string &reason : status.reasons())
                ++histogram[reason];
        std::vector<std::string> entries;
        for (const auto &[reason, count] : histogram)
            entries.push_back(std::to_string(count) + " " + reason);
        std::sort(entries.begin(), entries.end()); // Go's sort.Strings: byte order
        if (!entries.empty()) {
            out += " ";
            for (std::size_t i = 0; i < entries.size(); ++i)
                out += (i ? ", " : "") + entries[i];
            out += ".";
        }
    }
    if (!postFilterMsg.empty())
        out += " " + postFilterMsg;
    return out;
}

std::string truncateEventMessage(const std::string &message)
{
    constexpr std::size_t kLimit = 1024;
    if (message.size() <= kLimit)
        return message;
    return message.substr(0, kLimit - 4) + " ...";
}

} // namespace k8slab::scheduler
