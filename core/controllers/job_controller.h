#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"
#include "core/controllers/expectations.h"

#include <set>
#include <string>

namespace k8slab::controllers {

/// The delay before a Job may replace a failed pod: 10 s × 2^(failures − 1), at most
/// 10 minutes (upstream's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff),
/// counting only failures since the last success; 0 with no failures.
engine::Duration jobPodFailureBackoff(int failuresSinceLastSuccess);

/// "0-2,4,6-7": the compact form of completed indexes (status.completedIndexes).
std::string formatIndexes(const std::set<std::int64_t> &indexes);

/// The Job controller: runs min(parallelism, completions − succeeded) pods at a time
/// (NonIndexed), or one pod per missing completion index (Indexed, with the index in
/// the pod's annotation, label, hostname and JOB_COMPLETION_INDEX); counts finished
/// pods exactly once through the batch.kubernetes.io/job-tracking finalizer and
/// status.uncountedTerminatedPods as upstream does; replaces failed pods after the
/// exponential pod-failure back-off; fails the Job at backoffLimit (BackoffLimitExceeded,
/// restart counts too for restartPolicy OnFailure) or activeDeadlineSeconds
/// (DeadlineExceeded) — FailureTarget first, Failed once its pods are gone — completes it
/// (SuccessCriteriaMet, then Complete with CompletionsReached), honours suspend, and
/// deletes a finished Job after ttlSecondsAfterFinished.
class JobController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    JobController(client::Client &client, client::InformerFactory &informers);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void podChanged(const api::Json &pod, bool gone);
    void sync(const std::string &key);
    bool finish(api::Json &job, api::Json &status, const std::string &type, const std::string &reason,
                const std::string &message);

    client::Client &m_client;
    client::Informer &m_jobs;
    client::Informer &m_pods;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    Expectations m_expectations;
};

} // namespace k8slab::controllers
