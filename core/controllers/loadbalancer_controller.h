#pragma once

#include "core/apiserver/event_recorder.h"
#include "core/client/client.h"
#include "core/client/informer_factory.h"
#include "core/client/work_queue.h"

#include <cstdint>
#include <optional>
#include <string>

namespace k8slab::controllers {

/// The lab's cloud: the service controller of kube-controller-manager with a
/// MetalLB-like provider. A Service of type LoadBalancer (without a
/// loadBalancerClass) gets an address from the lab's pool — spec.loadBalancerIP when
/// it asks for a free one in the pool — in status.loadBalancer.ingress (ipMode VIP),
/// with the EnsuringLoadBalancer/EnsuredLoadBalancer events upstream's controller
/// writes; the address goes back to the pool when the Service goes or changes type.
class LoadBalancerController {
public:
    /// A pool of addresses: `first` and the `size - 1` after it (IPv4).
    struct Pool {
        std::uint32_t first = (172u << 24) | (18u << 16) | (255u << 8) | 200u; ///< 172.18.255.200
        std::uint32_t size = 50;
    };

    /// A controller acting through `client`, reading from the shared `informers`.
    LoadBalancerController(client::Client &client, client::InformerFactory &informers);
    LoadBalancerController(client::Client &client, client::InformerFactory &informers, Pool pool);

    /// Registers the handlers; the informers start with the controller manager.
    void start();

private:
    void sync(const std::string &key);

    client::Client &m_client;
    client::Informer &m_services;
    client::WorkQueue m_queue;
    apiserver::EventRecorder m_events;
    Pool m_pool;
};

/// "a.b.c.d" for an IPv4 address, and back (nullopt when malformed).
std::string formatIPv4(std::uint32_t address);
std::optional<std::uint32_t> parseIPv4(const std::string &text);

} // namespace k8slab::controllers
