#pragma once

#include <span>
#include <string_view>

namespace k8slab::engine {

/// One kind of step a component publishes on the trace bus. The code is the stable,
/// machine-readable name (recordings keep it; the GUI narrates it, keyed by it).
struct TraceCode {
    /// e.g. "scheduler.bind".
    std::string_view code;
    /// What the step is, in one line of English, for logs and the lab API.
    std::string_view summary;
};

/// Every code a component of the lab publishes, in the order a pod's life meets them.
/// A component that starts publishing a new code adds it here; a test fails on a code
/// the catalog lacks, and another on a code the GUI cannot narrate.
std::span<const TraceCode> traceCodes();

/// The catalog entry for `code`, or null when no component publishes it.
const TraceCode *findTraceCode(std::string_view code);

} // namespace k8slab::engine
