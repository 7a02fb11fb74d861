// The packet tracer on iptables rules (the model of a node's kernel tables): a ClusterIP
// spreads over its endpoints with the statistic match's probabilities, NodePort traffic
// from outside is masqueraded, a Service without endpoints is rejected, and
// externalTrafficPolicy=Local drops on a node without a local endpoint and keeps the
// client's address on one with. Walks get longer with every Service in iptables mode;
// nftables' verdict maps and IPVS' hash do not (the course's iptables-vs-IPVS question).
#include "core/proxy/iptables_backend.h"
#include "core/proxy/ipvs_backend.h"
#include "core/proxy/nftables_backend.h"
#include "tests/core/proxy/proxy_test_support.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::proxy;
using namespace k8slab::proxy::test;

namespace {

Endpoint ep(const std::string &ip, const std::string &node)
{
    Endpoint e;
    e.ip = ip;
    e.port = 8080;
    e.nodeName = node;
    e.local = node == "worker-1";
    return e;
}

ServicePortState web(std::vector<Endpoint> endpoints, const std::string &name = "web", int index = 0)
{
    ServicePort p;
    p.ns = "default";
    p.name = name;
    p.portName = "http";
    p.clusterIP = "10.96." + std::to_string(index / 250) + "." + std::to_string(index % 250 + 10);
    p.port = 80;
    p.nodePort = 30080 + index;
    return {p, std::move(endpoints)};
}

Packet packet(PacketOrigin origin, const std::string &src, const std::string &dst, int port)
{
    return {origin, src, dst, port, "tcp"};
}

} // namespace

class TestPacketTracer : public QObject {
    Q_OBJECT

private slots:
    void clusterIPSpreadsEvenly()
    {
        IptablesBackend b(nodeConfig());
        QVERIFY(b.sync(mapOf({web({ep("10.244.1.3", "worker-1"), ep("10.244.2.4", "worker-2"), ep("10.244.3.5", "worker-3")})}),
                       {}, true)
                    .ok());
        engine::Random random(42);
        std::map<std::string, int> hits;
        const int draws = 6000;
        for (int i = 0; i < draws; ++i) {
            const PacketPath p = b.trace(packet(PacketOrigin::Pod, "10.244.1.77", "10.96.0.10", 80), random);
            QCOMPARE(p.verdict, "ACCEPT");
            QCOMPARE(p.delivered, "forwarded");
            QVERIFY(!p.masqueraded); // pod to ClusterIP: the source is kept
            ++hits[p.dnatTo];
        }
        QCOMPARE(hits.size(), std::size_t(3));
        for (const auto &[to, n] : hits)
            QVERIFY2(std::abs(double(n) / draws - 1.0 / 3) < 0.03, qPrintable(QString::fromStdString(to) + ": " + QString::number(n)));
    }

    void stepsShowTheWalk()
    {
        IptablesBackend b(nodeConfig());
        QVERIFY(b.sync(mapOf({web({ep("10.244.2.4", "worker-2")})}), {}, true).ok());
        engine::Random random(1);
        const PacketPath p = b.trace(packet(PacketOrigin::Pod, "10.244.1.77", "10.96.0.10", 80), random);
        std::vector<std::string> matched;
        for (const TraceStep &s : p.steps)
            if (s.matched)
                matched.push_back(s.hook + " " + s.table + " " + s.chain + ": " + s.effect);
        const std::vector<std::string> expected = {
            "PREROUTING nat PREROUTING: jump KUBE-SERVICES",
            "PREROUTING nat KUBE-SERVICES: jump KUBE-SVC-CDGGSHYLG3RE2FKL",
        };
        QCOMPARE(matched.at(0), expected.at(0));
        QCOMPARE(matched.at(1), expected.at(1));
        QVERIFY(matched.at(2).starts_with("PREROUTING nat KUBE-SVC-CDGGSHYLG3RE2FKL: jump KUBE-SEP-"));
        QVERIFY(matched.at(3).ends_with("DNAT to 10.244.2.4:8080"));
        QCOMPARE(p.finalDestination, "10.244.2.4");
        QCOMPARE(p.finalPort, 8080);
    }

    void nodePortFromOutsideIsMasqueraded()
    {
        IptablesBackend b(nodeConfig());
        QVERIFY(b.sync(mapOf({web({ep("10.244.2.4", "worker-2")})}), {}, true).ok());
        engine::Random random(3);
        const PacketPath p = b.trace(packet(PacketOrigin::Outside, "203.0.113.9", "192.168.0.2", 30080), random);
        QCOMPARE(p.verdict, "ACCEPT");
        QCOMPARE(p.dnatTo, "10.244.2.4:8080");
        QVERIFY(p.masqueraded);
        QCOMPARE(p.finalSource, "192.168.0.2");
    }

    void noEndpointsIsRejected()
    {
        IptablesBackend b(nodeConfig());
        QVERIFY(b.sync(mapOf({web({})}), {}, true).ok());
        engine::Random random(3);
        QCOMPARE(b.trace(packet(PacketOrigin::Pod, "10.244.1.77", "10.96.0.10", 80), random).verdict, "REJECT");
        QCOMPARE(b.trace(packet(PacketOrigin::Outside, "203.0.113.9", "192.168.0.2", 30080), random).verdict, "REJECT");
        QCOMPARE(b.trace(packet(PacketOrigin::Node, "192.168.0.2", "10.96.0.10", 80), random).verdict, "REJECT");
    }

    void externalTrafficPolicyLocal()
    {
        ServicePortState s = web({ep("10.244.1.3", "worker-1")});
        s.port.externalPolicyLocal = true;
        // worker-2 has no local endpoint: traffic from outside is dropped there.
        IptablesBackend remote(nodeConfig("worker-2", "192.168.0.3"));
        ServicePortState onRemote = s;
        onRemote.endpoints[0].local = false;
        QVERIFY(remote.sync(mapOf({onRemote}), {}, true).ok());
        engine::Random random(5);
        QCOMPARE(remote.trace(packet(PacketOrigin::Outside, "203.0.113.9", "192.168.0.3", 30080), random).verdict, "DROP");
        // A pod on that node still reaches the service through the NodePort (short-circuit).
        QCOMPARE(remote.trace(packet(PacketOrigin::Pod, "10.244.2.9", "192.168.0.3", 30080), random).verdict, "ACCEPT");
        // worker-1 has it: accepted, and the client's address is kept.
        IptablesBackend local(nodeConfig());
        QVERIFY(local.sync(mapOf({s}), {}, true).ok());
        const PacketPath p = local.trace(packet(PacketOrigin::Outside, "203.0.113.9", "192.168.0.2", 30080), random);
        QCOMPARE(p.verdict, "ACCEPT");
        QVERIFY(!p.masqueraded);
        QCOMPARE(p.finalSource, "203.0.113.9");
        QCOMPARE(p.dnatTo, "10.244.1.3:8080");
    }

    void sessionAffinitySticks()
    {
        ServicePortState s = web({ep("10.244.1.3", "worker-1"), ep("10.244.2.4", "worker-2"), ep("10.244.3.5", "worker-3")});
        s.port.stickySeconds = 10800;
        IptablesBackend b(nodeConfig());
        QVERIFY(b.sync(mapOf({s}), {}, true).ok());
        engine::Random random(9);
        const std::string first = b.trace(packet(PacketOrigin::Pod, "10.244.1.77", "10.96.0.10", 80), random).dnatTo;
        for (int i = 0; i < 50; ++i)
            QCOMPARE(b.trace(packet(PacketOrigin::Pod, "10.244.1.77", "10.96.0.10", 80), random).dnatTo, first);
    }

    void walkLengthAgainstServiceCount()
    {
        // iptables tries KUBE-SERVICES rule by rule; nftables and IPVS look the VIP up.
        const auto build = [](int services) {
            std::vector<ServicePortState> states;
            for (int i = 0; i < services; ++i)
                states.push_back(web({ep("10.245." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1), "worker-2")},
                                     "svc" + std::to_string(1000 + i), i));
            return mapOf(states);
        };
        std::map<std::string, std::vector<int>> evaluated;
        for (int n : {10, 200}) {
            const ServiceMap m = build(n);
            // The service sorted last in KUBE-SERVICES: the worst case for iptables.
            const std::string last = std::prev(m.end())->second.port.clusterIP;
            for (ProxyMode mode : {ProxyMode::IPTables, ProxyMode::NFTables, ProxyMode::IPVS}) {
                std::unique_ptr<ProxyBackend> b = makeBackend(mode, nodeConfig());
                QVERIFY(b->sync(m, {}, true).ok());
                engine::Random random(1);
                const PacketPath p = b->trace(packet(PacketOrigin::Pod, "10.244.1.77", last, 80), random);
                QCOMPARE(p.verdict, "ACCEPT");
                evaluated[modeName(mode)].push_back(p.rulesEvaluated);
            }
        }
        QVERIFY(evaluated["iptables"][1] > evaluated["iptables"][0] + 150);
        QCOMPARE(evaluated["nftables"][1], evaluated["nftables"][0]);
        QCOMPARE(evaluated["ipvs"][1], evaluated["ipvs"][0]);
    }

    void badPacketIsAnError()
    {
        IptablesBackend b(nodeConfig());
        engine::Random random(1);
        QVERIFY(!b.trace(packet(PacketOrigin::Pod, "not-an-ip", "10.96.0.10", 80), random).error.empty());
        QVERIFY(!b.trace(packet(PacketOrigin::Pod, "10.244.1.1", "10.96.0.10", 0), random).error.empty());
    }
};

QTEST_GUILESS_MAIN(TestPacketTracer)
#include "tst_packet_tracer.moc"
