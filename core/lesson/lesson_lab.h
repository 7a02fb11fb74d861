#pragma once

#include "core/kubelet/node_agents.h"
#include "core/lab/served_lab.h"
#include "core/lesson/action_runner.h"

#include <memory>
#include <optional>
#include <string>

namespace k8slab::lesson {

/// How to start the cluster of a headless lesson run.
struct LessonLabOptions {
    /// The container runtime of each node (the executables pass the simulated one).
    kubelet::RuntimeFactory runtimeFactory;
    /// A folder for the lab's recording and kubeconfig (it must exist).
    std::string dir;
    /// Where the virtual clock starts (unset: now).
    std::optional<engine::TimePoint> virtualEpoch;
    /// Serve the API over HTTP on loopback, so kubectl actions can reach it.
    bool serveHttp = true;
};

/// A lab started for one lesson run: the session made from the lesson's cluster spec,
/// and the HTTP front-end (the Kubernetes API and the lab's /lab/v1) and kubeconfig that
/// its kubectl actions use. The run drives the loop itself; the driver behind /lab/v1's
/// clock stays paused.
class LessonLab {
public:
    /// Starts the cluster `cluster` describes.
    static Result<std::unique_ptr<LessonLab>> start(const ClusterSpec &cluster, const LessonLabOptions &options);

    /// The running lab.
    lab::LabSession &session() { return m_served->session(); }
    /// How kubectl reaches it (an empty kubeconfig without HTTP).
    [[nodiscard]] const KubectlSetup &kubectl() const { return m_kubectl; }

private:
    LessonLab() = default;

    std::unique_ptr<lab::ServedLab> m_served;
    KubectlSetup m_kubectl;
};

} // namespace k8slab::lesson
