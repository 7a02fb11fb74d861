#pragma once

// The state of one API watch; private to the API server's sources.
#include "core/api/selectors.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/object_io.h"

namespace k8slab::apiserver {

/// One open watch: what it selects, how it prints, where its lines go.
struct ApiServer::Watch {
    const ResourceInfo *info = nullptr;      // the stored version
    const ResourceInfo *requested = nullptr; // the version the client asked for
    api::LabelSelector labels;
    api::FieldSelector fields;
    bool table = false;
    std::string includeObject;
    WatchEmit emit;
    store::WatchId storeWatch = 0;
    engine::TimerId bookmarkTimer = 0;
    bool sentColumns = false;
    RequestTarget target; // what the watch asked for (its metrics labels)

    /// True when the object passes the watch's label and field selectors.
    bool selects(const api::Json &object) const
    {
        return labels.matches(jsonAt(object, "metadata.labels"))
               && fields.matches([&](std::string_view f) { return fieldValue(*info, object, f); });
    }

    /// Emits one event line (the object, or a one-row Table).
    void send(const char *type, const api::Json &object, store::Revision revision, engine::TimePoint now)
    {
        api::Json payload = object;
        if (!table && requested && requested->storage) {
            payload = requested->fromStorage(payload);
            payload["apiVersion"] = requested->apiVersion();
        }
        if (table) {
            payload = buildTable(*info, {object}, includeObject, now, !sentColumns);
            payload["metadata"] = {{"resourceVersion", jsonAt(object, "metadata.resourceVersion")}};
            sentColumns = true;
        }
        emit(api::Json{{"type", type}, {"object", payload}}.dump() + "\n", revision);
    }
};

} // namespace k8slab::apiserver
