#include "core/controllers/endpointslice_controller.h"

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

const apiserver::ResourceInfo &slicesResource() { return client::resource("discovery.k8s.io", "v1", "endpointslices"); }
constexpr const char *kServiceName = "kubernetes.io/service-name";
constexpr const char *kManagedBy = "endpointslice.kubernetes.io/managed-by";
constexpr const char *kController = "endpointslice-controller.k8s.io";

// One endpoint as the controller wants it, keyed by the pod it stands for.
struct Desired {
    Json endpoint;
    Json ports; // the resolved ports: endpoints with different ports go to different slices
};

std::string podKeyOf(const Json &endpoint)
{
    return endpoint.value("targetRef", Json::object()).value("name", "") + "/" + endpoint.value("addresses", Json::array()).dump();
}

} // namespace

EndpointSliceController::EndpointSliceController(client::Client &client, client::InformerFactory &informers,
                                                 std::size_t maxPerSlice)
    : m_client(client), m_services(informers.forResource("", "v1", "services")),
      m_pods(informers.forResource("", "v1", "pods")), m_nodes(informers.forResource("", "v1", "nodes")),
      m_slices(informers.forResource(slicesResource())),
      m_queue(client.api().loop(), "endpoint_slice", [this](const std::string &key) { sync(key); }),
      m_maxPerSlice(maxPerSlice)
{
}

void EndpointSliceController::start()
{
    const auto enqueue = [this](const Json &s) { m_queue.add(client::Informer::keyOf(s)); };
    m_services.addHandlers({enqueue, [enqueue](const Json &, const Json &s) { enqueue(s); }, enqueue});
    queueServicesOfPods(m_pods, m_services, m_queue);
    // A managed slice changed or went behind the controller's back: look at its Service.
    const auto sliceChanged = [this](const Json &slice) {
        const Json &labels = jsonAt(slice, "metadata.labels");
        if (labels.is_object() && labels.value(kManagedBy, "") == kController && labels.contains(kServiceName))
            m_queue.add(textAt(slice, "metadata.namespace") + "/" + labels.value(kServiceName, ""));
    };
    m_slices.addHandlers({{}, [sliceChanged](const Json &, const Json &s) { sliceChanged(s); }, sliceChanged});
}

void EndpointSliceController::sync(const std::string &key)
{
    const auto [ns, name] = splitKey(key);
    const Json *found = m_services.get(ns, name);
    if (!found)
        return; // its slices go with it: the garbage collector follows their ownerReferences
    Json service = *found;
    const auto selector = serviceSelector(service);
    if (!selector)
        return;
    const bool publishNotReady = jsonAt(service, "spec.publishNotReadyAddresses") == true;

    // What the slices should hold.
    std::map<std::string, Desired> desired;
    for (const Json *pod : m_pods.list(*selector, ns)) {
        if (!podCanBeEndpoint(*pod))
            continue;
        const bool terminating = isTerminating(*pod);
        const bool serving = podReady(*pod);
        Json endpoint = {{"addresses", Json::array({textAt(*pod, "status.podIP")})},
                         {"conditions", {{"ready", publishNotReady || (serving && !terminating)},
                                         {"serving", serving}, {"terminating", terminating}}},
                         {"targetRef", podReference(*pod)}};
        if (const std::string node = textAt(*pod, "spec.nodeName"); !node.empty()) {
            endpoint["nodeName"] = node;
            if (const Json *n = m_nodes.get("", node)) {
                const Json &labels = jsonAt(*n, "metadata.labels");
                if (labels.is_object() && labels.contains("topology.kubernetes.io/zone"))
                    endpoint["zone"] = labels["topology.kubernetes.io/zone"];
            }
        }
        if (const std::string host = endpointHostname(*pod, service); !host.empty())
            endpoint["hostname"] = host;
        Json ports = Json::array();
        const Json &servicePorts = jsonAt(service, "spec.ports");
        for (const Json &sp : servicePorts.is_array() ? servicePorts : Json::array()) {
            const auto port = resolveTargetPort(sp, *pod);
            if (!port)
                continue;
            Json p = {{"name", sp.value("name", "")}, {"port", *port}, {"protocol", sp.value("protocol", "TCP")}};
            if (sp.contains("appProtocol"))
                p["appProtocol"] = sp["appProtocol"];
            ports.push_back(p);
        }
        desired[podKeyOf(endpoint)] = {endpoint, ports};
    }

    // The slices there are, and which endpoints they hold.
    std::vector<Json> slices;
    for (const Json *s : m_slices.list({}, ns)) {
        const Json &labels = jsonAt(*s, "metadata.labels");
        if (labels.is_object() && labels.value(kServiceName, "") == name && labels.value(kManagedBy, "") == kController)
            slices.push_back(*s);
    }
    Json labels = jsonAt(service, "metadata.labels").is_object() ? jsonAt(service, "metadata.labels") : Json::object();
    labels[kServiceName] = name;
    labels[kManagedBy] = kController;
    if (textAt(service, "spec.clusterIP") == "None")
        labels["service.kubernetes.io/headless"] = "";

    // Keep each endpoint where it is (with fresh conditions); drop the stale ones.
    std::set<std::string> placed;
    std::vector<bool> changed(slices.size(), false);
    for (std::size_t i = 0; i < slices.size(); ++i) {
        Json &slice = slices[i];
        Json kept = Json::array();
        const Json ports = slice.value("ports", Json::array());
        for (const Json &e : slice.value("endpoints", Json::array())) {
            auto it = desired.find(podKeyOf(e));
            if (it == desired.end() || it->second.ports != ports || placed.contains(it->first)) {
                changed[i] = true;
                continue;
            }
            changed[i] = changed[i] || e != it->second.endpoint;
            kept.push_back(it->second.endpoint);
            placed.insert(it->first);
        }
        slice["endpoints"] = kept;
        if (jsonAt(slice, "metadata.labels") != labels) {
            slice["metadata"]["labels"] = labels;
            changed[i] = true;
        }
    }
    // Place the new ones: into slices with the same ports and room, then into new slices.
    std::vector<Json> created;
    for (const auto &[podKey, d] : desired) {
        if (placed.contains(podKey))
            continue;
        bool done = false;
        for (std::size_t i = 0; i < slices.size() && !done; ++i) {
            if (slices[i].value("ports", Json::array()) == d.ports && slices[i]["endpoints"].size() < m_maxPerSlice) {
                slices[i]["endpoints"].push_back(d.endpoint);
                changed[i] = true;
                done = true;
            }
        }
        for (std::size_t i = 0; i < created.size() && !done; ++i) {
            if (created[i]["ports"] == d.ports && created[i]["endpoints"].size() < m_maxPerSlice) {
                created[i]["endpoints"].push_back(d.endpoint);
                done = true;
            }
        }
        if (!done)
            created.push_back({{"apiVersion", "discovery.k8s.io/v1"}, {"kind", "EndpointSlice"},
                               {"metadata", {{"generateName", name + "-"}, {"namespace", ns}, {"labels", labels},
                                             {"ownerReferences", Json::array({controllerReferenceTo(service)})}}},
                               {"addressType", "IPv4"}, {"ports", d.ports}, {"endpoints", Json::array({d.endpoint})}});
    }
    // A Service always has at least one slice, empty if need be, as upstream keeps one.
    const bool keepOneEmpty = desired.empty() && created.empty();
    std::size_t updates = 0, deletes = 0;
    bool failed = false;
    bool keptEmpty = false;
    for (std::size_t i = 0; i < slices.size(); ++i) {
        Json &slice = slices[i];
        if (slice["endpoints"].empty() && !(keepOneEmpty && !keptEmpty)) {
            ++deletes;
            continue;
        }
        keptEmpty = keptEmpty || slice["endpoints"].empty();
        updates += changed[i] ? 1 : 0;
    }
    if (updates == 0 && deletes == 0 && created.empty() && !(slices.empty() && keepOneEmpty))
        return;
    std::size_t ready = 0;
    for (const auto &[podKey, d] : desired)
        ready += d.endpoint["conditions"]["ready"] == true ? 1 : 0;
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.endpointslice.sync", service,
                   {{"endpoints", std::to_string(desired.size())}, {"ready", std::to_string(ready)},
                    {"slicesCreated", std::to_string(created.size() + (slices.empty() && keepOneEmpty ? 1 : 0))},
                    {"slicesUpdated", std::to_string(updates)}, {"slicesDeleted", std::to_string(deletes)}});
    keptEmpty = false;
    for (std::size_t i = 0; i < slices.size(); ++i) {
        Json &slice = slices[i];
        if (slice["endpoints"].empty() && !(keepOneEmpty && !keptEmpty)) {
            auto removed = m_client.remove(slicesResource(), ns, textAt(slice, "metadata.name"));
            failed = failed || (!removed.ok() && removed.status().code() != StatusCode::NotFound);
            continue;
        }
        keptEmpty = keptEmpty || slice["endpoints"].empty();
        if (changed[i]) {
            failed = failed || !m_client.update(slicesResource(), slice).ok();
        }
    }
    if (slices.empty() && keepOneEmpty) {
        Json ports = Json::array();
        created.push_back({{"apiVersion", "discovery.k8s.io/v1"}, {"kind", "EndpointSlice"},
                           {"metadata", {{"generateName", name + "-"}, {"namespace", ns}, {"labels", labels},
                                         {"ownerReferences", Json::array({controllerReferenceTo(service)})}}},
                           {"addressType", "IPv4"}, {"ports", ports}, {"endpoints", Json::array()}});
    }
    for (const Json &slice : created)
        failed = failed || !m_client.create(slicesResource(), ns, slice).ok();
    if (failed)
        m_queue.addRateLimited(key);
    else
        m_queue.forget(key);
}

} // namespace k8slab::controllers
