#include "core/lab/lab_control.h"

#include "core/api/time_format.h"
#include "core/apiserver/status_response.h"
#include "core/engine/loop_driver.h"
#include "core/lab/lab_session.h"
#include "core/lab/node_routes.h"
#include "core/lab/proxy_routes.h"
#include "core/lab/scheduler_routes.h"
#include "core/lab/trace_routes.h"

#include <cctype>

namespace k8slab::lab {

using api::Json;
using apiserver::ApiRequest;
using apiserver::ApiResponse;

std::optional<std::chrono::nanoseconds> parseDuration(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    long double total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
            ++i;
        if (start == i)
            return std::nullopt;
        const long double value = std::stold(std::string(text.substr(start, i - start)));
        start = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
            ++i;
        const std::string_view unit = text.substr(start, i - start);
        long double ns = 0;
        if (unit == "h")
            ns = 3600e9L;
        else if (unit == "m")
            ns = 60e9L;
        else if (unit == "s")
            ns = 1e9L;
        else if (unit == "ms")
            ns = 1e6L;
        else if (unit == "us" || unit == "µs")
            ns = 1e3L;
        else if (unit == "ns")
            ns = 1;
        else
            return std::nullopt;
        total += value * ns;
    }
    return std::chrono::nanoseconds(static_cast<std::int64_t>(total));
}

LabControl::LabControl(LabSession &session, engine::LoopDriver &driver) : m_session(session), m_driver(driver)
{
}

ApiResponse LabControl::clock()
{
    engine::EventLoop &loop = m_session.loop();
    const auto next = loop.nextDue();
    Json body = {{"kind", "Clock"},
                 {"apiVersion", "lab.k8slab.org/v1"},
                 {"mode", loop.mode() == engine::ClockMode::Virtual ? "virtual" : "wall"},
                 {"now", api::formatMicroTime(loop.now())},
                 {"nowNs", engine::toNanos(loop.now())},
                 {"paused", m_driver.isPaused()},
                 {"speed", m_driver.speed()},
                 {"pendingTasks", loop.pendingCount()},
                 {"executedTasks", loop.executedCount()},
                 {"storeRevision", m_session.store().revision()}};
    if (next)
        body["nextTaskAt"] = api::formatMicroTime(*next);
    return apiserver::jsonResponse(200, body);
}


std::optional<ApiResponse> LabControl::handle(const ApiRequest &request)
{
    if (!request.path.starts_with("/lab/v1"))
        return std::nullopt;
    const std::string &path = request.path;
    const bool post = request.method == "POST" || request.method == "PUT";
    engine::EventLoop &loop = m_session.loop();
    if (path == "/lab/v1/clock" && request.method == "GET")
        return clock();
    if (path == "/lab/v1/clock/pause" && post) {
        m_driver.pause();
        return clock();
    }
    if (path == "/lab/v1/clock/resume" && post) {
        m_driver.play();
        return clock();
    }
    if (path == "/lab/v1/clock/step" && post) {
        if (!m_driver.isPaused())
            return apiserver::errorResponse(Status(StatusCode::BadRequest, "pause the clock before stepping"));
        loop.step();
        return clock();
    }
    if (path == "/lab/v1/clock/advance" && post) {
        const auto by = parseDuration(request.param("by").value_or(""));
        if (!by || by->count() < 0)
            return apiserver::errorResponse(Status(StatusCode::BadRequest, "advance needs ?by=<duration>, e.g. 30s, 5m, 1h30m",
                                                   {{"by", "FieldValueInvalid", "not a duration"}}));
        loop.advance(*by);
        return clock();
    }
    if (path == "/lab/v1/clock/speed" && post) {
        const auto x = request.param("x");
        char *end = nullptr;
        const double speed = x ? std::strtod(x->c_str(), &end) : -1;
        if (!x || end == x->c_str() || *end != '\0' || speed < 0)
            return apiserver::errorResponse(Status(StatusCode::BadRequest, "speed needs ?x=<factor>, 0 for as fast as possible",
                                                   {{"x", "FieldValueInvalid", "not a non-negative number"}}));
        m_driver.setSpeed(speed);
        return clock();
    }
    if (auto r = traceRoutes(m_session.recording(), m_session.traceIndex(), request))
        return r;
    if (m_session.scheduler())
        if (auto r = schedulerRoutes(*m_session.scheduler(), request))
            return r;
    if (m_session.nodeAgents())
        for (auto *routes : {&nodeRoutes, &faultRoutes})
            if (auto r = routes(*m_session.nodeAgents(), request))
                return r;
    if (m_session.proxies())
        if (auto r = proxyRoutes(*m_session.proxies(), request))
            return r;
    return apiserver::errorResponse(Status(StatusCode::NotFound, "the lab-control API has no " + request.method + " " + path));
}

} // namespace k8slab::lab
