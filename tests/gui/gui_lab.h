#pragma once

#include "core/lab/lab_session.h"
#include "gui/cluster_state.h"
#include "tests/support/lab_fixture.h"

#include <QCoreApplication>

#include <chrono>
#include <initializer_list>
#include <memory>

namespace k8slab::test {

/// A three-node lab that created `manifests` and ran for `seconds` of virtual time,
/// and the window's live view of it (ClusterState, filled). Fails the test binary
/// (qFatal) when the lab cannot start.
struct GuiLab {
    GuiLab(std::initializer_list<const char *> manifests, std::chrono::seconds seconds)
    {
        if (!lab.ok())
            qFatal("the lab did not start: %s", lab.error().c_str());
        for (const char *yaml : manifests)
            lab.create(yaml);
        lab.run(seconds);
        state = std::make_unique<gui::ClusterState>(lab.session->api());
        if (!state->start().ok())
            qFatal("the GUI cannot watch the lab");
        lab.run(std::chrono::seconds(1));
        QCoreApplication::processEvents();
    }

    LabFixture lab{3};
    std::unique_ptr<gui::ClusterState> state;
};

} // namespace k8slab::test
