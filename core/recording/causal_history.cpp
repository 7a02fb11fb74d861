#include "core/recording/causal_history.h"

#include <algorithm>
#include <array>
#include <deque>
#include <set>
#include <string>
#include <unordered_set>

namespace k8slab::recording {

namespace {

using engine::TraceId;

/// How many events one history may look at, whatever it finds (a guard against a
/// trace whose causes fan out without end).
constexpr std::size_t kMaxVisited = 50'000;

bool isStoreWrite(const proto::TraceEvent &e)
{
    return e.kind() == proto::TRACE_KIND_STORE_WRITE;
}

bool isRequest(const proto::TraceEvent &e)
{
    return e.code() == "apiserver.request";
}

std::string_view param(const proto::TraceEvent &e, const std::string &key)
{
    auto it = e.params().find(key);
    return it == e.params().end() ? std::string_view() : std::string_view(it->second);
}

bool isKind(const proto::ObjectRef &o, std::initializer_list<std::string_view> kinds)
{
    return std::find(kinds.begin(), kinds.end(), o.kind()) != kinds.end();
}

/// Steps no story needs: answers (drawn with their requests), reads, Kubernetes
/// Event writes and lease renewals.
bool isNoise(const TraceIndex &index, const proto::TraceEvent &e)
{
    if (e.code() == "apiserver.response")
        return true;
    if (isRequest(e)) {
        const std::string_view verb = param(e, "verb");
        if (verb == "GET" || verb == "LIST" || verb == "WATCH")
            return true;
    }
    const proto::ObjectRef &o = subjectOf(index, e);
    return isKind(o, {"Event", "events", "events.events.k8s.io", "Lease", "leases.coordination.k8s.io"});
}

/// A Pod other than the one whose story is told.
bool aboutOtherPod(const TraceIndex &index, const proto::TraceEvent &e, std::string_view ns, std::string_view name)
{
    const proto::ObjectRef &o = subjectOf(index, e);
    return isKind(o, {"Pod", "pods"}) && !o.name().empty() && (o.name() != name || o.namespace_() != ns);
}

/// What may lead up to a pod: its owners' reconciles and writes, and the pod itself.
bool isOwnerStep(const TraceIndex &index, const proto::TraceEvent &e)
{
    return isKind(subjectOf(index, e), {"Pod", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet",
                                        "DaemonSet", "Job", "CronJob", "ControllerRevision"});
}

/// What a pod's changes lead to: endpoints, EndpointSlices, the proxies' syncs.
bool isFollowOn(const TraceIndex &index, const proto::TraceEvent &e)
{
    if (e.code().starts_with("proxy."))
        return true;
    if (e.kind() == proto::TRACE_KIND_RECONCILE)
        return e.component().find("/endpoint") != std::string::npos;
    if (isRequest(e) || isStoreWrite(e))
        return isKind(subjectOf(index, e), {"Endpoints", "EndpointSlice"});
    return false;
}

/// Connectors: steps that pass a cause on without being part of the story themselves.
bool passesCauseOn(const TraceIndex &index, const proto::TraceEvent &e)
{
    return isNoise(index, e) || isRequest(e) || isStoreWrite(e);
}

/// The API server's answer to a request: its effect, or (after a write) its write's.
const proto::TraceEvent *responseTo(const TraceIndex &index, const proto::TraceEvent &request)
{
    for (TraceId effect : index.effects(request.id())) {
        const proto::TraceEvent *e = index.find(effect);
        if (!e)
            continue;
        if (e->code() == "apiserver.response")
            return e;
        if (isStoreWrite(*e))
            for (TraceId next : index.effects(effect))
                if (const proto::TraceEvent *r = index.find(next); r && r->code() == "apiserver.response")
                    return r;
    }
    return nullptr;
}

History assemble(const TraceIndex &index, const std::set<TraceId> &ids, bool truncated)
{
    History history;
    history.truncated = truncated;
    for (TraceId id : ids) {
        if (history.steps.size() >= History::kMaxSteps) {
            history.truncated = true;
            break;
        }
        const proto::TraceEvent *event = index.find(id);
        if (!event)
            continue;
        HistoryStep step;
        step.event = std::make_shared<const proto::TraceEvent>(*event);
        if (isRequest(*event))
            if (const proto::TraceEvent *response = responseTo(index, *event))
                step.response = std::make_shared<const proto::TraceEvent>(*response);
        if (!isRequest(*event) && !isStoreWrite(*event) && event->component() != "apiserver")
            // Components watch objects, not the Events they record along the way.
            if (const proto::TraceEvent *cause = index.find(event->cause_id());
                cause && isStoreWrite(*cause) && !isNoise(index, *cause))
                step.watched = std::make_shared<const proto::TraceEvent>(*cause);
        history.steps.push_back(std::move(step));
    }
    return history;
}

/// The last store.create among `ids` at or before `limit`, or 0.
TraceId lastCreate(const TraceIndex &index, const std::deque<TraceId> &ids, TraceId limit)
{
    TraceId found = 0;
    for (TraceId id : ids) {
        if (id > limit)
            break;
        if (const proto::TraceEvent *e = index.find(id); e && e->code() == "store.create")
            found = id;
    }
    return found;
}

/// The first store.create among `ids` after `from`, or 0.
TraceId nextCreate(const TraceIndex &index, const std::deque<TraceId> &ids, TraceId from)
{
    for (TraceId id : ids)
        if (id > from)
            if (const proto::TraceEvent *e = index.find(id); e && e->code() == "store.create")
                return id;
    return 0;
}

} // namespace

const proto::ObjectRef &subjectOf(const TraceIndex &index, const proto::TraceEvent &event)
{
    if (isRequest(event) && event.object().name().empty())
        for (TraceId effect : index.effects(event.id()))
            if (const proto::TraceEvent *e = index.find(effect); e && isStoreWrite(*e) && e->cause_id() == event.id())
                return e->object();
    return event.object();
}

History podHistory(const TraceIndex &index, std::string_view ns, std::string_view name, std::string_view uid)
{
    const std::deque<TraceId> &ids = index.about("Pod", ns, name);
    if (ids.empty())
        return {};
    // Which incarnation: the one with this uid, else the latest.
    TraceId anchor = ids.back();
    if (!uid.empty())
        for (TraceId id : ids)
            if (const proto::TraceEvent *e = index.find(id); e && e->object().uid() == uid) {
                anchor = id;
                break;
            }
    const TraceId start = std::max(lastCreate(index, ids, anchor), ids.front());
    const TraceId end = nextCreate(index, ids, start);

    bool truncated = false;
    bool created = false; // the pod's creation is in the index
    std::set<TraceId> story;
    std::unordered_set<TraceId> visited;
    std::deque<TraceId> onward;
    for (TraceId id : ids) {
        if (id < start || (end && id >= end))
            continue;
        const proto::TraceEvent *own = index.find(id);
        if (!own)
            continue;
        if (!isNoise(index, *own))
            story.insert(id);
        onward.push_back(id);
        // What led to the pod: the causes of its creation, up to the root. (The causes of
        // its later steps — a retry after another pod was bound, say — are other stories.)
        if (own->code() != "store.create")
            continue;
        created = true;
        for (TraceId cause = own->cause_id(); cause != 0 && visited.size() < kMaxVisited;) {
            if (!visited.insert(cause).second)
                break;
            const proto::TraceEvent *e = index.find(cause);
            if (!e) {
                truncated = true;
                break;
            }
            if (!isNoise(index, *e) && !aboutOtherPod(index, *e, ns, name) && isOwnerStep(index, *e))
                story.insert(cause);
            cause = e->cause_id();
        }
    }
    truncated = truncated || !created;
    // What the pod's changes led to.
    std::unordered_set<TraceId> reached(onward.begin(), onward.end());
    while (!onward.empty() && reached.size() < kMaxVisited) {
        const TraceId id = onward.front();
        onward.pop_front();
        for (TraceId effect : index.effects(id)) {
            if (reached.contains(effect))
                continue;
            const proto::TraceEvent *e = index.find(effect);
            if (!e || aboutOtherPod(index, *e, ns, name))
                continue;
            if (isFollowOn(index, *e)) {
                if (!isNoise(index, *e))
                    story.insert(effect);
            } else if (!passesCauseOn(index, *e)) {
                continue;
            }
            reached.insert(effect);
            onward.push_back(effect);
        }
    }
    return assemble(index, story, truncated);
}

History creationHistory(const TraceIndex &index, std::string_view kind, std::string_view ns, std::string_view name)
{
    const std::deque<TraceId> &ids = index.about(kind, ns, name);
    const TraceId created = ids.empty() ? 0 : lastCreate(index, ids, ids.back());
    if (created == 0)
        return {};
    // The root: the first step of the chain that created the object.
    bool truncated = false;
    TraceId root = created;
    for (const proto::TraceEvent *e = index.find(created); e && e->cause_id() != 0;) {
        const proto::TraceEvent *cause = index.find(e->cause_id());
        if (!cause) {
            truncated = true;
            break;
        }
        root = cause->id();
        e = cause;
    }
    std::set<TraceId> story;
    std::deque<TraceId> onward{root};
    std::unordered_set<TraceId> reached{root};
    while (!onward.empty() && reached.size() < kMaxVisited) {
        const TraceId id = onward.front();
        onward.pop_front();
        const proto::TraceEvent *e = index.find(id);
        if (e && !isNoise(index, *e))
            story.insert(id);
        for (TraceId effect : index.effects(id))
            if (reached.insert(effect).second)
                onward.push_back(effect);
    }
    return assemble(index, story, truncated || !onward.empty());
}

} // namespace k8slab::recording
