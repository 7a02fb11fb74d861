#include "core/lesson/lesson_lab.h"

namespace k8slab::lesson {

Result<std::unique_ptr<LessonLab>> LessonLab::start(const ClusterSpec &cluster, const LessonLabOptions &options)
{
    lab::LabOptions labOptions;
    labOptions.recordingPath = options.dir + "/lesson.k8slab";
    labOptions.virtualEpoch = options.virtualEpoch;
    labOptions.seed = cluster.seed;
    labOptions.nodes = cluster.nodes;
    labOptions.clusterNodes = cluster.nodeSpecs;
    // A lesson's recording is scratch: a crash loses nothing worth an fsync per write.
    labOptions.synchronous = "OFF";
    labOptions.runtimeFactory = options.runtimeFactory;
    if (!proxy::parseMode(cluster.proxyMode, labOptions.proxy.mode))
        return Status(StatusCode::Invalid, "cluster.proxyMode: unknown mode " + cluster.proxyMode);
    // The run drives the loop itself; the driver behind /lab/v1's clock stays paused.
    lab::ServeOptions serve;
    serve.ports = options.serveHttp ? std::vector<int>{0} : std::vector<int>{};
    serve.kubeconfigPath = options.serveHttp ? options.dir + "/kubeconfig" : std::string();
    auto served = lab::ServedLab::start(labOptions, serve);
    if (!served.ok())
        return served.status();
    std::unique_ptr<LessonLab> lab(new LessonLab);
    lab->m_served = std::move(*served);
    lab->m_kubectl.kubeconfig = lab->m_served->kubeconfig();
    return lab;
}

} // namespace k8slab::lesson
