#include "core/controllers/service_endpoints.h"

#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

std::optional<api::LabelSelector> serviceSelector(const Json &service)
{
    const Json &selector = jsonAt(service, "spec.selector");
    if (!selector.is_object() || selector.empty())
        return std::nullopt;
    auto parsed = api::LabelSelector::fromJson({{"matchLabels", selector}});
    if (!parsed.ok())
        return std::nullopt;
    return *parsed;
}

std::vector<std::string> servicesSelecting(const client::Informer &services, const Json &pod)
{
    std::vector<std::string> keys;
    for (const Json *service : services.list({}, textAt(pod, "metadata.namespace"))) {
        const auto selector = serviceSelector(*service);
        if (selector && selector->matches(jsonAt(pod, "metadata.labels")))
            keys.push_back(client::Informer::keyOf(*service));
    }
    return keys;
}

std::optional<std::int64_t> resolveTargetPort(const Json &servicePort, const Json &pod)
{
    const Json target = servicePort.value("targetPort", Json());
    if (target.is_number_integer())
        return target.get<std::int64_t>();
    if (target.is_null())
        return servicePort.value("port", 0);
    if (!target.is_string())
        return std::nullopt;
    const std::string name = target.get<std::string>();
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos)
        return std::atoll(name.c_str());
    const std::string protocol = servicePort.value("protocol", "TCP");
    const Json &containers = jsonAt(pod, "spec.containers");
    for (const Json &c : containers.is_array() ? containers : Json::array()) {
        const Json ports = c.value("ports", Json::array());
        for (const Json &p : ports)
            if (p.value("name", "") == name && p.value("protocol", "TCP") == protocol)
                return p.value("containerPort", 0);
    }
    return std::nullopt;
}

bool podCanBeEndpoint(const Json &pod)
{
    const std::string phase = textAt(pod, "status.phase");
    return !textAt(pod, "status.podIP").empty() && phase != "Succeeded" && phase != "Failed";
}

std::string endpointHostname(const Json &pod, const Json &service)
{
    const std::string hostname = textAt(pod, "spec.hostname");
    if (!hostname.empty() && textAt(pod, "spec.subdomain") == textAt(service, "metadata.name"))
        return hostname;
    return {};
}

void queueServicesOfPods(client::Informer &pods, const client::Informer &services, client::WorkQueue &queue)
{
    const auto changed = [&services, &queue](const Json &pod) {
        for (const std::string &key : servicesSelecting(services, pod))
            queue.add(key);
    };
    pods.addHandlers({changed,
                      [changed](const Json &before, const Json &after) {
                          changed(before);
                          changed(after);
                      },
                      changed});
}

Json podReference(const Json &pod)
{
    return {{"kind", "Pod"}, {"namespace", textAt(pod, "metadata.namespace")}, {"name", textAt(pod, "metadata.name")},
            {"uid", textAt(pod, "metadata.uid")}};
}

} // namespace k8slab::controllers
