#include "tests/support/lab_fixture.h"

#include "core/lab/manifests.h"
#include "runtime/sim/sim_runtime_factory.h"

#include <QtGlobal>

namespace k8slab::test {

const char *const kWebDeploymentAndService = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources:
          requests: {cpu: 250m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80}
)";

LabFixture::LabFixture(int nodes)
{
    start(nodes, {});
}

LabFixture::LabFixture(std::vector<kubelet::NodeSpec> nodes)
{
    start(0, std::move(nodes));
}

void LabFixture::start(int nodes, std::vector<kubelet::NodeSpec> clusterNodes)
{
    lab::LabOptions options;
    options.recordingPath = m_dir.filePath(QStringLiteral("lab.k8slab")).toStdString();
    options.virtualEpoch = engine::kDefaultVirtualEpoch;
    options.nodes = nodes;
    options.clusterNodes = std::move(clusterNodes);
    options.synchronous = "OFF";
    options.runtimeFactory = runtime::sim::simRuntimeFactory();
    auto started = lab::LabSession::start(options);
    if (!started.ok()) {
        m_error = started.status().message();
        return;
    }
    session = std::move(*started);
}

void LabFixture::create(const std::string &yaml)
{
    if (Status s = lab::createManifests(session->api(), yaml); !s.ok())
        qFatal("cannot create the test's objects: %s", s.message().c_str());
}

void LabFixture::run(std::chrono::seconds d)
{
    session->loop().runUntil(session->loop().now() + d);
}

} // namespace k8slab::test
