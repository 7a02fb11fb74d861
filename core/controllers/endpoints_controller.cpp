#include "core/controllers/endpoints_controller.h"

#include "core/api/time_format.h"
#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"
#include "core/controllers/service_endpoints.h"

#include <map>
#include <set>

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {

const apiserver::ResourceInfo &endpointsResource() { return client::resource("", "v1", "endpoints"); }
constexpr std::size_t kMaxAddresses = 1000;

} // namespace

Json endpointSubsets(const Json &service, const std::vector<const Json *> &pods)
{
    const bool publishNotReady = jsonAt(service, "spec.publishNotReadyAddresses") == true;
    const Json &servicePorts = jsonAt(service, "spec.ports");
    // Address (its JSON text) → whether ready, and the ports it serves.
    struct Entry {
        Json address;
        bool ready = false;
        std::set<std::string> ports; // port JSON texts, ordered
    };
    std::map<std::string, Entry> entries;
    for (const Json *pod : pods) {
        if (!podCanBeEndpoint(*pod) || (isTerminating(*pod) && !publishNotReady))
            continue;
        Json address = {{"ip", textAt(*pod, "status.podIP")}, {"targetRef", podReference(*pod)}};
        if (const std::string node = textAt(*pod, "spec.nodeName"); !node.empty())
            address["nodeName"] = node;
        if (const std::string host = endpointHostname(*pod, service); !host.empty())
            address["hostname"] = host;
        Entry entry{address, publishNotReady || podReady(*pod), {}};
        for (const Json &sp : servicePorts.is_array() ? servicePorts : Json::array()) {
            const auto port = resolveTargetPort(sp, *pod);
            if (!port)
                continue;
            Json p = {{"port", *port}, {"protocol", sp.value("protocol", "TCP")}};
            if (!sp.value("name", "").empty())
                p["name"] = sp["name"];
            if (sp.contains("appProtocol"))
                p["appProtocol"] = sp["appProtocol"];
            entry.ports.insert(p.dump());
        }
        if (entry.ports.empty() && servicePorts.is_array() && !servicePorts.empty())
            continue; // it serves none of the Service's ports
        entries[textAt(*pod, "status.podIP") + "/" + textAt(*pod, "metadata.name")] = std::move(entry);
    }
    // RepackSubsets: addresses with the same set of ports share one subset.
    std::map<std::set<std::string>, Json> byPorts;
    for (auto &[key, e] : entries) {
        Json &subset = byPorts[e.ports];
        subset[e.ready ? "addresses" : "notReadyAddresses"].push_back(e.address);
    }
    Json subsets = Json::array();
    for (auto &[ports, subset] : byPorts) {
        if (!ports.empty()) {
            subset["ports"] = Json::array();
            for (const std::string &p : ports)
                subset["ports"].push_back(Json::parse(p));
        }
        subsets.push_back(std::move(subset));
    }
    return subsets;
}

EndpointsController::EndpointsController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_services(informers.forResource("", "v1", "services")),
      m_pods(informers.forResource("", "v1", "pods")), m_endpoints(informers.forResource(endpointsResource())),
      m_queue(client.api().loop(), "endpoint", [this](const std::string &key) { sync(key); })
{
}

void EndpointsController::start()
{
    const auto enqueue = [this](const Json &s) { m_queue.add(client::Informer::keyOf(s)); };
    m_services.addHandlers({enqueue, [enqueue](const Json &, const Json &s) { enqueue(s); }, enqueue});
    queueServicesOfPods(m_pods, m_services, m_queue);
    // Someone else changed (or deleted) an Endpoints object: put it back as it should be.
    m_endpoints.addHandlers({{}, [enqueue](const Json &, const Json &e) { enqueue(e); }, enqueue});
}

void EndpointsController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_services.get(ns, name);
    const Json *current = m_endpoints.get(ns, name);
    if (!found) {
        if (current)
            (void)m_client.remove(endpointsResource(), ns, name);
        return;
    }
    Json service = *found;
    const auto selector = serviceSelector(service);
    if (!selector)
        return; // Endpoints of a Service without a selector are the user's
    Json subsets = endpointSubsets(service, m_pods.list(*selector, ns));
    std::size_t total = 0;
    bool truncated = false;
    for (Json &subset : subsets) {
        for (const char *list : {"addresses", "notReadyAddresses"}) {
            if (!subset.contains(list))
                continue;
            Json &addresses = subset[list];
            if (total + addresses.size() > kMaxAddresses) {
                addresses.erase(addresses.begin() + static_cast<std::ptrdiff_t>(kMaxAddresses - total), addresses.end());
                truncated = true;
            }
            total += addresses.size();
        }
    }
    Json labels = jsonAt(service, "metadata.labels").is_object() ? jsonAt(service, "metadata.labels") : Json::object();
    if (textAt(service, "spec.clusterIP") == "None")
        labels["service.kubernetes.io/headless"] = "";
    Json next = current ? *current : Json{{"apiVersion", "v1"}, {"kind", "Endpoints"},
                                          {"metadata", {{"name", name}, {"namespace", ns}}}};
    const Json before = next;
    if (subsets.empty())
        next.erase("subsets");
    else
        next["subsets"] = subsets;
    if (labels.empty())
        next["metadata"].erase("labels");
    else
        next["metadata"]["labels"] = labels;
    Json annotations = jsonAt(next, "metadata.annotations").is_object() ? jsonAt(next, "metadata.annotations") : Json::object();
    if (truncated)
        annotations["endpoints.kubernetes.io/over-capacity"] = "truncated";
    else
        annotations.erase("endpoints.kubernetes.io/over-capacity");
    const bool changed = next.value("subsets", Json()) != before.value("subsets", Json())
                         || jsonAt(next, "metadata.labels") != jsonAt(before, "metadata.labels") || !current;
    if (changed)
        annotations["endpoints.kubernetes.io/last-change-trigger-time"] = api::formatTime(m_client.api().loop().now());
    if (annotations.empty())
        next["metadata"].erase("annotations");
    else
        next["metadata"]["annotations"] = annotations;
    if (next == before && current)
        return;
    std::size_t ready = 0, notReady = 0;
    for (const Json &s : subsets) {
        ready += s.value("addresses", Json::array()).size();
        notReady += s.value("notReadyAddresses", Json::array()).size();
    }
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.endpoints.sync", service,
                   {{"ready", std::to_string(ready)}, {"notReady", std::to_string(notReady)},
                    {"action", current ? "update" : "create"}});
    auto written = current ? m_client.update(endpointsResource(), next) : m_client.create(endpointsResource(), ns, next);
    if (!written.ok())
        m_queue.addRateLimited(key);
    else
        m_queue.forget(key);
}

} // namespace k8slab::controllers
