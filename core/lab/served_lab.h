#pragma once

#include "core/lab/lab_session.h"

#include <memory>
#include <string>
#include <vector>

namespace k8slab::apiserver {
class HttpFrontend;
}
namespace k8slab::engine {
class LoopDriver;
}

namespace k8slab::lab {

class LabControl;

/// How a lab is served to kubectl.
struct ServeOptions {
    /// The address to listen on.
    std::string host = "127.0.0.1";
    /// The ports to try, in order (0: any free one); empty: no HTTP at all.
    std::vector<int> ports = {0};
    /// Where to write a kubeconfig for the served URL (empty: none).
    std::string kubeconfigPath;
};

/// A lab as the executables run it: the session, the LoopDriver that paces its loop
/// (paused until someone plays it), and the Kubernetes API plus /lab/v1 over HTTP with a
/// kubeconfig for kubectl. One assembly for the server, the desktop app and lesson runs.
class ServedLab {
public:
    /// Starts the session `options` describes and serves it as `serve` says.
    static Result<std::unique_ptr<ServedLab>> start(const LabOptions &options, const ServeOptions &serve);
    /// Stops serving first (the HTTP workers post into the loop), then the rest.
    ~ServedLab();

    LabSession &session() { return *m_session; }
    engine::LoopDriver &driver() { return *m_driver; }
    /// "http://127.0.0.1:6443" (empty without HTTP).
    [[nodiscard]] const std::string &url() const { return m_url; }
    /// The kubeconfig written (empty when none).
    [[nodiscard]] const std::string &kubeconfig() const { return m_kubeconfig; }

private:
    ServedLab() = default;

    std::unique_ptr<LabSession> m_session;
    std::unique_ptr<engine::LoopDriver> m_driver;
    std::unique_ptr<LabControl> m_control;
    std::unique_ptr<apiserver::HttpFrontend> m_http;
    std::string m_url;
    std::string m_kubeconfig;
};

} // namespace k8slab::lab
