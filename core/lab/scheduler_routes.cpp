#include "core/lab/scheduler_routes.h"

#include "core/apiserver/status_response.h"
#include "core/scheduler/scheduler.h"

namespace k8slab::lab {

using api::Json;
using apiserver::ApiResponse;

namespace {

std::vector<std::string> split(const std::string &path)
{
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string::npos ? path.size() : slash;
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

} // namespace

std::optional<ApiResponse> schedulerRoutes(const scheduler::Scheduler &scheduler, const apiserver::ApiRequest &request)
{
    if (request.method != "GET")
        return std::nullopt;
    const std::string &path = request.path;
    if (path == "/lab/v1/scheduler/queue") {
        Json body = {{"kind", "SchedulingQueue"}, {"apiVersion", "lab.k8slab.org/v1"}};
        body.update(scheduler.queueJson());
        return apiserver::jsonResponse(200, body);
    }
    if (path == "/lab/v1/scheduler/metrics") {
        ApiResponse r;
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        r.body = scheduler.metricsText();
        return r;
    }
    if (path == "/lab/v1/scheduler/config")
        return apiserver::jsonResponse(200, scheduler::toJson(scheduler.config()));
    // /lab/v1/namespaces/{ns}/pods/{name}/scheduling
    const std::vector<std::string> parts = split(path);
    if (parts.size() == 7 && parts[2] == "namespaces" && parts[4] == "pods" && parts[6] == "scheduling") {
        Json record = scheduler.decisions().forPod(parts[3] + "/" + parts[5]);
        if (record.is_null())
            return apiserver::errorResponse(Status(StatusCode::NotFound, "the scheduler has not tried to schedule pod \"" +
                                                                             parts[3] + "/" + parts[5] + "\" (yet)"));
        record["kind"] = "SchedulingDecisions";
        record["apiVersion"] = "lab.k8slab.org/v1";
        return apiserver::jsonResponse(200, record);
    }
    return std::nullopt;
}

} // namespace k8slab::lab
