#pragma once

#include "core/client/client.h"
#include "core/client/informer_factory.h"

#include <map>
#include <string>

namespace k8slab::controllers {

/// The pod garbage collector (upstream's podgc), every 20 s: force-deletes pods bound
/// to a node that no longer exists (after a 40 s quarantine and a live check),
/// terminating pods never scheduled, and terminating pods on a NotReady node tainted
/// node.kubernetes.io/out-of-service; and, beyond --terminated-pod-gc-threshold
/// (12,500) finished pods, the oldest finished ones. Each pod it removes first gets the
/// DisruptionTarget condition (DeletionByPodGC).
class PodGcController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    PodGcController(client::Client &client, client::InformerFactory &informers, std::size_t terminatedThreshold = 12500);
    ~PodGcController();
    PodGcController(const PodGcController &) = delete;
    PodGcController &operator=(const PodGcController &) = delete;

    /// Starts the periodic pass.
    void start();

private:
    void pass();
    void forceDelete(const api::Json &pod, const std::string &why);

    client::Client &m_client;
    client::Informer &m_pods;
    client::Informer &m_nodes;
    std::size_t m_threshold;
    std::map<std::string, engine::TimePoint> m_missingSince; ///< node → first seen missing
    engine::TimerId m_timer = 0;
};

} // namespace k8slab::controllers
