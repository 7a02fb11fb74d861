#include "core/lab/served_lab.h"

#include "core/apiserver/http_frontend.h"
#include "core/engine/loop_driver.h"
#include "core/lab/kubeconfig.h"
#include "core/lab/lab_control.h"

namespace k8slab::lab {

Result<std::unique_ptr<ServedLab>> ServedLab::start(const LabOptions &options, const ServeOptions &serve)
{
    auto session = LabSession::start(options);
    if (!session.ok())
        return session.status();
    std::unique_ptr<ServedLab> lab(new ServedLab);
    lab->m_session = std::move(*session);
    lab->m_driver = std::make_unique<engine::LoopDriver>(lab->m_session->loop());
    if (serve.ports.empty())
        return lab;
    lab->m_control = std::make_unique<LabControl>(*lab->m_session, *lab->m_driver);
    lab->m_http = std::make_unique<apiserver::HttpFrontend>(lab->m_session->api(), lab->m_session->loop());
    lab->m_http->setExtraHandler([control = lab->m_control.get()](const apiserver::ApiRequest &r) { return control->handle(r); });
    Result<int> bound = Status(StatusCode::Unavailable, "no port to listen on");
    for (int port : serve.ports)
        if ((bound = lab->m_http->listen(serve.host, port)).ok())
            break;
    if (!bound.ok())
        return bound.status();
    lab->m_url = "http://" + serve.host + ":" + std::to_string(*bound);
    if (!serve.kubeconfigPath.empty()) {
        if (Status s = writeKubeconfig(serve.kubeconfigPath, lab->m_url); !s.ok())
            return s;
        lab->m_kubeconfig = serve.kubeconfigPath;
    }
    return lab;
}

ServedLab::~ServedLab()
{
    if (m_http)
        m_http->stop();
    m_http.reset();
    m_control.reset();
    m_driver.reset();
    m_session.reset();
}

} // namespace k8slab::lab
