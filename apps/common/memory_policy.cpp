#include "apps/common/memory_policy.h"

#include <malloc.h>

namespace k8slab::apps {

void tuneAllocatorForServing()
{
    // Setting the threshold also turns off its adjustment after each free of a mapping.
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
}

} // namespace k8slab::apps
