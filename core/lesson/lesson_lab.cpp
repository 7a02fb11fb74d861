#include "core/lesson/lesson_lab.h"

#include "core/apiserver/http_frontend.h"
#include "core/engine/loop_driver.h"
#include "core/lab/kubeconfig.h"
#include "core/lab/lab_control.h"

namespace k8slab::lesson {

Result<std::unique_ptr<LessonLab>> LessonLab::start(const ClusterSpec &cluster, const LessonLabOptions &options)
{
    lab::LabOptions labOptions;
    labOptions.recordingPath = options.dir + "/lesson.k8slab";
    labOptions.virtualEpoch = options.virtualEpoch;
    labOptions.seed = cluster.seed;
    labOptions.nodes = cluster.nodes;
    // A lesson's recording is scratch: a crash loses nothing worth an fsync per write.
    labOptions.synchronous = "OFF";
    labOptions.runtimeFactory = options.runtimeFactory;
    if (!proxy::parseMode(cluster.proxyMode, labOptions.proxy.mode))
        return Status(StatusCode::Invalid, "cluster.proxyMode: unknown mode " + cluster.proxyMode);
    auto session = lab::LabSession::start(labOptions);
    if (!session.ok())
        return session.status();
    std::unique_ptr<LessonLab> lab(new LessonLab);
    lab->m_session = std::move(*session);
    if (options.serveHttp) {
        lab->m_http = std::make_unique<apiserver::HttpFrontend>(lab->m_session->api(), lab->m_session->loop());
        lab->m_driver = std::make_unique<engine::LoopDriver>(lab->m_session->loop());
        lab->m_control = std::make_unique<lab::LabControl>(*lab->m_session, *lab->m_driver);
        lab->m_http->setExtraHandler(
            [control = lab->m_control.get()](const apiserver::ApiRequest &r) { return control->handle(r); });
        Result<int> port = lab->m_http->listen("127.0.0.1", 0);
        if (!port.ok())
            return port.status();
        lab->m_kubectl.kubeconfig = options.dir + "/kubeconfig";
        if (Status s = lab::writeKubeconfig(lab->m_kubectl.kubeconfig, "http://127.0.0.1:" + std::to_string(*port));
            !s.ok())
            return s;
    }
    return lab;
}

LessonLab::~LessonLab()
{
    if (m_http)
        m_http->stop();
}

} // namespace k8slab::lesson
