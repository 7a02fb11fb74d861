#pragma once

#include "core/api/json.h"

namespace k8slab::apiserver {

/// autoscaling/v2 → autoscaling/v1 HorizontalPodAutoscaler: the CPU utilization
/// metric becomes targetCPUUtilizationPercentage (v1 cannot say more).
api::Json hpaV2ToV1(api::Json object);
/// autoscaling/v1 → autoscaling/v2: targetCPUUtilizationPercentage becomes a
/// Resource metric on cpu with an Utilization target.
api::Json hpaV1ToV2(api::Json object);
/// core/v1 Event → events.k8s.io/v1 Event (involvedObject → regarding, message →
/// note, source → deprecatedSource, ...).
api::Json coreEventToEventsV1(api::Json object);
/// events.k8s.io/v1 Event → core/v1 Event.
api::Json eventsV1ToCoreEvent(api::Json object);

} // namespace k8slab::apiserver
