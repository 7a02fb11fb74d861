#include "core/scheduler/framework/fit_error.h"

#include <algorithm>
#include <map>
#include <vector>

namespace k8slab::scheduler {

std::string FitError::message() const
{
    // Appended piece by piece (GCC 12's -Wrestrict misfires on chains of operator+).
    std::string out = "0/";
    out.append(std::to_string(numAllNodes)).append(" nodes are available:");
    if (!preFilterMsg.empty()) {
        out.append(" ").append(preFilterMsg).append(".");
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
            out.append(" ");
            for (std::size_t i = 0; i < entries.size(); ++i)
                out.append(i ? ", " : "").append(entries[i]);
            out.append(".");
        }
    }
    if (!postFilterMsg.empty())
        out.append(" ").append(postFilterMsg);
    return out;
}

std::string truncateEventMessage(const std::string &message)
{
    constexpr std::size_t kLimit = 1024;
    if (message.size() <= kLimit)
        return message;
    return message.substr(0, kLimit - 4).append(" ...");
}

} // namespace k8slab::scheduler
