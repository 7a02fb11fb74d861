#pragma once

#include "core/proto/trace.pb.h"
#include "core/recording/trace_index.h"

#include <memory>
#include <string_view>
#include <vector>

namespace k8slab::recording {

/// One step of an object's story, as the sequence diagram draws it. The events are
/// copies: a story outlives the index's window (which drops its oldest events).
struct HistoryStep {
    using Event = std::shared_ptr<const proto::TraceEvent>;
    /// The step itself.
    Event event;
    /// For an API request: the API server's answer, when traced.
    Event response;
    /// For a step a component took because it saw a store write (through its watch):
    /// that write.
    Event watched;
};

/// An object's causal history: the steps, in the order they happened.
struct History {
    std::vector<HistoryStep> steps;
    /// Steps were left out: the story is longer than kMaxSteps, or its beginning is
    /// older than what the index holds.
    bool truncated = false;

    static constexpr std::size_t kMaxSteps = 800;
};

/// A pod's life from the trace: the request that started it (a kubectl command that
/// created its Deployment, say) and every step on the way to the pod's creation (owner
/// controllers' reconciles and API calls), every step about the pod itself
/// (scheduling, binding, the kubelet's sandbox, pulls, containers, status), and what
/// the pod's changes caused in turn (the endpoints and EndpointSlice controllers'
/// updates and each kube-proxy's sync). Steps about other pods, reads, the API
/// server's answers (attached to their requests) and Kubernetes Event writes are left
/// out. `uid` picks one incarnation of a name that was reused; empty means the latest.
History podHistory(const TraceIndex &index, std::string_view ns, std::string_view name, std::string_view uid = {});

/// How an object came to be and what its creation led to: every step descending from
/// the request that created it (for a Deployment: the ReplicaSet, its pods, their
/// scheduling, kubelets, endpoints and proxy syncs), without reads, answers and Event
/// writes. Uses the latest creation of that name.
History creationHistory(const TraceIndex &index, std::string_view kind, std::string_view ns, std::string_view name);

/// The object an event is about; for a create request (whose name the server picks
/// or which names no object yet) the object its store write made.
const proto::ObjectRef &subjectOf(const TraceIndex &index, const proto::TraceEvent &event);

} // namespace k8slab::recording
