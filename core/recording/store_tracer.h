#pragma once

#include "core/engine/trace_bus.h"
#include "core/store/mvcc_store.h"

#include <functional>
#include <string>
#include <string_view>

namespace k8slab::recording {

/// Publishes every store write as a trace event of the "store" component
/// (codes store.create / store.update / store.delete, with StoreWriteDetails), caused
/// by whatever step made the write, and stamps the bus with the store's revision.
class StoreTracer {
public:
    /// Maps a key's group-resource ("deployments.apps") to its kind ("Deployment");
    /// an empty answer keeps the group-resource.
    using KindResolver = std::function<std::string(std::string_view groupResource)>;

    /// Starts tracing writes of `store` onto `bus`.
    StoreTracer(store::MvccStore &store, engine::TraceBus &bus);
    /// Names the kinds of the objects written from now on, so a store write and the
    /// request that made it name the object alike (set once the resources are known).
    void setKindResolver(KindResolver resolver) { m_kinds = std::move(resolver); }
    ~StoreTracer();
    StoreTracer(const StoreTracer &) = delete;
    StoreTracer &operator=(const StoreTracer &) = delete;

    /// The object a registry key names: /registry/<resource>/[<namespace>/]<name>.
    static engine::ObjectRef objectForKey(std::string_view key);

private:
    store::MvccStore &m_store;
    KindResolver m_kinds;
    store::WatchId m_watch = 0;
};

} // namespace k8slab::recording
