#pragma once

#include "core/lab/lab_session.h"

#include <QTemporaryDir>

#include <chrono>
#include <memory>
#include <string>

namespace k8slab::test {

/// A whole lab session as the apps assemble it (store, API server, controllers,
/// scheduler, `nodes` kubelets on the simulated runtime, kube-proxies), recording into
/// a temporary folder, on the virtual clock from the fixed test epoch.
class LabFixture {
public:
    explicit LabFixture(int nodes = 3);
    /// The same with the nodes a cluster spec describes.
    explicit LabFixture(std::vector<kubelet::NodeSpec> nodes);

    /// Whether the session started; the reason otherwise.
    [[nodiscard]] bool ok() const { return session != nullptr; }
    [[nodiscard]] const std::string &error() const { return m_error; }
    /// Creates the objects of a multi-document YAML through the API (fails the test
    /// binary if the API refuses one).
    void create(const std::string &yaml);
    /// Runs the loop for `d` of virtual time.
    void run(std::chrono::seconds d);

    std::unique_ptr<lab::LabSession> session;

private:
    void start(int nodes, std::vector<kubelet::NodeSpec> clusterNodes);

    QTemporaryDir m_dir;
    std::string m_error;
};

/// A Deployment "web" (3 replicas of nginx, 250m CPU / 64Mi requested) and a Service
/// "web" selecting its pods on port 80.
extern const char *const kWebDeploymentAndService;

} // namespace k8slab::test
