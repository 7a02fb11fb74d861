#pragma once

#include "core/apiserver/api_server.h"
#include "core/engine/event_loop.h"
#include "core/engine/trace_bus.h"
#include "core/recording/recording.h"

#include <QTemporaryDir>

#include <cstdlib>
#include <memory>

namespace k8slab::bench {

/// A bootstrapped API server on a fresh recording in a temporary folder, on a virtual
/// clock: what every cluster benchmark starts from. Aborts if it cannot be made.
struct BenchLab {
    explicit BenchLab(const char *synchronous = "FULL")
    {
        recording::RecordingOptions options;
        options.synchronous = synchronous;
        auto opened = recording::Recording::open(dir.filePath("bench.k8slab").toStdString(), options);
        if (!opened.ok())
            std::abort();
        rec = std::move(*opened);
        api = std::make_unique<apiserver::ApiServer>(rec->store(), loop, bus);
        if (!api->bootstrap().ok())
            std::abort();
    }

    QTemporaryDir dir;
    std::unique_ptr<recording::Recording> rec;
    engine::EventLoop loop;
    engine::TraceBus bus{loop};
    std::unique_ptr<apiserver::ApiServer> api;
};

} // namespace k8slab::bench
