#pragma once

namespace k8slab::apps {

/// Sets glibc's allocator up for a process that serves HTTP: allocations of 1 MiB and
/// more (request and response bodies, up to 3 MiB) are mapped and returned to the system
/// when freed, instead of glibc's adaptive threshold keeping them cached in each worker
/// thread's arena. Without it, a burst of large requests leaves tens of MiB behind for
/// good (measured: tests/e2e/tst_hostile_input, docs/benchmarks.md).
void tuneAllocatorForServing();

} // namespace k8slab::apps
