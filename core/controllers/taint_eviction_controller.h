#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <map>
#include <string>

namespace k8slab::controllers {

/// The taint eviction controller (upstream's NoExecuteTaintManager, its own controller
/// since v1.29): a pod on a node with NoExecute taints is deleted at once if it does
/// not tolerate one of them, or after the smallest tolerationSeconds of the tolerations
/// that match (never, if they set none) — 300 s for the not-ready/unreachable
/// tolerations every pod gets by default. The pod gets a DisruptionTarget condition
/// (DeletionByTaintManager) and a TaintManagerEviction event; a taint that goes before
/// its time cancels the eviction ("Cancelling deletion of Pod …").
class TaintEvictionController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    TaintEvictionController(client::Client &client, client::InformerFactory &informers);
    ~TaintEvictionController();
    TaintEvictionController(const TaintEvictionController &) = delete;
    TaintEvictionController &operator=(const TaintEvictionController &) = delete;

    /// Registers the handlers.
    void start();

private:
    struct Scheduled {
        engine::TimePoint created{};
        engine::TimePoint at{};
        engine::TimerId timer = 0;
    };

    void nodeChanged(const api::Json &node);
    void sync(const std::string &podKey);
    void evict(const std::string &podKey);
    void cancel(const std::string &podKey, const api::Json *pod);

    client::Client &m_client;
    client::Informer &m_nodes;
    client::Informer &m_pods;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    std::map<std::string, Scheduled> m_scheduled;
};

/// The seconds after which a pod must go from a node with `taints`: 0 when a NoExecute
/// taint is not tolerated, the smallest tolerationSeconds of the matching tolerations,
/// or -1 when it may stay for ever.
std::int64_t evictionDelaySeconds(const api::Json &pod, const api::Json &taints);

} // namespace k8slab::controllers
