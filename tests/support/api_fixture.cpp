#include "tests/support/api_fixture.h"

namespace k8slab::test {

ApiFixture::ApiFixture()
{
    api = std::make_unique<apiserver::ApiServer>(recording.open().store(), loop, trace);
    if (Status s = api->bootstrap(); !s.ok())
        qFatal("bootstrap: %s", s.toString().c_str());
}

apiserver::ApiResponse ApiFixture::send(const std::string &method, const std::string &path, const std::string &body,
                                        const std::string &contentType, const std::string &accept)
{
    apiserver::ApiRequest request;
    request.method = method;
    const std::size_t q = path.find('?');
    request.path = path.substr(0, q);
    if (q != std::string::npos) {
        std::string query = path.substr(q + 1);
        std::size_t start = 0;
        while (start < query.size()) {
            std::size_t amp = query.find('&', start);
            if (amp == std::string::npos)
                amp = query.size();
            const std::string pair = query.substr(start, amp - start);
            const std::size_t eq = pair.find('=');
            request.query.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
            start = amp + 1;
        }
    }
    request.body = body;
    request.contentType = contentType;
    request.accept = accept;
    request.userAgent = "kubectl/v1.32.4 (linux/amd64) kubernetes/test";
    return api->handle(request);
}

} // namespace k8slab::test
