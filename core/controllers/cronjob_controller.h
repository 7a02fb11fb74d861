#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <string>

namespace k8slab::controllers {

/// The CronJob controller (upstream's ControllerV2): at each time the schedule names
/// it creates a Job "<cronjob>-<scheduled time in minutes since the epoch>" from the
/// jobTemplate (annotated with batch.kubernetes.io/cronjob-scheduled-timestamp),
/// honouring concurrencyPolicy (Allow, Forbid: JobAlreadyActive, Replace),
/// startingDeadlineSeconds (a run too late is skipped: MissSchedule), suspend, and the
/// successful/failed history limits; status.active, lastScheduleTime and
/// lastSuccessfulTime as upstream writes them. It wakes exactly at the next scheduled
/// time on the lab's clock.
class CronJobController {
public:
    /// A controller acting through `client`, reading from the shared `informers`.
    CronJobController(client::Client &client, client::InformerFactory &informers);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void sync(const std::string &key);

    client::Client &m_client;
    client::Informer &m_cronJobs;
    client::Informer &m_jobs;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
};

} // namespace k8slab::controllers
