#pragma once

#include "core/scheduler/framework/interfaces.h"

#include <string>

namespace k8slab::scheduler {

/// Why a pod fits nowhere, and the message upstream's FitError.Error() prints:
/// "0/N nodes are available: <count reason, ...>. <postfilter message>", the reasons
/// counted per node and sorted as strings (so "10 ..." sorts before "2 ...").
struct FitError {
    int numAllNodes = 0;        ///< Nodes in the snapshot.
    NodeStatusMap statuses;     ///< Each examined node's failing status.
    std::string preFilterMsg;   ///< The PreFilter rejection, if that is where it failed.
    std::string postFilterMsg;  ///< PostFilter's message ("preemption: ...").

    /// The message.
    [[nodiscard]] std::string message() const;
};

/// The message when the cluster has no nodes at all.
inline constexpr std::string_view kNoNodesAvailable = "no nodes available to schedule pods";

/// An event note cut as upstream cuts it: over 1024 characters, the first 1020 and " ...".
std::string truncateEventMessage(const std::string &message);

} // namespace k8slab::scheduler
