#include "core/apiserver/http_frontend.h"

#include "core/api/json_depth.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/port_forward_stream.h"
#include "core/apiserver/remote_command_stream.h"
#include "core/apiserver/status_response.h"
#include "core/apiserver/upgrading_server.h"
#include "core/engine/event_loop.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>

namespace k8slab::apiserver {

namespace {

// Streams (watches, followed logs) outlive a request thread: their output queues
// between the loop (producer) and the HTTP worker (consumer).
struct WatchChannel {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<std::string, store::Revision>> lines;
    bool ended = false;
};

ApiRequest toApiRequest(const httplib::Request &req)
{
    ApiRequest request;
    request.method = req.method;
    request.path = req.path;
    for (const auto &[key, value] : req.params)
        request.query.emplace(key, value);
    request.body = req.body;
    request.contentType = req.get_header_value("Content-Type");
    request.accept = req.get_header_value("Accept");
    request.userAgent = req.get_header_value("User-Agent");
    return request;
}

void respond(httplib::Response &res, ApiResponse response)
{
    for (const std::string &warning : response.warnings) {
        std::string quoted;
        for (char c : warning) {
            if (c == '"' || c == '\\')
                quoted += '\\';
            quoted += c;
        }
        res.headers.emplace("Warning", "299 - \"" + quoted + "\"");
    }
    res.status = response.code;
    // Moved, not copied: a LIST of 10,000 pods is 10 MB or more.
    res.body = std::move(response.body);
    res.set_header("Content-Type", response.contentType);
}

// The Status for an error cpp-httplib produced before (or instead of) our handler.
std::string libraryErrorStatus(int code)
{
    std::string reason = "BadRequest";
    std::string message = "the request could not be read as HTTP/1.1 (a malformed request line or header, or a "
                          "header or URL longer than 8 KiB)";
    if (code == 413) {
        reason = "RequestEntityTooLarge";
        message = "Request entity too large: limit is " + std::to_string(HttpFrontend::kMaxBodyBytes);
    } else if (code == 404) {
        reason = "NotFound";
        message = "the server could not find the requested resource";
    } else if (code == 405) {
        reason = "MethodNotAllowed";
        message = "the server does not allow this method on the requested resource";
    } else if (code >= 500) {
        reason = "InternalError";
        message = "an error on the server prevented the request from succeeding";
    }
    return api::Json{{"kind", "Status"}, {"apiVersion", "v1"},   {"metadata", api::Json::object()},
                     {"status", "Failure"}, {"message", message}, {"reason", reason},
                     {"code", code}}
        .dump();
}

} // namespace

HttpFrontend::HttpFrontend(ApiServer &api, engine::EventLoop &loop)
    : m_api(api), m_loop(loop)
{
    // kubectl exec and attach upgrade their connection to a WebSocket, port-forward to
    // SPDY (in a WebSocket or not).
    m_server = std::make_unique<UpgradingServer>([this](socket_t socket, const std::string &head) {
        const auto running = [this] { return m_server->is_running(); };
        const std::string target = head.substr(0, head.find("\r\n"));
        const std::string path = target.substr(0, target.find('?'));
        if (path.find("/portforward ") != std::string::npos || path.ends_with("/portforward"))
            servePortForward(socket, head, m_api, m_loop, running);
        else
            serveRemoteCommand(socket, head, m_api, m_loop, running);
    });
    // Watches hold a worker each for their whole life; kubectl also fires ~10
    // discovery requests at once. A generous pool keeps both from starving.
    m_server->new_task_queue = [] { return new httplib::ThreadPool(128); };
    m_server->set_payload_max_length(kMaxBodyBytes);
    m_server->set_keep_alive_max_count(1000);
    m_server->set_read_timeout(std::chrono::seconds(60));
    // What the library answers by itself (a malformed request, a body over the limit, an
    // exception in a handler) is a Kubernetes Status too, as every error of the API is.
    m_server->set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request &, httplib::Response &res) {
            if (!res.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            res.set_content(libraryErrorStatus(res.status), "application/json");
            res.set_header("Connection", "close");
            UpgradingServer::closeAfterThisAnswer();
            return httplib::Server::HandlerResponse::Handled;
        }));
    m_server->set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
        res.status = 500;
        res.set_content(libraryErrorStatus(500), "application/json");
    });
    installRoutes();
}

HttpFrontend::~HttpFrontend()
{
    stop();
}

void HttpFrontend::installRoutes()
{
    auto handler = [this](const httplib::Request &req, httplib::Response &res) {
        ApiRequest request = toApiRequest(req);
        // Untrusted text deeper than Kubernetes' decoder takes never reaches the code that
        // walks objects recursively (Protobuf bodies are bytes, checked by their decoder).
        if (!request.contentType.starts_with("application/vnd.kubernetes.protobuf")
            && api::jsonNestingDepth(request.body) > api::kMaxJsonDepth) {
            respond(res, errorResponse(Status(StatusCode::BadRequest,
                                              "the request body nests arrays and objects deeper than "
                                                  + std::to_string(api::kMaxJsonDepth) + " levels")));
            return;
        }
        if (ApiServer::streams(request)) {
            auto channel = std::make_shared<WatchChannel>();
            std::promise<Result<ApiServer::Stream>> started;
            auto startedFuture = started.get_future();
            m_loop.post([this, request, channel, &started] {
                started.set_value(m_api.startStream(request, [channel](std::string line, store::Revision revision) {
                    std::lock_guard lock(channel->mutex);
                    if (line.empty())
                        channel->ended = true;
                    else
                        channel->lines.emplace_back(std::move(line), revision);
                    channel->ready.notify_all();
                }));
            });
            Result<ApiServer::Stream> stream = startedFuture.get();
            if (!stream.ok()) {
                respond(res, errorResponse(stream.status()));
                return;
            }
            // A watch ends at its timeout (30 minutes unless asked); a followed log when
            // its container does, or when the client leaves.
            long long timeout = stream->watch ? 1800 : 365LL * 24 * 3600;
            if (auto t = request.param("timeoutSeconds"); t && stream->watch)
                timeout = std::max(1LL, std::atoll(t->c_str()));
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
            store::MvccStore &store = m_api.store();
            // The parameter also keeps cpp-httplib from gzipping the stream, which
            // would hold events back until the compressor's buffer filled.
            res.set_chunked_content_provider(
                stream->contentType,
                [channel, deadline, &store](std::size_t, httplib::DataSink &sink) {
                    std::unique_lock lock(channel->mutex);
                    channel->ready.wait_for(lock, std::chrono::milliseconds(500),
                                            [&] { return !channel->lines.empty() || channel->ended; });
                    while (!channel->lines.empty()) {
                        auto [line, revision] = std::move(channel->lines.front());
                        channel->lines.pop_front();
                        lock.unlock();
                        // Nobody outside the process hears of a write before it is durable.
                        (void)store.waitDurable(revision);
                        if (!sink.write(line.data(), line.size()))
                            return false;
                        lock.lock();
                    }
                    if (channel->ended || std::chrono::steady_clock::now() >= deadline) {
                        sink.done();
                        return true;
                    }
                    return sink.is_writable();
                },
                [this, stop = stream->stop](bool) { m_loop.post(stop); });
            return;
        }
        std::promise<ApiResponse> answered;
        auto answer = answered.get_future();
        m_loop.post([this, &request, &answered] {
            // A request that trips a bug gets a 500 Status; the lab keeps running (as
            // upstream's API server recovers a handler's panic).
            ApiResponse response;
            try {
                std::optional<ApiResponse> extra = m_extra ? m_extra(request) : std::nullopt;
                response = extra ? std::move(*extra) : m_api.handle(request);
            } catch (const std::exception &e) {
                response = errorResponse(Status(StatusCode::Internal,
                                                std::string("an error on the server prevented the request from succeeding: ")
                                                    + e.what()));
            }
            answered.set_value(std::move(response));
        });
        ApiResponse response = answer.get();
        if (response.writtenRevision > 0) {
            if (Status s = m_api.store().waitDurable(response.writtenRevision); !s.ok())
                response = errorResponse(Status(StatusCode::Internal, "the write could not be made durable: " + s.message()));
        }
        respond(res, std::move(response));
    };
    const char *everything = R"(/.*)";
    m_server->Get(everything, handler);
    m_server->Post(everything, handler);
    m_server->Put(everything, handler);
    m_server->Patch(everything, handler);
    m_server->Delete(everything, handler);
}

void HttpFrontend::setExtraHandler(std::function<std::optional<ApiResponse>(const ApiRequest &)> handler)
{
    m_extra = std::move(handler);
}

Result<int> HttpFrontend::listen(const std::string &host, int port)
{
    int bound = port;
    if (port == 0)
        bound = m_server->bind_to_any_port(host.c_str());
    else if (!m_server->bind_to_port(host.c_str(), port))
        bound = -1;
    if (bound <= 0)
        return Status(StatusCode::Unavailable, "cannot listen on " + host + ":" + std::to_string(port)
                                                   + " (is the port in use?)");
    m_port = bound;
    m_served = false;
    m_thread = std::thread([this] {
        m_server->listen_after_bind();
        m_served = true;
    });
    return bound;
}

void HttpFrontend::stop()
{
    if (!m_thread.joinable())
        return;
    m_server->stop();
    // The server's thread ends once its workers have; a worker may be waiting for the
    // loop to answer a request it read before the stop (a kubectl of a lesson's step,
    // killed a moment ago). Called on the loop's thread, keep answering such requests
    // until every worker has left, or the two would wait for each other forever.
    while (!m_served) {
        if (m_loop.isOwnerThread())
            m_loop.runExternal();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    m_thread.join();
}

} // namespace k8slab::apiserver
