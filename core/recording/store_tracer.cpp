#include "core/recording/store_tracer.h"

#include "core/store/keys.h"

#include <vector>

namespace k8slab::recording {

engine::ObjectRef StoreTracer::objectForKey(std::string_view key)
{
    std::vector<std::string_view> parts;
    std::string_view rest = key.substr(std::min(key.size(), store::kKeyRoot.size()));
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        parts.push_back(rest.substr(0, slash));
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    }
    engine::ObjectRef ref;
    if (parts.empty())
        return ref;
    // The resource (plural) stands in for the kind until the API server maps it.
    ref.kind = std::string(parts.front());
    if (parts.size() == 2) {
        ref.name = std::string(parts[1]);
    } else if (parts.size() >= 3) {
        ref.ns = std::string(parts[1]);
        ref.name = std::string(parts.back());
    }
    return ref;
}

StoreTracer::StoreTracer(store::MvccStore &store, engine::TraceBus &bus) : m_store(store)
{
    bus.setRevisionSource([&store] { return store.revision(); });
    auto watch = store.watch(store::kKeyRoot, 0, [this, &bus](const store::WatchEvent &event) {
        proto::TraceEvent trace;
        trace.set_component("store");
        trace.set_kind(proto::TRACE_KIND_STORE_WRITE);
        trace.set_revision(event.kv.modRevision);
        proto::StoreWriteDetails *details = trace.mutable_store_write();
        details->set_key(event.kv.key);
        details->set_mod_revision(event.kv.modRevision);
        details->set_prev_revision(event.prevKv ? event.prevKv->modRevision : 0);
        details->set_value_size(static_cast<std::int64_t>(event.kv.value.size()));
        if (event.type == store::EventType::Delete) {
            trace.set_code("store.delete");
            details->set_op(proto::StoreWriteDetails::OP_DELETE);
        } else if (event.prevKv) {
            trace.set_code("store.update");
            details->set_op(proto::StoreWriteDetails::OP_UPDATE);
        } else {
            trace.set_code("store.create");
            details->set_op(proto::StoreWriteDetails::OP_CREATE);
        }
        const engine::ObjectRef ref = objectForKey(event.kv.key);
        proto::ObjectRef *object = trace.mutable_object();
        std::string kind = m_kinds ? m_kinds(ref.kind) : std::string();
        object->set_kind(kind.empty() ? ref.kind : std::move(kind));
        object->set_namespace_(ref.ns);
        object->set_name(ref.name);
        bus.publish(std::move(trace));
    });
    if (watch.ok())
        m_watch = *watch;
}

StoreTracer::~StoreTracer()
{
    if (m_watch)
        m_store.cancelWatch(m_watch);
}

} // namespace k8slab::recording
