#pragma once

#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "tests/support/api_fixture.h"

#include <QtGlobal>

#include <optional>
#include <string>

namespace k8slab::test {

/// One controller of type C on an in-process API server, with its own client and a
/// shared informer factory, started the way the controller manager starts it
/// (handlers first, then the informers). Extra constructor arguments follow the
/// client and the informers.
template <typename C>
class ControllerFixture {
public:
    template <typename... Args>
    explicit ControllerFixture(const std::string &userAgent, Args &&...args) : client(*f.api, userAgent)
    {
        controller.emplace(client, informers, std::forward<Args>(args)...);
        controller->start();
        if (!informers.start().ok())
            qFatal("the informers did not start");
    }

    /// Sends a request (see ApiFixture::send) and returns the response body as JSON.
    api::Json get(const std::string &path) { return ApiFixture::json(f.send("GET", path)); }

    ApiFixture f;
    client::Client client;
    client::InformerFactory informers{client};
    std::optional<C> controller;
};

} // namespace k8slab::test
