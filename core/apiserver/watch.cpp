// WATCH: synthetic ADDED events for a watch from "now", then every store event that
// matches the selectors, as JSON lines (objects or one-row Tables).
#include "core/api/selectors.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/service_account_tokens.h"
#include "core/apiserver/api_metrics.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/object_cache.h"
#include "core/apiserver/status_response.h"
#include "core/apiserver/watch_state.h"

namespace k8slab::apiserver {

using api::Json;

Result<std::uint64_t> ApiServer::startWatch(const ApiRequest &request, WatchEmit emit)
{
    Result<RequestTarget> target = parseTarget(request.path);
    if (!target.ok())
        return target.status();
    if (!target->name.empty() || !target->subresource.empty())
        return Status(StatusCode::MethodNotAllowed, "watch a single object with fieldSelector=metadata.name=<name>");
    if (!target->resource->supports("watch"))
        return Status(StatusCode::MethodNotAllowed, "the server does not allow this method on the requested resource");
    auto watch = std::make_unique<Watch>();
    watch->requested = target->resource;
    watch->info = &target->resource->stored();
    auto labels = api::LabelSelector::parse(request.param("labelSelector").value_or(""));
    if (!labels.ok())
        return labels.status();
    auto fields = api::FieldSelector::parse(request.param("fieldSelector").value_or(""));
    if (!fields.ok())
        return fields.status();
    Json probe = Json::object();
    if (Status s = fields->checkSupported([&](std::string_view f) { return fieldValue(*watch->info, probe, f); }); !s.ok())
        return s;
    watch->labels = std::move(*labels);
    watch->fields = std::move(*fields);
    watch->table = outputFormat(request) == OutputFormat::Table;
    watch->includeObject = request.param("includeObject").value_or("Metadata");
    watch->emit = std::move(emit);
    watch->target = *target;
    traceRequest(request, &*target);
    m_metrics->watchOpened(*target);

    const std::string prefix = collectionPrefix(*watch->info, target->ns);
    const std::string rvParam = request.param("resourceVersion").value_or("");
    auto revision = parseResourceVersion(rvParam);
    if (!revision.ok())
        return revision.status();
    store::Revision from = 0;
    Watch *w = watch.get();
    if (rvParam.empty() || rvParam == "0") {
        // "Any" resource version: the current state as ADDED events, then what follows.
        auto range = m_store.range(prefix);
        if (!range.ok())
            return range.status();
        for (const store::KeyValue &kv : range->kvs) {
            Json object = decodeObject(*w->info, kv);
            if (w->selects(object))
                w->send("ADDED", object, kv.modRevision, m_loop.now());
        }
        from = range->revision + 1;
    } else {
        from = *revision + 1;
    }
    auto storeWatch = m_store.watch(prefix, from, [this, w](const store::WatchEvent &event) {
        // Every watcher of the resource sees the same event: decode it once for all of them.
        static const Json kNull;
        const std::shared_ptr<const Json> nowPtr =
            event.type == store::EventType::Put ? decodeShared(*w->info, event.kv) : nullptr;
        const std::shared_ptr<const Json> beforePtr = event.prevKv ? decodeShared(*w->info, *event.prevKv) : nullptr;
        const Json &now = nowPtr ? *nowPtr : kNull;
        const Json &before = beforePtr ? *beforePtr : kNull;
        const bool matchedBefore = !before.is_null() && w->selects(before);
        if (event.type == store::EventType::Delete) {
            if (!matchedBefore)
                return;
            Json gone = before;
            gone["metadata"]["resourceVersion"] = std::to_string(event.kv.modRevision);
            w->send("DELETED", gone, event.kv.modRevision, m_loop.now());
            return;
        }
        const bool matchesNow = w->selects(now);
        if (matchesNow)
            w->send(matchedBefore ? "MODIFIED" : "ADDED", now, event.kv.modRevision, m_loop.now());
        else if (matchedBefore)
            w->send("DELETED", now, event.kv.modRevision, m_loop.now());
    });
    if (!storeWatch.ok()) {
        if (storeWatch.status().code() == StatusCode::Expired) {
            // Upstream answers 200 and an ERROR event with a 410 Status, then ends the stream.
            const Status gone(StatusCode::Expired, "too old resource version: " + rvParam + " ("
                                                       + std::to_string(m_store.compactRevision()) + ")");
            w->emit(Json{{"type", "ERROR"}, {"object", statusObject(gone)}}.dump() + "\n", 0);
            w->emit(std::string(), 0);
            return std::uint64_t(0);
        }
        return storeWatch.status();
    }
    watch->storeWatch = *storeWatch;
    const std::uint64_t id = m_nextWatch++;
    m_watches.emplace(id, std::move(watch));
    if (request.flag("allowWatchBookmarks"))
        scheduleBookmark(id);
    return id;
}

void ApiServer::scheduleBookmark(std::uint64_t id)
{
    // Upstream sends a bookmark about once a minute so a client that restarts its
    // watch can resume from a recent resourceVersion instead of relisting.
    auto it = m_watches.find(id);
    if (it == m_watches.end())
        return;
    it->second->bookmarkTimer = m_loop.schedule(std::chrono::seconds(60), [this, id] {
        auto w = m_watches.find(id);
        if (w == m_watches.end())
            return;
        const Json bookmark = {{"kind", w->second->info->kind},
                               {"apiVersion", w->second->info->apiVersion()},
                               {"metadata", {{"resourceVersion", std::to_string(m_store.revision())}}}};
        w->second->emit(Json{{"type", "BOOKMARK"}, {"object", bookmark}}.dump() + "\n", m_store.revision());
        scheduleBookmark(id);
    });
}

bool ApiServer::streams(const ApiRequest &request)
{
    if (request.method != "GET")
        return false;
    if (request.flag("watch"))
        return true;
    return request.flag("follow") && request.path.ends_with("/log");
}

Result<ApiServer::Stream> ApiServer::startStream(const ApiRequest &request, WatchEmit emit)
{
    if (request.flag("watch")) {
        Result<std::uint64_t> id = startWatch(request, std::move(emit));
        if (!id.ok())
            return id.status();
        return Stream{[this, id = *id] { stopWatch(id); }, "application/json;stream=watch", true};
    }
    // A followed log: the pod must exist and have a node, as for a plain GET of its log.
    Result<RequestTarget> target = parseTarget(request.path);
    if (!target.ok())
        return target.status();
    if (target->subresource != "log" || target->resource->kind != "Pod")
        return Status(StatusCode::BadRequest, "follow=true streams pods/<name>/log only");
    traceRequest(request, &*target);
    Result<Json> pod = get(*target->resource, target->ns, target->name);
    if (!pod.ok())
        return pod.status();
    const Json node = jsonAt(*pod, "spec.nodeName");
    if (!m_podLogFollower || !node.is_string() || node.get<std::string>().empty())
        return Status(StatusCode::BadRequest, "pod " + target->name + " does not have a host assigned");
    Result<std::function<void()>> stop =
        m_podLogFollower(*pod, request, [send = std::move(emit)](std::string chunk) { send(std::move(chunk), 0); });
    if (!stop.ok())
        return stop.status();
    // Not text/plain as upstream's: cpp-httplib gzips every text/* answer, and a gzip
    // stream holds lines back until its buffer fills (docs/lab-api.md says so).
    return Stream{std::move(*stop), "application/octet-stream", false};
}

ApiServer::~ApiServer()
{
    while (!m_watches.empty())
        stopWatch(m_watches.begin()->first);
    m_cache.reset();
}

void ApiServer::stopWatch(std::uint64_t id)
{
    auto it = m_watches.find(id);
    if (it == m_watches.end())
        return;
    m_store.cancelWatch(it->second->storeWatch);
    m_metrics->watchClosed(it->second->target);
    if (it->second->bookmarkTimer)
        m_loop.cancel(it->second->bookmarkTimer);
    m_watches.erase(it);
}

std::shared_ptr<const Json> ApiServer::decodeShared(const ResourceInfo &info, const store::KeyValue &kv)
{
    for (const DecodedEvent &d : m_decoded)
        if (d.info == &info && d.modRevision == kv.modRevision && d.key == kv.key)
            return d.object;
    auto object = std::make_shared<const Json>(decodeObject(info, kv));
    m_decoded[m_nextDecoded] = {&info, kv.key, kv.modRevision, object};
    m_nextDecoded = (m_nextDecoded + 1) % m_decoded.size();
    return object;
}

} // namespace k8slab::apiserver
