#pragma once

#include "core/engine/trace_bus.h"
#include "core/store/mvcc_store.h"

namespace k8slab::recording {

/// Publishes every store write as a trace event of the "store" component
/// (codes store.create / store.update / store.delete, with StoreWriteDetails), caused
/// by whatever step made the write, and stamps the bus with the store's revision.
class StoreTracer {
public:
    /// Starts tracing writes of `store` onto `bus`.
    StoreTracer(store::MvccStore &store, engine::TraceBus &bus);
    ~StoreTracer();
    StoreTracer(const StoreTracer &) = delete;
    StoreTracer &operator=(const StoreTracer &) = delete;

    /// The object a registry key names: /registry/<resource>/[<namespace>/]<name>.
    static engine::ObjectRef objectForKey(std::string_view key);

private:
    store::MvccStore &m_store;
    store::WatchId m_watch = 0;
};

} // namespace k8slab::recording
